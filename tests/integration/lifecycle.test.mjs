// docs/behaviour.md §2.2-2.3: the outbound lifecycle computed from a frozen virtual
// clock, each destination scenario, scheduling, the retrieval window.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, SMS, send, get, advance, assertError, SEED_ID, START } from './lib/server.mjs';

let s;
before(async () => { s = await start(); });
after(async () => { await s.stop(); });

const ms = (iso) => Date.parse(iso);
const status = (m) => m.to[0].status;

// Sends to `to`, then walks the clock through `steps` ([offset ms, status]) checking each.
async function walk(to, steps) {
  const m = await send(s, { ...SMS, to });
  const t0 = ms(m.received_at);
  const seen = [];
  for (const [offset, want] of steps) {
    const clock = await s.request('GET', '/_mock/clock', { key: null });
    const delta = t0 + offset - ms(clock.json.now);
    assert.ok(delta >= 0);
    await advance(s, `${delta}ms`);
    const r = await get(s, m.id);
    assert.equal(r.status, 200, r.text);
    assert.equal(status(r.json.data), want, `${to} at t0+${offset} ms`);
    seen.push(r.json.data);
  }
  return { sent: m, seen };
}

test('the send answer is queued, valid_until set, no cost, no sent_at', async () => {
  const m = await send(s);
  assert.equal(m.record_type, 'message');
  assert.match(m.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(m.direction, 'outbound');
  assert.equal(m.type, 'SMS');
  assert.equal(status(m), 'queued');
  assert.equal(m.from.phone_number, '+18445550001');
  assert.equal(m.from.carrier, 'TELNYX LLC');
  assert.equal(m.to[0].phone_number, '+18665550002');
  assert.equal(m.text, 'Hello, World!');
  assert.equal(m.encoding, 'GSM-7');
  assert.equal(m.parts, 1);
  assert.equal(m.cost, null);
  assert.equal(m.sent_at, null);
  assert.equal(m.completed_at, null);
  assert.match(m.received_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.equal(ms(m.valid_until) - ms(m.received_at), 4 * 3600 * 1000);
  assert.deepEqual(m.errors, []);
});

test('delivered: queued, sending at 0.5 s, sent at 1 s, delivered at 3 s with cost', async () => {
  const { sent, seen } = await walk('+18665550002', [[0, 'queued'], [499, 'queued'], [500, 'sending'], [999, 'sending'], [1000, 'sent'], [2999, 'sent'], [3000, 'delivered'], [86400000, 'delivered']]);
  const t0 = ms(sent.received_at);
  assert.equal(seen[1].valid_until, sent.valid_until, 'still queued at 499 ms');
  assert.equal(seen[2].valid_until, null, 'left the queue once sending');
  assert.equal(seen[4].valid_until, null);
  assert.equal(ms(seen[4].sent_at), t0 + 1000);
  assert.equal(seen[4].cost, null);
  assert.equal(ms(seen[6].completed_at), t0 + 3000);
  assert.deepEqual(seen[6].cost, { amount: '0.0040', currency: 'USD' });
  assert.deepEqual(seen[6].errors, []);
  assert.equal(seen[6].received_at, sent.received_at);
});

test('scenario 5550100 is delivered explicitly', async () => {
  await walk('+18665550100', [[2999, 'sent'], [3000, 'delivered']]);
});

test('scenario 5550101: delivery_failed with 40008', async () => {
  const { seen } = await walk('+18665550101', [[1000, 'sent'], [3000, 'delivery_failed']]);
  assert.equal(seen[1].errors[0].code, '40008');
  assert.equal(seen[1].errors[0].title, 'Undeliverable');
  assert.notEqual(seen[1].sent_at, null);
  assert.notEqual(seen[1].cost, null);
});

test('scenario 5550102: sending_failed at 1 s with 40001, never sent', async () => {
  const { seen } = await walk('+18665550102', [[999, 'sending'], [1000, 'sending_failed'], [10000, 'sending_failed']]);
  assert.equal(seen[1].errors[0].code, '40001');
  assert.equal(seen[1].sent_at, null);
  assert.notEqual(seen[1].completed_at, null);
});

test('scenario 5550103: sent, then delivery_unconfirmed at 72 s', async () => {
  const { seen } = await walk('+18665550103', [[3000, 'sent'], [71999, 'sent'], [72000, 'delivery_unconfirmed']]);
  assert.deepEqual(seen[2].errors, []);
  assert.notEqual(seen[2].completed_at, null);
});

test('scenario 5550104: delivery_failed with 40002 (spam)', async () => {
  const { seen } = await walk('+18665550104', [[3000, 'delivery_failed']]);
  assert.equal(seen[0].errors[0].code, '40002');
});

test('scenario 5550105: slow, delivered at 60 s', async () => {
  await walk('+18665550105', [[3000, 'sent'], [59999, 'sent'], [60000, 'delivered']]);
});

test('scenario 5550106: refused at send time with 40300', async () => {
  assertError(await s.request('POST', '/v2/messages', { body: { ...SMS, to: '+18665550106' } }), 409, '40300', '/to');
});

test('send_at in the future: scheduled until then, then the usual steps', async () => {
  const clock = await s.request('GET', '/_mock/clock', { key: null });
  const at = new Date(ms(clock.json.now) + 3600000).toISOString();
  const m = await send(s, { ...SMS, send_at: at });
  assert.equal(status(m), 'scheduled');
  assert.equal(ms(m.valid_until), ms(at) + 4 * 3600000);
  await advance(s, '59m');
  assert.equal(status((await get(s, m.id)).json.data), 'scheduled');
  await advance(s, '61s');
  const r = await get(s, m.id);
  assert.equal(status(r.json.data), 'sent');
  assert.equal(ms(r.json.data.sent_at), ms(at) + 1000);
});

test('UCS-2 and multi-part messages, MMS cost', async () => {
  const u = await send(s, { ...SMS, text: 'caf\u00e9 \u2603'.repeat(10) + '1234567890' }); // 70 chars: one part
  assert.equal(u.encoding, 'UCS-2');
  assert.equal(u.parts, 1);
  const long = await send(s, { ...SMS, text: '\u2603'.repeat(71) });
  assert.equal(long.parts, 2);
  const ext = await send(s, { ...SMS, text: '{'.repeat(80) + 'a' }); // 161 septets
  assert.equal(ext.encoding, 'GSM-7');
  assert.equal(ext.parts, 2);
  const mms = await send(s, { ...SMS, text: undefined, media_urls: ['https://example.com/cat.png'], subject: 'cat' });
  assert.equal(mms.type, 'MMS');
  assert.equal(mms.parts, 1);
  assert.deepEqual(mms.media.map((x) => x.url), ['https://example.com/cat.png']);
  await advance(s, '3s');
  assert.deepEqual((await get(s, long.id)).json.data.cost, { amount: '0.0080', currency: 'USD' });
  assert.deepEqual((await get(s, mms.id)).json.data.cost, { amount: '0.0150', currency: 'USD' });
});

test('carrier and line_type are stable for a number', async () => {
  const a = await send(s, { ...SMS, to: '+447700900123' });
  const b = await send(s, { ...SMS, to: '+447700900123' });
  assert.equal(a.to[0].carrier, b.to[0].carrier);
  assert.equal(a.to[0].line_type, b.to[0].line_type);
  assert.ok(a.to[0].carrier.length > 0);
});

test('10-day retrieval window: 404 afterwards; fixtures are exempt', async () => {
  const m = await send(s);
  await advance(s, '10d');
  assert.equal((await get(s, m.id)).status, 200);
  await advance(s, '1s');
  assertError(await get(s, m.id), 404, '10005');
  const f = await get(s, SEED_ID);
  assert.equal(f.status, 200);
});

test('the fixture message: the seed document example, visible to any key', async () => {
  for (const key of ['one', 'two']) {
    const r = await get(s, SEED_ID, key);
    assert.equal(r.status, 200, r.text);
    const m = r.json.data;
    assert.equal(m.id, SEED_ID);
    assert.equal(m.received_at, '2019-01-23T18:10:02.574Z');
    assert.equal(m.sent_at, '2019-01-23T18:10:03.574Z');
    assert.equal(m.completed_at, '2019-01-23T18:10:05.574Z');
    assert.equal(m.from.phone_number, '+18445550001');
    assert.equal(m.to[0].phone_number, '+18665550002');
    assert.equal(m.to[0].status, 'delivered');
    assert.equal(m.text, 'Hello, World!');
    assert.deepEqual(m.cost, { amount: '0.0040', currency: 'USD' });
  }
  // Upper-case ids are the same id.
  assert.equal((await get(s, SEED_ID.toUpperCase())).status, 200);
});

test('the clock starts where --clock-start says and stays frozen', async () => {
  const r = await s.request('GET', '/_mock/clock', { key: null });
  assert.equal(r.json.frozen, true);
  assert.ok(ms(r.json.now) > ms(START));
});
