// One server for many parallel suites (docs/behaviour.md §3.4, §6.1): what one tenant does to
// its webhooks does not hold another's, per message the order of events holds, and the
// delivery log is kept for --webhook-log-retention of virtual time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, SMS, send, advance } from './lib/server.mjs';
import { startSink } from './lib/sink.mjs';

let sink;
before(async () => { sink = await startSink(); });
after(async () => { await sink.close(); });

const mock = (s, method, path, body) => s.request(method, path, { body, key: null });
const ofMessage = (id) => (r) => r.filter((x) => x.json?.data?.payload?.id === id);

test('a receiver that never answers holds only its own tenant\'s webhooks', async () => {
  const s = await start(['--webhook-timeout', '1500ms', '--webhook-backoff', '20ms']);
  try {
    // Tenant A: 20 messages (40 events) to a receiver that never answers in time.  Delivered
    // one after another that is minutes of timeouts; B must not wait behind them.
    for (let i = 0; i < 20; i++) await send(s, { ...SMS, webhook_url: `${sink.base}/slow/a?ms=60000` }, 'key-a');
    await advance(s, '5s');
    await sink.until((r) => r.filter((x) => x.path === '/slow/a').length >= 16);
    const b = await send(s, { ...SMS, webhook_url: `${sink.base}/ok/b` }, 'key-b');
    await advance(s, '1s');
    // B's message.sent is due now; it arrives while A's receivers still hang.
    const got = await sink.until((r) => ofMessage(b.id)(r).length >= 1, 1400);
    assert.equal(ofMessage(b.id)(got)[0].json.data.event_type, 'message.sent');
    // A holds at most --webhook-concurrency (16) deliveries at a time.
    const aNow = sink.received.filter((x) => x.path === '/slow/a').length;
    assert.ok(aNow <= 16, `A had ${aNow} attempts in flight at once`);
    // The log's tenant filter takes the key and shows the label.
    const logB = await mock(s, 'GET', '/_mock/webhooks?tenant=key-b&wait=5');
    assert.ok(logB.json.data.length >= 1, logB.text);
    assert.ok(logB.json.data.every((a) => a.message_id === b.id), 'only B\'s attempts');
    assert.match(logB.json.data[0].tenant, /^t_[0-9a-f]{8}$/);
    const logA = await mock(s, 'GET', '/_mock/webhooks?tenant=key-a');
    assert.ok(logA.json.data.every((a) => a.message_id !== b.id));
  } finally {
    await s.stop();
  }
});

test('many messages at once: every event arrives once, message.sent before message.finalized', async () => {
  const s = await start(['--webhook-backoff', '20ms']);
  try {
    const ids = [];
    // The receiver answers after 50 ms: finalized may start only once sent was answered.
    for (let i = 0; i < 60; i++) ids.push((await send(s, { ...SMS, webhook_url: `${sink.base}/slow/order?ms=50` }, `key-${i % 3}`)).id);
    // Both events of each message are due by now: concurrency must not reorder a message's pair.
    await advance(s, '5s');
    await sink.until((r) => ids.every((id) => ofMessage(id)(r).length >= 2), 15000);
    for (const id of ids) {
      const got = ofMessage(id)(sink.received);
      assert.deepEqual(got.map((x) => x.json.data.event_type), ['message.sent', 'message.finalized'], id);
      assert.ok(got[1].at - got[0].at >= 40, `finalized ${got[1].at - got[0].at} ms after sent`);
    }
    // The log has each attempt once it was answered.
    const deadline = Date.now() + 5000;
    let logged;
    do {
      logged = (await mock(s, 'GET', '/_mock/webhooks')).json.data.filter((a) => ids.includes(a.message_id));
    } while (logged.length < 120 && Date.now() < deadline && (await new Promise((r) => setTimeout(r, 50)), true));
    assert.equal(logged.length, 120);
    assert.ok(logged.every((a) => a.ok && a.attempt === 1));
  } finally {
    await s.stop();
  }
});

test('a tenant\'s reset drops its deliveries in flight: nothing of them is logged after it', async () => {
  const s = await start(['--webhook-timeout', '3s']);
  try {
    const a = await send(s, { ...SMS, webhook_url: `${sink.base}/slow/reset?ms=700` }, 'key-a');
    const b = await send(s, { ...SMS, webhook_url: `${sink.base}/slow/keep?ms=700` }, 'key-b');
    await advance(s, '1s');
    await sink.until((r) => ofMessage(a.id)(r).length >= 1 && ofMessage(b.id)(r).length >= 1);
    assert.equal((await mock(s, 'POST', '/_mock/reset?tenant=key-a')).status, 200);
    // B's attempt is logged when its receiver answers; A's, answered as late, is not.
    const logB = await mock(s, 'GET', `/_mock/webhooks?message_id=${b.id}&wait=5`);
    assert.equal(logB.json.data.length, 1);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual((await mock(s, 'GET', `/_mock/webhooks?message_id=${a.id}`)).json.data, []);
    assert.deepEqual((await mock(s, 'GET', '/_mock/webhooks?tenant=key-a')).json.data, []);
    // And A's finalized event, pending at the reset, never goes out.
    await advance(s, '5s');
    await mock(s, 'GET', `/_mock/webhooks?message_id=${b.id}&event_type=message.finalized&wait=5`);
    assert.equal(ofMessage(a.id)(sink.received).length, 1);
  } finally {
    await s.stop();
  }
});

test('a failed delivery is logged at warn level', async () => {
  const s = await start(['--webhook-backoff', '10ms', '--webhook-attempts', '1', '--quiet']);
  try {
    const m = await send(s, { ...SMS, webhook_url: `${sink.base}/fail/w` });
    await advance(s, '1s');
    const deadline = Date.now() + 5000;
    while (!s.stderr.includes(m.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.match(s.stderr, new RegExp(`warn.*message\\.sent of message ${m.id}: every attempt`), s.stderr);
  } finally {
    await s.stop();
  }
});

test('--webhook-log-retention: the delivery log forgets attempts older than it (virtual time)', async () => {
  const s = await start(['--webhook-log-retention', '1d']);
  try {
    const m = await send(s, { ...SMS, webhook_url: `${sink.base}/ok/old` });
    await advance(s, '3s');
    const first = await mock(s, 'GET', `/_mock/webhooks?message_id=${m.id}&event_type=message.finalized&wait=5`);
    assert.equal(first.json.data.length, 1);
    await advance(s, '23h');
    const young = await mock(s, 'GET', `/_mock/webhooks?message_id=${m.id}`);
    assert.equal(young.json.data.length, 2, 'kept within the retention');
    await advance(s, '2h');
    // The pass runs about once a second.
    const deadline = Date.now() + 5000;
    let left;
    do {
      await new Promise((r) => setTimeout(r, 100));
      left = (await mock(s, 'GET', `/_mock/webhooks?message_id=${m.id}`)).json.data;
    } while (left.length > 0 && Date.now() < deadline);
    assert.deepEqual(left, []);
    // The message itself stays.
    assert.equal((await s.request('GET', `/v2/messages/${m.id}`)).status, 200);
  } finally {
    await s.stop();
  }
});

test('--webhook-concurrency and --webhook-log-retention refuse values out of range', async () => {
  for (const args of [['--webhook-concurrency', '0'], ['--webhook-concurrency', '257'], ['--webhook-log-retention', '0s']]) {
    await assert.rejects(start(args), /exited with 2/);
  }
});
