// docs/inspector.md: the inspector's files and the OpenAPI document, served by the binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start, send, advance, SMS } from './lib/server.mjs';

const root = new URL('../../', import.meta.url).pathname;
const raw = (s, path, headers = {}) => s.request('GET', path, { key: null, checkJson: false, headers });
const basic = (user, pass) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

test('the inspector at / and /_mock/ui/, its files, and the OpenAPI document', async () => {
  const s = await start();
  try {
    for (const path of ['/', '/_mock/ui', '/_mock/ui/']) {
      const r = await raw(s, path);
      assert.equal(r.status, 200, path);
      assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(r.text, readFileSync(`${root}server/ui/index.html`, 'utf8'));
      assert.match(r.headers['content-security-policy'], /default-src 'self'/);
      assert.equal(r.headers['cache-control'], 'no-cache');
      assert.equal(r.headers['content-length'], String(Buffer.byteLength(r.text)));
    }
    for (const [file, type] of [['app.js', 'text/javascript; charset=utf-8'], ['style.css', 'text/css; charset=utf-8'], ['icon.svg', 'image/svg+xml']]) {
      const r = await raw(s, `/_mock/ui/${file}`);
      assert.equal(r.status, 200, file);
      assert.equal(r.headers['content-type'], type);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.text, readFileSync(`${root}server/ui/${file}`, 'utf8'));
      assert.equal(r.headers['content-security-policy'], undefined);
    }
    let r = await raw(s, '/_mock/openapi.yaml');
    assert.equal(r.headers['content-type'], 'application/yaml; charset=utf-8');
    assert.equal(r.text, readFileSync(`${root}schema/openapi.yaml`, 'utf8'));
    r = await raw(s, '/_mock/openapi.json');
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(r.text, readFileSync(`${root}schema/openapi.json`, 'utf8'));
    assert.ok(JSON.parse(r.text).paths['/_mock/openapi.json']);
    // Unknown files, and the document under the inspector's path, are the usual 404.
    for (const path of ['/_mock/ui/nope.js', '/_mock/ui/openapi.yaml', '/_mock/ui/..%2Fstore.c', '/index.html']) {
      r = await s.request('GET', path, { key: null });
      assert.equal(r.status, 404, path);
      assert.equal(r.json.errors[0].code, '10005');
    }
  } finally {
    await s.stop();
  }
});

test('--no-ui: / and /_mock/ui/ are 404 again; the OpenAPI document stays', async () => {
  const s = await start(['--no-ui']);
  try {
    for (const path of ['/', '/_mock/ui/', '/_mock/ui/app.js']) assert.equal((await s.request('GET', path, { key: null })).status, 404, path);
    assert.equal((await raw(s, '/_mock/openapi.json')).status, 200);
  } finally {
    await s.stop();
  }
  const env = await start([], { env: { MDRMOCK_UI: 'false' } });
  try {
    assert.equal((await env.request('GET', '/', { key: null })).status, 404);
  } finally {
    await env.stop();
  }
});

test('--admin-token guards the inspector: a browser is asked for the token as a password', async () => {
  const s = await start(['--admin-token', 's3cret']);
  try {
    let r = await s.request('GET', '/', { key: null });
    assert.equal(r.status, 401);
    assert.equal(r.headers['www-authenticate'], 'Basic realm="mdrmock", charset="UTF-8"');
    r = await s.request('GET', '/_mock/ui/app.js', { key: null, headers: { authorization: basic('me', 'wrong') } });
    assert.equal(r.status, 401);
    assert.equal((await raw(s, '/', { authorization: basic('me', 's3cret') })).status, 200);
    assert.equal((await raw(s, '/_mock/ui/app.js', { authorization: basic('', 's3cret') })).status, 200);
    assert.equal((await raw(s, '/', { authorization: 'Bearer s3cret' })).status, 200);
    // The control API takes the browser's Basic credentials too (the page's own calls)...
    r = await s.request('GET', '/_mock/clock', { key: null, headers: { authorization: basic('me', 's3cret') } });
    assert.equal(r.status, 200);
    // ...but its 401 asks nothing: a client that is not a browser gets no prompt header.
    r = await s.request('GET', '/_mock/clock', { key: null });
    assert.equal(r.status, 401);
    assert.equal(r.headers['www-authenticate'], undefined);
    for (const bad of ['Basic !!!', 'Basic ' + Buffer.from('no-colon-s3cret').toString('base64'), basic('me', 's3cretX'), basic('me', 's3cre')]) {
      assert.equal((await s.request('GET', '/_mock/clock', { key: null, headers: { authorization: bad } })).status, 401, bad);
    }
  } finally {
    await s.stop();
  }
});

test('the control calls the inspector reads: one message with its timeline, number/peer/text filters, one fault deleted', async () => {
  const s = await start(['--clock', 'frozen']);
  try {
    const m = await send(s, { ...SMS, text: 'Hello Filter' }, 'key-a');
    const other = await send(s, { ...SMS, to: '+18665550099', text: 'elsewhere' }, 'key-a');
    let r = await s.request('GET', `/_mock/messages/${m.id}`, { key: null });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.meta.timeline.map((t) => t.status), ['queued']);
    assert.match(r.json.meta.tenant, /^t_[0-9a-f]{16}$/);
    await s.request('POST', '/_mock/clock', { key: null, body: { advance: '1d' } });
    r = await s.request('GET', `/_mock/messages/${m.id}`, { key: null });
    assert.deepEqual(r.json.meta.timeline.map((t) => t.status), ['queued', 'sending', 'sent', 'delivered']);
    const times = r.json.meta.timeline.map((t) => Date.parse(t.at));
    assert.deepEqual([...times].sort((a, b) => a - b), times);
    assert.equal(r.json.meta.timeline[3].at.slice(0, 19), r.json.data.completed_at.slice(0, 19));
    // data is what GET /v2/messages/{id} answers its tenant.
    assert.deepEqual({ data: r.json.data }, (await s.request('GET', `/v2/messages/${m.id}`, { key: 'key-a' })).json);
    r = await s.request('GET', '/_mock/messages/5a7c6e2e-0000-4000-8000-000000000000', { key: null });
    assert.equal(r.status, 404);
    // Filters: a number on either side, a conversation, a case-insensitive substring.
    const ids = async (q) => (await s.request('GET', `/_mock/messages?${q}`, { key: null })).json.data.map((x) => x.id);
    assert.deepEqual(await ids('number=%2B18665550099'), [other.id]);
    assert.ok((await ids(`number=${encodeURIComponent(SMS.from)}`)).includes(other.id));
    assert.ok(!(await ids(`number=${encodeURIComponent(SMS.from)}&peer=${encodeURIComponent(SMS.to)}`)).includes(other.id));
    assert.ok((await ids(`number=${encodeURIComponent(SMS.to)}&peer=${encodeURIComponent(SMS.from)}`)).includes(m.id));
    assert.deepEqual(await ids('text=hello%20filter'), [m.id]);
    assert.deepEqual(await ids('text=nothing-like-it'), []);
    // One fault forgotten by id; the others stay.
    const f1 = (await s.request('POST', '/_mock/faults', { key: null, body: { path: '/v2/messages', status: 503 } })).json.data;
    const f2 = (await s.request('POST', '/_mock/faults', { key: null, body: { path: '/v2/nothing', status: 500 } })).json.data;
    r = await s.request('DELETE', `/_mock/faults/${f1.id}`, { key: null });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.data.map((f) => f.id), [f2.id]);
    for (const bad of [String(f1.id), '0', 'x', '1x', '99999999999']) assert.equal((await s.request('DELETE', `/_mock/faults/${bad}`, { key: null })).status, 404, bad);
    assert.equal((await s.request('POST', '/v2/messages', { body: SMS })).status, 200);
  } finally {
    await s.stop();
  }
});

test('GET /_mock/reports: every tenant\'s reports of all four kinds, newest first, each as its API shows it, with its link', async () => {
  const s = await start(['--clock', 'frozen']);
  try {
    await send(s, SMS, 'key-a');
    const v1 = (await s.request('POST', '/reporting/mdr_requests', { key: 'key-a', body: { start_time: '2026-01-01T00:00:00Z', report_name: 'first' } })).json;
    await advance(s, '1s');
    const v2 = (await s.request('POST', '/v2/legacy/reporting/batch_detail_records/messaging', { key: 'key-b', body: { start_time: '2026-01-01T00:00:00Z', end_time: '2026-02-01T00:00:00Z' } })).json.data;
    await advance(s, '1s');
    const usage = (await s.request('POST', '/v2/reports/mdr_usage_reports', { key: 'key-a', body: { start_date: '2026-01-01T00:00:00Z', end_date: '2026-02-01T00:00:00Z', aggregation_type: 'NO_AGGREGATION' } })).json.data;
    await advance(s, '1s');
    const legacy = (await s.request('POST', '/v2/legacy/reporting/usage_reports/messaging', { key: 'key-b', body: { start_time: '2026-01-01T00:00:00Z', end_time: '2026-02-01T00:00:00Z', aggregation_type: 0 } })).json.data;
    let r = await s.request('GET', '/_mock/reports', { key: null });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.data.map((x) => [x.id, x.kind]), [[legacy.id, 'legacy_usage_report'], [usage.id, 'usage_report'], [v2.id, 'batch_mdr_report'], [v1.id, 'mdr_request']]);
    // Each completes 5 s (virtual) after its creation.
    assert.deepEqual(r.json.data.map((x) => x.status), ['pending', 'pending', 'pending', 'pending']);
    await advance(s, '5s');
    r = await s.request('GET', '/_mock/reports', { key: null });
    assert.deepEqual(r.json.data.map((x) => x.status), ['complete', 'complete', 'complete', 'complete']);
    const byId = Object.fromEntries(r.json.data.map((x) => [x.id, x]));
    // Each report is what the API answers its tenant at path.
    const v1Now = (await s.request('GET', byId[v1.id].path, { key: 'key-a' })).json;
    assert.equal(byId[v1.id].path, `/reporting/mdr_requests/${v1.id}`);
    assert.deepEqual(byId[v1.id].report, v1Now);
    assert.equal(byId[v1.id].name, 'first');
    assert.equal(byId[v1.id].download_url, v1Now.report_url);
    assert.deepEqual(byId[v2.id].report, (await s.request('GET', byId[v2.id].path, { key: 'key-b' })).json.data);
    const { result, report_url: usageUrl, ...usageNow } = (await s.request('GET', byId[usage.id].path, { key: 'key-a' })).json.data;
    assert.ok(result, 'the API shows the rows');
    assert.deepEqual(byId[usage.id].report, usageNow, 'the same report, without its rows');
    assert.equal(byId[usage.id].download_url, usageUrl);
    assert.equal(byId[legacy.id].path, `/v2/legacy/reporting/usage_reports/messaging/${legacy.id}`);
    // The link downloads the file.
    const dl = await s.request('GET', new URL(byId[v1.id].download_url).pathname + new URL(byId[v1.id].download_url).search, { key: null, checkJson: false });
    assert.equal(dl.status, 200);
    assert.match(dl.text, /^"Unique Mdr ID",/);
    // tenant= keeps one tenant's; limit= the newest; a bad limit is 400.
    r = await s.request('GET', '/_mock/reports?tenant=key-a', { key: null });
    assert.deepEqual(r.json.data.map((x) => x.id), [usage.id, v1.id]);
    assert.ok(r.json.data.every((x) => x.tenant === r.json.data[0].tenant));
    r = await s.request('GET', '/_mock/reports?limit=1', { key: null });
    assert.deepEqual(r.json.data.map((x) => x.id), [legacy.id]);
    assert.equal((await s.request('GET', '/_mock/reports?limit=0', { key: null })).status, 400);
    assert.equal((await s.request('GET', '/_mock/reports?limit=1001', { key: null })).status, 400);
    // A deleted report leaves the list; a failed one says so.
    await s.request('DELETE', `/reporting/mdr_requests/${v1.id}`, { key: 'key-a' });
    await s.request('POST', '/_mock/faults', { key: null, body: { next_report: true } });
    const bad = (await s.request('POST', '/reporting/mdr_requests', { key: 'key-a', body: { start_time: '2026-01-01T00:00:00Z' } })).json;
    await advance(s, '5s'); // a failed report fails when it would have completed
    r = await s.request('GET', '/_mock/reports?tenant=key-a', { key: null });
    assert.deepEqual(r.json.data.map((x) => [x.id, x.status, x.download_url]), [[bad.id, 'failed', null], [usage.id, 'complete', byId[usage.id].download_url]]);
  } finally {
    await s.stop();
  }
});
