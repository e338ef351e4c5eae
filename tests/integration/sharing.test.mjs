// One server for many parallel suites (docs/behaviour.md §3.4, §6.1): what one tenant does to
// its webhooks does not hold another's, per message the order of events holds, and the
// delivery log is kept for --webhook-log-retention of virtual time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { start, SMS, send, advance, tempDir } from './lib/server.mjs';
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
    assert.match(logB.json.data[0].tenant, /^t_[0-9a-f]{16}$/);
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
  const s = await start(['--webhook-timeout', '3s', '--webhook-backoff', '50ms']);
  try {
    const a = await send(s, { ...SMS, webhook_url: `${sink.base}/slow/reset?ms=700` }, 'key-a');
    // Answered 500 as late: an attempt whose retry would follow (its event not ended).
    const a2 = await send(s, { ...SMS, webhook_url: `${sink.base}/slow/reset2?ms=700&status=500` }, 'key-a');
    const b = await send(s, { ...SMS, webhook_url: `${sink.base}/slow/keep?ms=700` }, 'key-b');
    await advance(s, '1s');
    await sink.until((r) => [a, a2, b].every((m) => ofMessage(m.id)(r).length >= 1));
    assert.equal((await mock(s, 'POST', '/_mock/reset?tenant=key-a')).status, 200);
    // B's attempt is logged when its receiver answers; A's, answered as late, is not.
    const logB = await mock(s, 'GET', `/_mock/webhooks?message_id=${b.id}&wait=5`);
    assert.equal(logB.json.data.length, 1);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual((await mock(s, 'GET', `/_mock/webhooks?message_id=${a.id}`)).json.data, []);
    assert.deepEqual((await mock(s, 'GET', `/_mock/webhooks?message_id=${a2.id}`)).json.data, []);
    assert.deepEqual((await mock(s, 'GET', '/_mock/webhooks?tenant=key-a')).json.data, []);
    // And A's finalized event, pending at the reset, never goes out.
    await advance(s, '5s');
    await mock(s, 'GET', `/_mock/webhooks?message_id=${b.id}&event_type=message.finalized&wait=5`);
    assert.equal(ofMessage(a.id)(sink.received).length, 1);
    assert.equal(ofMessage(a2.id)(sink.received).length, 1); // and no retry after the reset
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

test('200 waiting requests: sends still answer, and each waiter wakes only for its own number', async () => {
  const s = await start();
  try {
    const number = (i) => `+1866555${String(1000 + i).padStart(4, '0')}`;
    const waiters = [];
    for (let i = 0; i < 200; i++) waiters.push(mock(s, 'GET', `/_mock/messages/latest?to=${encodeURIComponent(number(i))}&tenant=key-w&wait=8`));
    // A waiter on the same number under another tenant is not woken by key-w's message.
    const other = mock(s, 'GET', `/_mock/messages/latest?to=${encodeURIComponent(number(0))}&tenant=key-x&wait=1.5`);
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    for (let i = 0; i < 100; i++) {
      const r = await s.request('POST', '/v2/messages', { key: 'key-w', body: { ...SMS, to: number(i) } });
      assert.equal(r.status, 200, r.text);
    }
    // The first 100 waiters have their message; the rest still wait, and then time out.
    const early = await Promise.all(waiters.slice(0, 100));
    early.forEach((r, i) => assert.equal(r.json.data.to[0].phone_number, number(i), r.text));
    const sent = Date.now() - t0;
    assert.ok(sent < 7000, `the sends and their wakeups took ${sent} ms`);
    assert.equal((await other).status, 404, 'another tenant\'s message does not answer it');
    const late = await Promise.all(waiters.slice(100));
    assert.ok(late.every((r) => r.status === 404), 'unmatched waiters answer 404 at their deadline');
  } finally {
    await s.stop();
  }
});

test('sparse report downloads over many records do not hold the server: health answers meanwhile', async () => {
  // 60,003 records, 4 of them inbound; the reports select the inbound ones.
  const messages = [];
  for (let i = 0; i < 60003; i++) {
    messages.push({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      tenant: 'key-big',
      direction: i % 20000 === 0 ? 'inbound' : 'outbound',
      received_at: new Date(Date.parse('2026-01-01T00:00:00Z') + i * 1000).toISOString(),
      from: '+18445550001',
      to: '+18665550002',
      text: 'x',
    });
  }
  const tmp = tempDir();
  const file = join(tmp.dir, 'big.json');
  writeFileSync(file, JSON.stringify({ messages }));
  const s = await start(['--threads', '1', '--fixtures', file, '--quiet']);
  try {
    const key = 'key-big';
    const urls = [];
    for (let i = 0; i < 8; i++) {
      const r = await s.request('POST', '/reporting/mdr_requests', { key, body: { start_time: '2025-12-31T00:00:00Z', end_time: '2026-01-05T00:00:00Z', call_types: [1], record_types: [1, 2, 3] } });
      assert.equal(r.status, 200, r.text);
      urls.push(r.json.id);
    }
    await advance(s, '10s');
    const links = [];
    for (const id of urls) links.push((await s.request('GET', `/reporting/mdr_requests/${id}`, { key })).json.report_url);
    const done = [];
    const heads = links.map((u) => fetch(u));
    const downloads = heads.map((h) => h.then(async (r) => { const t = await r.text(); done.push(Date.now()); return t; }));
    // Once the downloads are under way (their headers came), health is asked.
    await Promise.race(heads);
    const health = await s.request('GET', '/_mock/health', { key: null });
    const answered = Date.now();
    assert.equal(health.status, 200);
    const texts = await Promise.all(downloads);
    for (const t of texts) assert.equal(t.trim().split('\n').length, 1 + 4, 'the header and the 4 inbound rows');
    // Each download's work is cut in pieces: health is served between them, before any ends.
    assert.ok(answered < Math.min(...done), `health answered ${answered - Math.min(...done)} ms after the first download ended`);
  } finally {
    await s.stop();
    tmp.remove();
  }
});

// A raw HTTP/1.1 exchange on its own socket: resolves with the status line's code and the head.
function raw(s, head, body = '', { end = true } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(s.port, s.host);
    let got = '';
    const timer = setTimeout(() => { sock.destroy(); reject(new Error(`no answer in 10 s; got ${JSON.stringify(got)}`)); }, 10000);
    sock.on('data', (d) => {
      got += d;
      const m = /^HTTP\/1\.1 (\d{3})[^]*?\r\n\r\n/.exec(got);
      if (m) { clearTimeout(timer); resolve({ status: Number(m[1]), head: m[0], sock }); }
    });
    sock.on('error', (e) => { clearTimeout(timer); reject(e); });
    sock.write(head);
    if (body) sock.write(body);
    if (end === false) return;
  });
}

test('a body over --max-body gets its 413, not a reset socket, even while the client still sends', async () => {
  const s = await start();
  try {
    // Node's fetch, as the SDK uses: with the socket reset it would throw (EPIPE) instead.
    const big = Buffer.alloc(2 * 1024 * 1024, 'a');
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${s.url}/v2/messages`, { method: 'POST', body: big, headers: { authorization: 'Bearer k', 'content-type': 'application/json' } });
      assert.equal(r.status, 413);
      assert.equal((await r.json()).errors[0].code, '10015');
    }
    // The connection stays usable for the next request.
    assert.equal((await s.request('GET', '/_mock/health', { key: null })).status, 200);
  } finally {
    await s.stop();
  }
});

test('--body-memory: charged for bytes received, not declared; large bodies stop short of the reserve small ones keep', async () => {
  const s = await start(['--max-body', '1M', '--body-memory', '2M']);
  const socks = [];
  const POST = (len) => `POST /v2/messages HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer k\r\nContent-Type: application/json\r\nContent-Length: ${len}\r\n\r\n`;
  try {
    // Declared lengths reserve nothing: four clients declare 1 MiB each (4 MiB, twice the
    // budget) and send nothing yet.
    for (let i = 0; i < 4; i++) {
      const sock = net.connect(s.port, s.host);
      await new Promise((r) => sock.on('connect', r));
      sock.write(POST(1048576));
      socks.push(sock);
    }
    await new Promise((r) => setTimeout(r, 200));
    let ok = await s.request('POST', '/v2/messages', { body: SMS });
    assert.equal(ok.status, 200, `declared bytes held the budget: ${ok.text}`);
    // Bytes received do: the first two send 896 KiB each, 1.75 MiB of the 2 MiB, all that large
    // bodies may hold (the reserve for bodies of at most 64 KiB is an eighth, 256 KiB).
    for (const sock of socks.slice(0, 2)) sock.write(Buffer.alloc(896 * 1024, ' '));
    await new Promise((r) => setTimeout(r, 300));
    // A third large body declared now does not fit what is left: a quick 503, before its body.
    const third = await raw(s, POST(300 * 1024));
    socks.push(third.sock);
    assert.equal(third.status, 503, third.head);
    assert.match(third.head, /\r\nRetry-After: 1\r\n/i);
    // A small body still fits: in the reserve, since nothing is left outside it.
    ok = await s.request('POST', '/v2/messages', { body: { ...SMS, text: 'x'.repeat(1400) } });
    assert.equal(ok.status, 200, ok.text);
    // Requests without a body are not held back.
    assert.equal((await s.request('GET', '/_mock/health', { key: null })).status, 200);
    // Once the slow ones are gone, large bodies are taken again.
    for (const x of socks) x.destroy();
    await new Promise((r) => setTimeout(r, 300));
    ok = await s.request('POST', '/v2/messages', { body: { ...SMS, text: 'y'.repeat(1400) } });
    assert.equal(ok.status, 200, ok.text);
    const big = await raw(s, POST(900 * 1024), Buffer.alloc(900 * 1024, ' '));
    big.sock.destroy();
    assert.equal(big.status, 400, big.head); // taken and read: 900 KiB of spaces is no JSON object
  } finally {
    for (const x of socks) x.destroy();
    await s.stop();
  }
});

test('past --max-connections a new client gets a quick 503 and a closed connection, not a wait', async () => {
  const s = await start(['--max-connections', '4']);
  const idle = [];
  try {
    for (let i = 0; i < 4; i++) {
      const sock = net.connect(s.port, s.host);
      await new Promise((r) => sock.on('connect', r));
      idle.push(sock);
    }
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    const r = await raw(s, 'GET /_mock/health HTTP/1.1\r\nHost: localhost\r\n\r\n');
    idle.push(r.sock);
    assert.equal(r.status, 503, r.head);
    assert.match(r.head, /\r\nConnection: close\r\n/i);
    assert.ok(Date.now() - t0 < 5000);
    for (const x of idle) x.destroy();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await s.request('GET', '/_mock/health', { key: null })).status, 200);
  } finally {
    for (const x of idle) x.destroy();
    await s.stop();
  }
});

test('the journal is paged: after a seq, by tenant, 1,000 entries unless asked', async () => {
  const s = await start();
  try {
    for (let i = 0; i < 5; i++) await s.request('GET', `/v2/messages/none-${i}`, { key: i % 2 ? 'key-odd' : 'key-even' });
    const all = (await mock(s, 'GET', '/_mock/requests')).json.data;
    assert.deepEqual(all.map((e) => e.seq), [1, 2, 3, 4, 5]);
    const page = (await mock(s, 'GET', '/_mock/requests?after=2&limit=2')).json.data;
    assert.deepEqual(page.map((e) => e.path), ['/v2/messages/none-2', '/v2/messages/none-3']);
    const odd = (await mock(s, 'GET', '/_mock/requests?tenant=key-odd')).json.data;
    assert.deepEqual(odd.map((e) => e.seq), [2, 4]);
    assert.ok(odd.every((e) => /^t_[0-9a-f]{16}$/.test(e.tenant)));
    assert.equal((await mock(s, 'GET', '/_mock/requests?limit=10001')).status, 400);
    assert.equal((await mock(s, 'GET', '/_mock/requests?after=x')).status, 400);
  } finally {
    await s.stop();
  }
});

test('a fault scoped to a tenant fails only that tenant\'s calls; listed, cleared and reset by tenant', async () => {
  const s = await start();
  try {
    const add = await mock(s, 'POST', '/_mock/faults', { path: '/v2/messages', method: 'POST', status: 503, tenant: 'key-a' });
    assert.equal(add.status, 200, add.text);
    assert.match(add.json.data.tenant, /^t_[0-9a-f]{16}$/);
    assert.ok(!add.text.includes('key-a'), 'the key is never printed');
    await mock(s, 'POST', '/_mock/faults?tenant=key-c', { path: '/v2/messages', status: 500 });
    const a = await s.request('POST', '/v2/messages', { key: 'key-a', body: SMS });
    assert.equal(a.status, 503);
    assert.equal(a.headers['retry-after'], '1');
    assert.equal((await s.request('POST', '/v2/messages', { key: 'key-b', body: SMS })).status, 200);
    // The journal names A's faulted call and marks it injected.
    const j = (await mock(s, 'GET', '/_mock/requests?tenant=key-a')).json.data;
    assert.equal(j.length, 1);
    assert.equal(j[0].injected, true);
    // Listed by tenant; both given must agree.
    assert.equal((await mock(s, 'GET', '/_mock/faults')).json.data.length, 2);
    assert.equal((await mock(s, 'GET', '/_mock/faults?tenant=key-a')).json.data.length, 1);
    assert.equal((await mock(s, 'POST', '/_mock/faults?tenant=key-a', { path: '/x', status: 500, tenant: 'key-b' })).status, 400);
    // Cleared by tenant: C's goes, A's stays; a reset of A takes A's.
    assert.equal((await mock(s, 'DELETE', '/_mock/faults?tenant=key-c')).json.data.length, 0);
    assert.equal((await mock(s, 'GET', '/_mock/faults')).json.data.length, 1);
    await mock(s, 'POST', '/_mock/reset', { tenant: 'key-a' });
    assert.deepEqual((await mock(s, 'GET', '/_mock/faults')).json.data, []);
    assert.equal((await s.request('POST', '/v2/messages', { key: 'key-a', body: SMS })).status, 200);
  } finally {
    await s.stop();
  }
});

test('a tenant may be given a label: shown with its hash wherever the tenant is, never the key', async () => {
  const s = await start();
  try {
    const set = await mock(s, 'POST', '/_mock/tenants', { tenant: 'key-l', label: 'suite-a' });
    assert.equal(set.status, 200, set.text);
    assert.match(set.json.data.tenant, /^suite-a:t_[0-9a-f]{16}$/);
    const m = await send(s, SMS, 'key-l');
    const listed = (await mock(s, 'GET', '/_mock/messages?tenant=key-l')).json.data;
    assert.equal(listed[0].id, m.id);
    assert.equal(listed[0].tenant, set.json.data.tenant);
    assert.equal((await mock(s, 'GET', '/_mock/requests?tenant=key-l')).json.data[0].tenant, set.json.data.tenant);
    assert.deepEqual((await mock(s, 'GET', '/_mock/tenants')).json.data, [{ tenant: set.json.data.tenant, label: 'suite-a' }]);
    assert.ok(!JSON.stringify((await mock(s, 'GET', '/_mock/tenants')).json).includes('key-l'));
    // Bad labels and missing fields are 400s that change nothing.
    assert.equal((await mock(s, 'POST', '/_mock/tenants', { tenant: 'key-l', label: 'has space' })).status, 400);
    assert.equal((await mock(s, 'POST', '/_mock/tenants', { tenant: 'key-l', label: 'x'.repeat(65) })).status, 400);
    assert.equal((await mock(s, 'POST', '/_mock/tenants', { label: 'x' })).status, 400);
    assert.equal((await mock(s, 'POST', '/_mock/tenants', { tenant: 'key-l' })).status, 400);
    // null takes it away; a full reset forgets every label.
    assert.match((await mock(s, 'POST', '/_mock/tenants', { tenant: 'key-l', label: null })).json.data.tenant, /^t_[0-9a-f]{16}$/);
    await mock(s, 'POST', '/_mock/tenants', { tenant: 'key-l', label: 'again' });
    await mock(s, 'POST', '/_mock/reset');
    assert.deepEqual((await mock(s, 'GET', '/_mock/tenants')).json.data, []);
  } finally {
    await s.stop();
  }
});

test('--threads 0: a waiting request wakes for its own news only, and answers at its deadline', async () => {
  const s = await start(['--threads', '0']);
  try {
    const mine = mock(s, 'GET', '/_mock/messages/latest?to=%2B18665550011&wait=5');
    const other = mock(s, 'GET', '/_mock/messages/latest?to=%2B18665550012&wait=1');
    await new Promise((r) => setTimeout(r, 200));
    await send(s, { ...SMS, to: '+18665550011' });
    const r = await mine;
    assert.equal(r.status, 200);
    assert.equal(r.json.data.to[0].phone_number, '+18665550011');
    assert.equal((await other).status, 404);
  } finally {
    await s.stop();
  }
});
