// The error rows of docs/behaviour.md §1.3 and the validation of docs/behaviour.md §2.1, against the real binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertError, SMS } from './lib/server.mjs';

let s;
before(async () => { s = await start(['--max-body', '4k']); });
after(async () => { await s.stop(); });

test('401 without credentials, with an empty or malformed Authorization', async () => {
  assertError(await s.request('POST', '/v2/messages', { body: SMS, key: null }), 401, '10009');
  assertError(await s.request('GET', '/v2/messages/x', { key: null, headers: { authorization: 'Bearer ' } }), 401, '10009');
  assertError(await s.request('GET', '/v2/messages/x', { key: null, headers: { authorization: 'Basic dTpw' } }), 401, '10009');
  // v2 takes only Bearer (docs/behaviour.md §1.2); the v1 header pair is not enough.
  assertError(await s.request('GET', '/v2/messages/x', { key: null, headers: { 'x-api-token': 't' } }), 401, '10009');
});

test('a 401 carries no Allow, even where the path answers other methods too', async () => {
  // GET comes before DELETE in the route table for this path; only a 405 has an Allow.
  const r = await s.request('DELETE', '/reporting/mdr_requests/5a7c6e2e-0000-4000-8000-000000000000', { key: null });
  assertError(r, 401, '10009');
  assert.equal(r.headers.allow, undefined);
  const ok = await s.request('DELETE', '/reporting/mdr_requests/5a7c6e2e-0000-4000-8000-000000000000');
  assertError(ok, 404, '10005');
  assert.equal(ok.headers.allow, undefined);
});

test('404 for an unknown path and an unknown id', async () => {
  assertError(await s.request('GET', '/v2/nothing'), 404, '10005');
  assertError(await s.request('GET', '/index.html'), 404, '10005'); // (/ is the inspector: docs/inspector.md)
  assertError(await s.request('GET', '/v2/messages/5a7c6e2e-0000-4000-8000-000000000000'), 404, '10005');
  assertError(await s.request('GET', '/v2/messages/not-a-uuid'), 404, '10005');
  assertError(await s.request('GET', '/v2/messages/a/b'), 404, '10005');
});

test('405 with Allow for a known path and another method', async () => {
  let r = await s.request('DELETE', '/v2/messages');
  assertError(r, 405, '10015');
  assert.equal(r.headers.allow, 'POST');
  r = await s.request('PUT', `/v2/messages/834f3d53-8a3c-4aa0-a733-7f2d682a72df`, { body: {} });
  assertError(r, 405, '10015');
  assert.equal(r.headers.allow, 'GET, DELETE');
  r = await s.request('DELETE', '/_mock/clock', { key: null });
  assertError(r, 405, '10015');
  assert.equal(r.headers.allow, 'GET, POST');
});

test('413 for a body over --max-body, before it is read whole', async () => {
  const big = { ...SMS, text: 'x'.repeat(5000) };
  assertError(await s.request('POST', '/v2/messages', { body: big }), 413, '10015');
  // Just under the limit is fine (the padding is an unknown field, ignored).
  const ok = await s.request('POST', '/v2/messages', { body: { ...SMS, text: 'y'.repeat(1530), pad: 'z'.repeat(2300) } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.data.parts, 10);
});

test('415 for a body that is not application/json', async () => {
  // upstream: 10014 Unsupported Media Type.
  assertError(await s.request('POST', '/v2/messages', { body: JSON.stringify(SMS), headers: { 'content-type': 'text/plain' } }), 415, '10014');
  assertError(await s.request('POST', '/v2/messages', { body: 'to=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, '10014');
  // A charset parameter is fine.
  const r = await s.request('POST', '/v2/messages', { body: JSON.stringify(SMS), headers: { 'content-type': 'application/json; charset=utf-8' } });
  assert.equal(r.status, 200, r.text);
});

test('400 for malformed JSON (10023) and JSON that is not an object (10015)', async () => {
  // Text that is not JSON is Telnyx's 10023 Invalid JSON.
  for (const body of ['{', '{"to":', '{"to":"+18665550002",}', '{"a":1}{"b":2}', 'to=1']) {
    assertError(await s.request('POST', '/v2/messages', { body }), 400, '10023', '');
  }
  assertError(await s.request('POST', '/v2/messages', { body: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]) }), 400, '10023', '');
  // JSON, but not what the endpoint takes: a bad request.
  for (const body of ['null', '[]', '"x"', '']) {
    assertError(await s.request('POST', '/v2/messages', { body }), 400, '10015', '');
  }
  assertError(await s.request('POST', '/v2/messages', { body: '{"to":"+18665550002","to":"+18665550003","from":"+18445550001","text":"a"}' }), 400, '10015');
});

test('400 with a pointer at the offending field', async () => {
  const cases = [
    [{ from: '+18445550001', text: 'a' }, '10004', '/to'],
    [{ ...SMS, to: 'not-a-number' }, '40310', '/to'],
    [{ ...SMS, to: ['+1'] }, '40310', '/to/0'],
    [{ ...SMS, to: 18665550002 }, '10015', '/to'],
    [{ to: SMS.to, text: 'a' }, '10004', '/from'],
    [{ ...SMS, from: '+1-844-555' }, '10016', '/from'],
    [{ ...SMS, from: 'TwelveChars!' }, '10016', '/from'],
    [{ from: SMS.from, to: SMS.to }, '10004', '/text'],
    [{ ...SMS, text: 5 }, '10015', '/text'],
    [{ ...SMS, type: 'RCS' }, '10015', '/type'],
    [{ ...SMS, encoding: 'gsm7', text: 'snow \u2603' }, '10015', '/encoding'],
    [{ ...SMS, media_urls: ['https://e.com/a.png', 'file:///etc/passwd'] }, '10015', '/media_urls/1'],
    [{ ...SMS, media_urls: 'https://e.com/a.png' }, '10015', '/media_urls'],
    [{ ...SMS, webhook_url: 'not a url' }, '10015', '/webhook_url'],
    [{ ...SMS, use_profile_webhooks: 'false' }, '10015', '/use_profile_webhooks'],
    [{ ...SMS, tags: ['a', 1] }, '10015', '/tags/1'],
    [{ ...SMS, send_at: 'soon' }, '10015', '/send_at'],
    [{ ...SMS, messaging_profile_id: 7 }, '10015', '/messaging_profile_id'],
    [{ ...SMS, to: ['+18665550002', '+18665550003'] }, '40310', '/to'],
    [{ ...SMS, to: [] }, '10015', '/to'],
  ];
  for (const [body, code, pointer] of cases) {
    const r = await s.request('POST', '/v2/messages', { body });
    assertError(r, 400, code, pointer);
  }
  // upstream: an opt-out is HTTP 409.
  assertError(await s.request('POST', '/v2/messages', { body: { ...SMS, to: '+18665550106' } }), 409, '40300', '/to');
});

test('409 from the opt-out scenario carries the upstream wording', async () => {
  const r = await s.request('POST', '/v2/messages', { body: { ...SMS, to: '+13125550106' } });
  const e = assertError(r, 409, '40300', '/to');
  assert.match(e.detail, /^Messages cannot be sent from '\+18445550001' to '\+13125550106' due to an existing block rule/);
});

test('every answer is JSON with an exact Content-Length, errors included', async () => {
  // A sample across the router's outcomes, each with its exact status and code.
  for (const [method, path, status, code] of [
    ['GET', '/_mock/health', 200, null],
    ['GET', '/nope', 404, '10005'],
    ['PATCH', '/v2/messages', 405, '10015'],
    ['GET', '/v2/messages/%zz', 400, '10015'],
  ]) {
    const r = await s.request(method, path);
    assert.equal(r.status, status, `${method} ${path}: ${r.text}`);
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(Number(r.headers['content-length']), Buffer.byteLength(r.text));
    if (code === null) assert.equal(r.json.status, 'ok');
    else assert.equal(r.json.errors[0].code, code);
  }
});

test('the gate answers an injected fault before it checks credentials (docs/behaviour.md §1.7)', async () => {
  const f = await s.request('POST', '/_mock/faults', { key: null, body: { method: 'GET', path: '/v2/messages/*', status: 503, count: 1 } });
  assert.equal(f.status, 200, f.text);
  // No credentials at all: the fault still answers, with its own status.
  assertError(await s.request('GET', '/v2/messages/834f3d53-8a3c-4aa0-a733-7f2d682a72df', { key: null }), 503, '10007');
  // Used up: now the missing credentials are what is wrong.
  assertError(await s.request('GET', '/v2/messages/834f3d53-8a3c-4aa0-a733-7f2d682a72df', { key: null }), 401, '10009');
  // Routing still comes first: an unknown path is a 404 even with a fault on everything.
  await s.request('POST', '/_mock/faults', { key: null, body: { path: '/v2/*', status: 500 } });
  assertError(await s.request('GET', '/v2/nothing/here', { key: null }), 404, '10005');
  await s.request('DELETE', '/_mock/faults', { key: null });
});

test('bad paths: percent tricks and very long paths', async () => {
  assertError(await s.request('GET', '/v2/messages/%00'), 400, '10015');
  assertError(await s.request('GET', '/v2/messages/%zz'), 400, '10015');
  let r = await s.request('GET', '/v2/messages/../messages');
  assertError(r, 400, '10015');
  r = await s.request('GET', '/v2/messages/' + 'a'.repeat(5000));
  assertError(r, 414, '10015');
  r = await s.request('GET', '/v2/messages/834f3d53-8a3c-4aa0-a733-7f2d682a72df%2Fx');
  assertError(r, 404, '10005');
});

test('bad query strings are 400 with the parameter named', async () => {
  const r = await s.request('POST', '/_mock/reset?tenant=', { key: null });
  assert.equal(r.status, 400, r.text);
  assert.deepEqual(r.json.errors[0].source, { parameter: 'tenant' });
});
