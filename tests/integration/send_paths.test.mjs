// Every send endpoint of the API (docs/behaviour.md §2.1): each one's own rules, then the
// same message and lifecycle as POST /v2/messages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertError, SMS, advance } from './lib/server.mjs';

let s;
before(async () => {
  s = await start();
  const p = await s.request('PUT', '/_mock/messaging_profiles/pool-1', { key: null, body: {} });
  assert.equal(p.status, 200, p.text);
});
after(async () => { await s.stop(); });

const post = (path, body) => s.request('POST', `/v2/messages/${path}`, { body });
const now = async () => Date.parse((await s.request('GET', '/_mock/clock', { key: null })).json.now);

test('long_code: from is a +E.164 number', async () => {
  const r = await post('long_code', SMS);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.data.from.phone_number, SMS.from);
  assert.equal(r.json.data.to[0].status, 'queued');
  // The same message as any other: GET finds it, the lifecycle moves it.
  await advance(s, '3s');
  assert.equal((await s.request('GET', `/v2/messages/${r.json.data.id}`)).json.data.to[0].status, 'delivered');
  assertError(await post('long_code', { to: SMS.to, text: 'x' }), 400, '10004', '/from');
  assertError(await post('long_code', { ...SMS, from: '12345' }), 400, '10016', '/from');
  assertError(await post('long_code', { ...SMS, from: 'MyShop' }), 400, '10016', '/from');
});

test('short_code: from is a 5 or 6 digit short code', async () => {
  const r = await post('short_code', { ...SMS, from: '12345' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.data.from.phone_number, '12345');
  assertError(await post('short_code', { to: SMS.to, text: 'x' }), 400, '10004', '/from');
  assertError(await post('short_code', SMS), 400, '10015', '/from');
});

const POOL = { long_code_weight: 1, toll_free_weight: 1, skip_unhealthy: false };
const assign = (number, profile) =>
  s.request('PATCH', `/v2/phone_numbers/${encodeURIComponent(number)}/messaging`, { body: { messaging_profile_id: profile } });

test('number_pool: the profile\'s numbers send in turn; messaging_profile_id required, from ignored', async () => {
  const p = await s.request('POST', '/v2/messaging_profiles', { body: { name: 'rr', whitelisted_destinations: ['US'], number_pool_settings: POOL } });
  assert.equal(p.status, 200, p.text);
  const id = p.json.data.id;
  // A pool with no numbers cannot send.
  assertError(await post('number_pool', { to: SMS.to, text: 'x', messaging_profile_id: id }), 400, '10015', '/messaging_profile_id');
  for (const n of ['+13125550102', '+13125550101']) assert.equal((await assign(n, id)).status, 200);
  const senders = [];
  for (let i = 0; i < 3; i++) {
    const r = await post('number_pool', { to: SMS.to, text: 'pool', messaging_profile_id: id, from: '+18445550001' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.messaging_profile_id, id);
    senders.push(r.json.data.from.phone_number);
  }
  // Not sticky: round the sorted pool; the body's from is not this endpoint's field.
  assert.deepEqual(senders, ['+13125550101', '+13125550102', '+13125550101']);
  assertError(await post('number_pool', { to: SMS.to, text: 'x' }), 400, '10004', '/messaging_profile_id');
  assertError(await post('number_pool', { to: SMS.to, text: 'x', messaging_profile_id: 'ghost' }), 400, '10015', '/messaging_profile_id');
});

test('number_pool: sticky_sender keeps a recipient\'s sender; a weight of 0 leaves a kind out', async () => {
  const p = await s.request('POST', '/v2/messaging_profiles', {
    body: { name: 'sticky', whitelisted_destinations: ['US'], number_pool_settings: { ...POOL, sticky_sender: true, toll_free_weight: 0 } },
  });
  const id = p.json.data.id;
  for (const n of ['+13125550201', '+13125550202', '+18005550203']) assert.equal((await assign(n, id)).status, 200);
  const send = async (to) => (await post('number_pool', { to, text: 'hi', messaging_profile_id: id })).json.data.from.phone_number;
  const first = await send('+13125559001');
  const other = await send('+13125559002');
  assert.notEqual(first, other, 'a new recipient takes the next number');
  assert.equal(await send('+13125559001'), first, 'sticky');
  assert.equal(await send('+13125559001'), first, 'sticky');
  for (const n of [first, other]) assert.notEqual(n, '+18005550203', 'toll-free weight 0');
  // A profile without number_pool_settings has no pool.
  const plain = await s.request('POST', '/v2/messaging_profiles', { body: { name: 'plain', whitelisted_destinations: ['US'] } });
  assertError(await post('number_pool', { to: SMS.to, text: 'x', messaging_profile_id: plain.json.data.id }), 400, '10015', '/messaging_profile_id');
  // POST /v2/messages with a profile and no from uses the same pool.
  const r = await s.request('POST', '/v2/messages', { body: { to: '+13125559001', text: 'x', messaging_profile_id: id } });
  assert.equal(r.json.data.from.phone_number, first);
});

test('alphanumeric_sender_id: from, text and messaging_profile_id required; SMS only', async () => {
  const body = { from: 'MyShop', to: SMS.to, text: 'Your code is 1234', messaging_profile_id: 'pool-1' };
  const r = await post('alphanumeric_sender_id', body);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.data.from.phone_number, 'MyShop');
  assert.equal(r.json.data.type, 'SMS');
  for (const field of ['from', 'text', 'messaging_profile_id']) {
    const { [field]: _, ...without } = body;
    assertError(await post('alphanumeric_sender_id', without), 400, '10004', `/${field}`);
  }
  assertError(await post('alphanumeric_sender_id', { ...body, from: '+18445550001' }), 400, '10015', '/from');
  assertError(await post('alphanumeric_sender_id', { ...body, media_urls: ['https://example.com/a.png'] }), 400, '10015', '/media_urls');
});

test('schedule: send_at required, 5 minutes to 5 days ahead on the virtual clock', async () => {
  const t = await now();
  const at = (ms) => new Date(t + ms).toISOString();
  assertError(await post('schedule', SMS), 400, '10004', '/send_at');
  const r = await post('schedule', { ...SMS, send_at: at(5 * 60000) });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.data.to[0].status, 'scheduled');
  assert.equal((await post('schedule', { ...SMS, send_at: at(5 * 86400000) })).status, 200);
  assertError(await post('schedule', { ...SMS, send_at: at(5 * 60000 - 1000) }), 400, '10015', '/send_at');
  assertError(await post('schedule', { ...SMS, send_at: at(5 * 86400000 + 1000) }), 400, '10015', '/send_at');
  assertError(await post('schedule', { ...SMS, send_at: at(-60000) }), 400, '10015', '/send_at');
  // POST /v2/messages takes send_at with the same window.
  assertError(await s.request('POST', '/v2/messages', { body: { ...SMS, send_at: at(60000) } }), 400, '10015', '/send_at');
  // Scheduled, then the usual steps from send_at.
  await advance(s, '5m');
  await advance(s, '1s');
  assert.equal((await s.request('GET', `/v2/messages/${r.json.data.id}`)).json.data.to[0].status, 'sent');
});

test('GET on a send path is not a message id', async () => {
  assertError(await s.request('GET', '/v2/messages/long_code'), 404, '10005');
  const r = await s.request('PUT', '/v2/messages/schedule', { body: SMS });
  assertError(r, 405, '10015');
  assert.equal(r.headers.allow, 'POST, GET, DELETE'); // the table's order
});

test('DELETE /v2/messages/{id} cancels a scheduled message; too late, twice or not scheduled is 403', async () => {
  const { startSink } = await import('./lib/sink.mjs');
  const sink = await startSink();
  try {
    const t = await now();
    const r = await post('schedule', { ...SMS, send_at: new Date(t + 10 * 60000).toISOString(), webhook_url: `${sink.base}/ok/cancel` });
    assert.equal(r.status, 200, r.text);
    const id = r.json.data.id;
    const c = await s.request('DELETE', `/v2/messages/${id}`);
    assert.equal(c.status, 200, c.text);
    // upstream: the bare message, not wrapped in data.
    assert.equal(c.json.data, undefined);
    assert.equal(c.json.id, id);
    assert.equal(c.json.to[0].status, 'cancelled');
    assert.deepEqual(c.json.cost, { amount: '0.0000', currency: 'USD' });
    assert.equal(c.json.sent_at, null);
    // It stays cancelled past its send_at, and no webhook is ever sent for it.
    await advance(s, '20m');
    const g = await s.request('GET', `/v2/messages/${id}`);
    assert.equal(g.json.data.to[0].status, 'cancelled');
    const log = await s.request('GET', `/_mock/webhooks?message_id=${id}&wait=1`, { key: null });
    assert.deepEqual(log.json.data, []);
    assert.equal(sink.received.filter((x) => x.json?.data?.payload?.id === id).length, 0);
    assertError(await s.request('DELETE', `/v2/messages/${id}`), 403, '10015');
  } finally {
    await sink.close();
  }
  // Within a minute of send_at: too late.
  const t = await now();
  const soon = await post('schedule', { ...SMS, send_at: new Date(t + 5 * 60000).toISOString() });
  await advance(s, '4m');
  assertError(await s.request('DELETE', `/v2/messages/${soon.json.data.id}`), 403, '10015');
  await advance(s, '2m');
  assertError(await s.request('DELETE', `/v2/messages/${soon.json.data.id}`), 403, '10015');
  // Not scheduled at all, unknown, another tenant's.
  const plain = await s.request('POST', '/v2/messages', { body: SMS });
  assertError(await s.request('DELETE', `/v2/messages/${plain.json.data.id}`), 403, '10015');
  assertError(await s.request('DELETE', '/v2/messages/5a7c6e2e-0000-4000-8000-000000000000'), 404, '10005');
  const later = await post('schedule', { ...SMS, send_at: new Date(t + 3 * 86400000).toISOString() });
  assertError(await s.request('DELETE', `/v2/messages/${later.json.data.id}`, { key: 'someone-else' }), 404, '10005');
});
