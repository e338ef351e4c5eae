// docs/behaviour.md §6: faults, the request journal, message listing and latest with
// its OTP, the admin token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start, SMS, send, assertError } from './lib/server.mjs';

const mock = (s, method, path, body, headers) => s.request(method, path, { body, key: null, headers });

test('faults: status and code, count, wildcard segment, method, Retry-After, list and clear', async () => {
  const s = await start();
  try {
    let r = await mock(s, 'POST', '/_mock/faults', { method: 'POST', path: '/v2/messages', status: 503, count: 2 });
    assert.equal(r.status, 200, r.text);
    const f = r.json.data;
    assert.equal(f.status, 503);
    assert.equal(f.code, '10007');
    assert.equal(f.count, 2);
    for (let i = 0; i < 2; i++) {
      r = await s.request('POST', '/v2/messages', { body: SMS });
      assertError(r, 503, '10007');
      assert.equal(r.headers['retry-after'], '1');
      assert.equal(r.json.errors[0].title, 'Service Unavailable');
    }
    assert.equal((await s.request('POST', '/v2/messages', { body: SMS })).status, 200, 'count used up');
    // A wildcard segment and a custom code; GET only.
    await mock(s, 'POST', '/_mock/faults', { method: 'GET', path: '/v2/messages/*', status: 429, code: '10011' });
    r = await s.request('GET', '/v2/messages/834f3d53-8a3c-4aa0-a733-7f2d682a72df');
    assertError(r, 429, '10011');
    assert.equal(r.headers['retry-after'], '1');
    assertError(await s.request('GET', '/v2/messages/anything-else'), 429, '10011');
    assert.equal((await s.request('POST', '/v2/messages', { body: SMS })).status, 200, 'other methods pass');
    // A fault never blocks the control API itself.
    assert.equal((await mock(s, 'GET', '/_mock/health')).status, 200);
    const list = (await mock(s, 'GET', '/_mock/faults')).json.data;
    assert.equal(list.length, 2, 'the spent POST fault stays listed');
    assert.deepEqual([list[0].path, list[0].count, list[0].hits], ['/v2/messages', 0, 2]);
    assert.equal(list[1].path, '/v2/messages/*');
    assert.equal(list[1].hits, 2);
    assert.equal(list[1].count, null);
    assert.deepEqual((await mock(s, 'DELETE', '/_mock/faults')).json.data, []);
    assert.equal((await s.request('GET', '/v2/messages/834f3d53-8a3c-4aa0-a733-7f2d682a72df')).status, 200);
    // Validation with pointers.
    assertError(await mock(s, 'POST', '/_mock/faults', { status: 500 }), 400, '10004', '/path');
    assertError(await mock(s, 'POST', '/_mock/faults', { path: 'v2', status: 500 }), 400, '10015', '/path');
    assertError(await mock(s, 'POST', '/_mock/faults', { path: '/v2/messages', status: 200 }), 400, '10015', '/status');
    assertError(await mock(s, 'POST', '/_mock/faults', { path: '/v2/messages', status: 500, method: 'FETCH' }), 400, '10015', '/method');
    assertError(await mock(s, 'POST', '/_mock/faults', { path: '/v2/messages', status: 500, probability: 0 }), 400, '10015', '/probability');
    assertError(await mock(s, 'POST', '/_mock/faults', { path: '/v2/messages', status: 500, count: 0 }), 400, '10015', '/count');
    assertError(await mock(s, 'POST', '/_mock/faults', { path: '/v2/messages' }), 400, '10004');
    // A full reset clears faults.
    await mock(s, 'POST', '/_mock/faults', { path: '/v2/messages', status: 500 });
    await mock(s, 'POST', '/_mock/reset');
    assert.equal((await s.request('POST', '/v2/messages', { body: SMS })).status, 200);
  } finally {
    await s.stop();
  }
});

test('faults: delay_ms alone delays and then answers normally; with a status it fails late', async () => {
  const s = await start();
  try {
    await mock(s, 'POST', '/_mock/faults', { path: '/v2/messages', method: 'POST', delay_ms: 300, count: 1 });
    let t0 = Date.now();
    const slow = s.request('POST', '/v2/messages', { body: SMS });
    // Other requests are answered meanwhile: the delay holds no thread.
    const other = await s.request('GET', '/v2/messages/834f3d53-8a3c-4aa0-a733-7f2d682a72df');
    assert.equal(other.status, 200);
    assert.ok(Date.now() - t0 < 250, 'not stuck behind the delayed request');
    const r = await slow;
    assert.equal(r.status, 200);
    assert.ok(Date.now() - t0 >= 280, `delayed ${Date.now() - t0} ms`);
    await mock(s, 'POST', '/_mock/faults', { path: '/v2/messages', status: 500, delay_ms: 200 });
    t0 = Date.now();
    assertError(await s.request('POST', '/v2/messages', { body: SMS }), 500, '10007');
    assert.ok(Date.now() - t0 >= 180);
  } finally {
    await s.stop();
  }
});

test('faults: probability draws from the seeded generator, so a --seed run repeats', async () => {
  const pattern = async () => {
    const s = await start(['--seed', '99']);
    try {
      await mock(s, 'POST', '/_mock/faults', { path: '/v2/messages/*', status: 500, probability: 0.5 });
      const out = [];
      for (let i = 0; i < 24; i++) out.push((await s.request('GET', '/v2/messages/834f3d53-8a3c-4aa0-a733-7f2d682a72df')).status);
      return out;
    } finally {
      await s.stop();
    }
  };
  const a = await pattern();
  const b = await pattern();
  assert.deepEqual(a, b);
  const fails = a.filter((x) => x === 500).length;
  assert.ok(fails > 3 && fails < 21, `about half fail: ${fails}/24`);
});

test('journal: bounded, oldest dropped and counted, control calls not journaled', async () => {
  const s = await start(['--journal-size', '3']);
  try {
    for (let i = 0; i < 5; i++) await s.request('GET', `/v2/messages/834f3d53-8a3c-4aa0-a733-7f2d682a72df?i=${i}`, { key: `k${i}` });
    await s.request('POST', '/v2/messages', { body: { to: 'x' }, key: 'k9' });
    const j = (await mock(s, 'GET', '/_mock/requests')).json;
    assert.deepEqual(j.meta, { size: 3, dropped: 3, total: 6 });
    assert.deepEqual(j.data.map((e) => [e.method, e.path, e.query, e.status]), [
      ['GET', '/v2/messages/834f3d53-8a3c-4aa0-a733-7f2d682a72df', 'i=3', 200],
      ['GET', '/v2/messages/834f3d53-8a3c-4aa0-a733-7f2d682a72df', 'i=4', 200],
      ['POST', '/v2/messages', null, 400],
    ]);
    // A tenant shows as a stable label, never as its API key.
    const labels = j.data.map((e) => e.tenant);
    assert.ok(labels.every((l) => /^t_[0-9a-f]{16}$/.test(l)), labels.join());
    assert.equal(new Set(labels).size, 3);
    assert.ok(!JSON.stringify(j).includes('"k3"') && !JSON.stringify(j).includes('"k9"'));
    assert.ok(j.data.every((e) => typeof e.latency_ms === 'number' && /Z$/.test(e.time)));
    assert.equal((await mock(s, 'GET', '/_mock/requests?limit=1')).json.data.length, 1);
    assertError(await mock(s, 'GET', '/_mock/requests?limit=0'), 400, '10015');
    await s.request('GET', '/v2/messages/x', { key: null });
    const last = (await mock(s, 'GET', '/_mock/requests?limit=1')).json.data[0];
    assert.equal(last.status, 401);
    assert.equal(last.tenant, null);
    // Control calls, matched or not, never enter it: the total stays at the 7 API calls.
    await mock(s, 'GET', '/_mock/health');
    await mock(s, 'GET', '/_mock/nothing');
    const again = (await mock(s, 'GET', '/_mock/requests')).json;
    assert.equal(again.meta.total, 7);
    assert.ok(again.data.every((e) => !e.path.startsWith('/_mock/')), JSON.stringify(again.data));
  } finally {
    await s.stop();
  }
});

test('GET /_mock/messages: across tenants, filters, paging', async () => {
  const s = await start();
  try {
    const a = await send(s, { ...SMS, to: '+18665550101' }, 'ta');
    const b = await send(s, { ...SMS, from: '+18445550009' }, 'tb');
    let r = await mock(s, 'GET', '/_mock/messages?per_page=250');
    const ids = r.json.data.map((m) => m.id);
    assert.equal(ids[0], b.id, 'newest first');
    assert.ok(ids.includes(a.id));
    assert.match(r.json.data[0].tenant, /^t_[0-9a-f]{16}$/);
    assert.notEqual(r.json.data[0].tenant, r.json.data.find((m) => m.id === a.id).tenant);
    assert.ok(!r.text.includes('"tb"'), 'the key is not printed');
    r = await mock(s, 'GET', '/_mock/messages?tenant=ta');
    assert.deepEqual(r.json.data.map((m) => m.id), [a.id]);
    r = await mock(s, 'GET', '/_mock/messages?from=%2B18445550009');
    assert.deepEqual(r.json.data.map((m) => m.id), [b.id]);
    await s.request('POST', '/_mock/clock', { body: { advance: '5s' }, key: null });
    r = await mock(s, 'GET', '/_mock/messages?status=delivery_failed');
    assert.deepEqual(r.json.data.map((m) => m.id), [a.id]);
    r = await mock(s, 'GET', '/_mock/messages?direction=outbound&per_page=1&page=2');
    assert.equal(r.json.data.length, 1);
    assert.equal(r.json.meta.total_results, 3); // a, b and the seed fixture
    assertError(await mock(s, 'GET', '/_mock/messages?status=lost'), 400, '10015');
    assertError(await mock(s, 'GET', '/_mock/messages?per_page=0'), 400, '10015');
  } finally {
    await s.stop();
  }
});

test('GET /_mock/messages/latest: the newest to a number with its OTP; waits for one', async () => {
  const s = await start();
  try {
    const to = '+15555550199';
    assertError(await mock(s, 'GET', `/_mock/messages/latest?to=${encodeURIComponent(to)}`), 404, '10005');
    await send(s, { ...SMS, to, text: 'Old code 1111' });
    await send(s, { ...SMS, to, text: 'Your code is 123456. Call 5551234567890 for help.' });
    let r = await mock(s, 'GET', `/_mock/messages/latest?to=${encodeURIComponent(to)}`);
    assert.equal(r.json.data.otp, '123456');
    assert.equal(r.json.data.to[0].phone_number, to);
    await send(s, { ...SMS, to, text: 'no digits here' });
    r = await mock(s, 'GET', `/_mock/messages/latest?to=${encodeURIComponent(to)}`);
    assert.equal(r.json.data.otp, null);
    // Waiting: a sender 300 ms later wakes it; no polling on the server side.
    const other = '+15555550198';
    const t0 = Date.now();
    const waiting = mock(s, 'GET', `/_mock/messages/latest?to=${encodeURIComponent(other)}&wait=10`);
    setTimeout(() => send(s, { ...SMS, to: other, text: 'code: 9876' }), 300);
    r = await waiting;
    assert.equal(r.status, 200);
    assert.equal(r.json.data.otp, '9876');
    const took = Date.now() - t0;
    assert.ok(took >= 250 && took < 3000, `took ${took}`);
    // Without a sender it answers 404 at the deadline.
    const t1 = Date.now();
    assertError(await mock(s, 'GET', '/_mock/messages/latest?to=%2B15555550111&wait=0.3'), 404, '10005');
    assert.ok(Date.now() - t1 >= 250);
    assertError(await mock(s, 'GET', '/_mock/messages/latest'), 400, '10004');
  } finally {
    await s.stop();
  }
});

test('--admin-token: /_mock/* needs it; the API does not', async () => {
  const s = await start(['--admin-token', 'sekret']);
  try {
    assertError(await mock(s, 'GET', '/_mock/health'), 401, '10009');
    assertError(await mock(s, 'GET', '/_mock/health', undefined, { authorization: 'Bearer wrong' }), 401, '10009');
    assert.equal((await mock(s, 'GET', '/_mock/health', undefined, { authorization: 'Bearer sekret' })).status, 200);
    assertError(await mock(s, 'POST', '/_mock/clock', { advance: '1s' }), 401, '10009');
    assert.equal((await send(s)).to[0].status, 'queued');
  } finally {
    await s.stop();
  }
  const open = await start();
  assert.equal((await mock(open, 'GET', '/_mock/health')).status, 200, 'off by default');
  await open.stop();
});
