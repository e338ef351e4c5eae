// docs/behaviour.md §2.3, 2.4, 3 and the /_mock rows of 6: webhooks, profiles,
// inbound messages and opt-outs, against a sink of our own on 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { join } from 'node:path';
import { start, SMS, send, get, advance, assertError, tempDir } from './lib/server.mjs';
import { startSink } from './lib/sink.mjs';

let sink;
before(async () => { sink = await startSink(); });
after(async () => { await sink.close(); });

// Fast retries and a short deadline keep the failure tests quick.
const FAST = ['--webhook-backoff', '20ms', '--webhook-timeout', '400ms'];
const mock = (s, method, path, body) => s.request(method, path, { body, key: null });
const forMessage = (id) => (r) => r.filter((x) => x.json?.data?.payload?.id === id);

// Verifies a delivery's Ed25519 signature with the key the mock serves.
function verify(entry, publicKeyB64) {
  const key = crypto.createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKeyB64, 'base64')]), format: 'der', type: 'spki' });
  const signed = Buffer.from(`${entry.headers['telnyx-timestamp']}|${entry.body}`);
  return crypto.verify(null, signed, key, Buffer.from(entry.headers['telnyx-signature-ed25519'], 'base64'));
}

test('message.sent then message.finalized, each payload as of its event, signed', async () => {
  const s = await start(FAST);
  try {
    const hook = `${sink.base}/ok/a`;
    const m = await send(s, { ...SMS, webhook_url: hook });
    await advance(s, '999ms');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(forMessage(m.id)(sink.received).length, 0, 'nothing before sent_at');
    await advance(s, '1ms');
    await sink.until((r) => forMessage(m.id)(r).length >= 1);
    await advance(s, '2s');
    const got = forMessage(m.id)(await sink.until((r) => forMessage(m.id)(r).length >= 2));
    assert.deepEqual(got.map((x) => x.json.data.event_type), ['message.sent', 'message.finalized']);
    const [sent, fin] = got;
    assert.equal(sent.json.data.record_type, 'event');
    assert.match(sent.json.data.id, /^[0-9a-f-]{36}$/);
    assert.notEqual(sent.json.data.id, fin.json.data.id);
    assert.equal(sent.json.data.payload.to[0].status, 'sent');
    assert.equal(sent.json.data.payload.cost, null);
    assert.equal(fin.json.data.payload.to[0].status, 'delivered');
    assert.deepEqual(fin.json.data.payload.cost, { amount: '0.0040', currency: 'USD' });
    assert.equal(sent.json.data.occurred_at, '2026-01-05T12:00:01.000+00:00');
    assert.equal(fin.json.data.occurred_at, '2026-01-05T12:00:03.000+00:00');
    assert.deepEqual(sent.json.meta, { attempt: 1, delivered_to: hook });
    assert.equal(sent.headers['content-type'], 'application/json');
    // The whole bodies, parsed: exactly these fields, and the payload is the message as the
    // API shows it at that event (finalized: as GET shows it now, the message being final).
    for (const x of got) {
      assert.deepEqual(Object.keys(x.json).sort(), ['data', 'meta']);
      assert.deepEqual(Object.keys(x.json.data).sort(), ['event_type', 'id', 'occurred_at', 'payload', 'record_type']);
    }
    const now = (await s.request('GET', `/v2/messages/${m.id}`)).json.data;
    assert.deepEqual(fin.json.data.payload, now);
    assert.deepEqual(sent.json.data.payload, {
      ...now,
      to: [{ ...now.to[0], status: 'sent' }],
      cost: null,
      cost_breakdown: null,
      completed_at: null,
    });
    const key = (await mock(s, 'GET', '/_mock/webhook_key')).json.public_key;
    assert.equal(Buffer.from(key, 'base64').length, 32);
    assert.ok(verify(sent, key) && verify(fin, key), 'signatures verify');
    assert.ok(Math.abs(Number(sent.headers['telnyx-timestamp']) - Date.now() / 1000) < 30, 'real-time timestamp');
    const tampered = { ...sent, body: sent.body.replace('"sent"', '"delivered"') };
    assert.equal(verify(tampered, key), false);
  } finally {
    await s.stop();
  }
});

test('sending_failed (5550102): only message.finalized, never message.sent', async () => {
  const s = await start(FAST);
  try {
    const m = await send(s, { ...SMS, to: '+18665550102', webhook_url: `${sink.base}/ok/b` });
    await advance(s, '5s');
    const got = forMessage(m.id)(await sink.until((r) => forMessage(m.id)(r).length >= 1));
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(forMessage(m.id)(sink.received).map((x) => x.json.data.event_type), ['message.finalized']);
    assert.equal(got[0].json.data.payload.to[0].status, 'sending_failed');
    assert.equal(got[0].json.data.payload.errors[0].code, '40001');
  } finally {
    await s.stop();
  }
});

test('failover: 3 attempts on a 500 primary, then the failover URL; the log has each attempt', async () => {
  const s = await start(FAST);
  try {
    const primary = `${sink.base}/fail/c`;
    const failover = `${sink.base}/ok/c`;
    const m = await send(s, { ...SMS, to: '+18665550102', webhook_url: primary, webhook_failover_url: failover });
    await advance(s, '5s');
    await sink.until((r) => forMessage(m.id)(r).some((x) => x.path === '/ok/c'));
    const got = forMessage(m.id)(sink.received);
    assert.deepEqual(got.map((x) => [x.path, x.json.meta.attempt]), [['/fail/c', 1], ['/fail/c', 2], ['/fail/c', 3], ['/ok/c', 1]]);
    assert.equal(got[3].json.meta.delivered_to, failover);
    // The last attempt is logged once its answer is read, a moment after the sink saw it.
    let log = [];
    for (const deadline = Date.now() + 5000; log.length < 4 && Date.now() < deadline;) {
      log = (await mock(s, 'GET', `/_mock/webhooks?message_id=${m.id}`)).json.data;
      if (log.length < 4) await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(log.map((a) => [a.url, a.attempt, a.status, a.ok]), [[primary, 1, 500, false], [primary, 2, 500, false], [primary, 3, 500, false], [failover, 1, 200, true]]);
    for (const a of log) {
      assert.equal(a.event_type, 'message.finalized');
      assert.equal(typeof a.latency_ms, 'number');
      assert.match(a.at, /^\d{4}-.*Z$/);
    }
    const filtered = (await mock(s, 'GET', `/_mock/webhooks?url=${encodeURIComponent(failover)}`)).json.data;
    assert.equal(filtered.length, 1);
    // limit keeps the newest attempts, still oldest first.
    const newest = (await mock(s, 'GET', `/_mock/webhooks?message_id=${m.id}&limit=2`)).json.data;
    assert.deepEqual(newest.map((a) => [a.url, a.attempt]), [[primary, 3], [failover, 1]]);
    assertError(await mock(s, 'GET', '/_mock/webhooks?limit=0'), 400, '10015');
    assertError(await mock(s, 'GET', '/_mock/webhooks?event_type=message.lost'), 400, '10015');
  } finally {
    await s.stop();
  }
});

test('a sink slower than the deadline, and a refused connection, count as failures', async () => {
  const s = await start([...FAST, '--webhook-attempts', '2']);
  try {
    const slow = `${sink.base}/slow/d?ms=1500`;
    const refused = 'http://127.0.0.1:9/nothing-listens';
    const m = await send(s, { ...SMS, to: '+18665550102', webhook_url: slow, webhook_failover_url: refused });
    await advance(s, '5s');
    const log = (await mock(s, 'GET', `/_mock/webhooks?message_id=${m.id}&url=${encodeURIComponent(refused)}&wait=10`)).json.data;
    assert.ok(log.length >= 1);
    const all = async () => (await mock(s, 'GET', `/_mock/webhooks?message_id=${m.id}`)).json.data;
    let rows = await all();
    for (let i = 0; rows.length < 4 && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      rows = await all();
    }
    assert.deepEqual(rows.map((a) => [a.url, a.attempt, a.ok]), [[slow, 1, false], [slow, 2, false], [refused, 1, false], [refused, 2, false]]);
    assert.equal(rows[0].status, null);
    assert.match(rows[0].error, /timed out|Timeout/i);
    assert.ok(rows[0].latency_ms >= 350 && rows[0].latency_ms < 1400, `deadline kept: ${rows[0].latency_ms}`);
    assert.match(rows[2].error, /connect/i);
  } finally {
    await s.stop();
  }
});

test('?detail=true: each attempt\'s request body and signature headers as sent, and its answer (4 KiB of it)', async () => {
  const s = await start([...FAST, '--webhook-attempts', '2']);
  try {
    const refused = 'http://127.0.0.1:9/nothing-listens';
    const fail = `${sink.base}/fail/detail`;
    const big = `${sink.base}/ok/detail?big=10000`;
    const m = await send(s, { ...SMS, to: '+18665550102', webhook_url: refused, webhook_failover_url: fail });
    const m2 = await send(s, { ...SMS, to: '+18665550102', webhook_url: big });
    await advance(s, '5s');
    await sink.until((r) => forMessage(m.id)(r).length >= 2 && forMessage(m2.id)(r).length >= 1);
    let rows = [];
    for (let i = 0; rows.length < 4 && i < 50; i++) {
      rows = (await mock(s, 'GET', `/_mock/webhooks?message_id=${m.id}&detail=true`)).json.data;
      if (rows.length < 4) await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(rows.map((a) => [a.url, a.attempt]), [[refused, 1], [refused, 2], [fail, 1], [fail, 2]]);
    const got = forMessage(m.id)(sink.received);
    for (const [i, a] of rows.entries()) {
      assert.deepEqual(Object.keys(a.request).sort(), ['body', 'headers']);
      assert.equal(JSON.parse(a.request.body).meta.attempt, a.attempt);
      assert.equal(JSON.parse(a.request.body).meta.delivered_to, a.url);
      assert.equal(a.request.headers['content-type'], 'application/json');
      assert.match(a.request.headers['telnyx-timestamp'], /^\d{10}$/);
      if (i < 2) {
        assert.equal(a.response, null, 'no answer: no response');
        continue;
      }
      // What the receiver got is what the log says was sent, byte for byte.
      const seen = got[i - 2];
      assert.equal(a.request.body, seen.body);
      assert.equal(a.request.headers['telnyx-timestamp'], seen.headers['telnyx-timestamp']);
      assert.equal(a.request.headers['telnyx-signature-ed25519'], seen.headers['telnyx-signature-ed25519']);
      assert.equal(a.request.headers['user-agent'], seen.headers['user-agent']);
      assert.deepEqual(a.response, { body: 'no', truncated: false });
    }
    const [ok] = (await mock(s, 'GET', `/_mock/webhooks?message_id=${m2.id}&detail=true`)).json.data;
    assert.equal(ok.ok, true);
    assert.equal(ok.response.truncated, true);
    assert.equal(ok.response.body, '\ufffd' + 'x'.repeat(4095), 'the first 4096 bytes, the bad byte replaced');
    // Without detail the rows stay small, and a bad value is refused.
    const plain = (await mock(s, 'GET', `/_mock/webhooks?message_id=${m.id}`)).json.data;
    assert.equal(plain.length, 4);
    assert.ok(!('request' in plain[0]) && !('response' in plain[0]));
    assertError(await mock(s, 'GET', '/_mock/webhooks?detail=yes'), 400, '10015');
  } finally {
    await s.stop();
  }
});

test('profile webhooks: used after the message URLs with use_profile_webhooks, not without', async () => {
  const s = await start(FAST);
  try {
    let r = await mock(s, 'PUT', '/_mock/messaging_profiles/prof-a', { webhook_url: `${sink.base}/ok/profile`, webhook_failover_url: `${sink.base}/ok/profile-failover`, connection_id: 'c-1' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.connection_id, 'c-1');
    assert.equal((await mock(s, 'GET', '/_mock/messaging_profiles/prof-a')).json.data.webhook_url, `${sink.base}/ok/profile`);
    assertError(await mock(s, 'PUT', '/_mock/messaging_profiles/prof-b', { webhook_url: 'ftp://x' }), 400, '10015', '/webhook_url');
    assertError(await mock(s, 'GET', '/_mock/messaging_profiles/nope'), 404, '10005');
    // Profile only: its URL gets the events.
    const a = await send(s, { ...SMS, messaging_profile_id: 'prof-a' });
    // A failing message URL, then the profile.
    const b = await send(s, { ...SMS, to: '+18665550102', messaging_profile_id: 'prof-a', webhook_url: `${sink.base}/fail/e` });
    // use_profile_webhooks false: the profile is not used; nothing to deliver.
    const c = await send(s, { ...SMS, messaging_profile_id: 'prof-a', use_profile_webhooks: false });
    await advance(s, '5s');
    await sink.until((rr) => forMessage(a.id)(rr).length >= 2 && forMessage(b.id)(rr).some((x) => x.path === '/ok/profile'));
    assert.deepEqual(forMessage(a.id)(sink.received).map((x) => x.path), ['/ok/profile', '/ok/profile']);
    assert.deepEqual(forMessage(b.id)(sink.received).map((x) => x.path), ['/fail/e', '/fail/e', '/fail/e', '/ok/profile']);
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(forMessage(c.id)(sink.received).length, 0);
    // An unknown profile on send is a 400 at the field.
    assertError(await s.request('POST', '/v2/messages', { body: { ...SMS, messaging_profile_id: 'ghost' } }), 400, '10015', '/messaging_profile_id');
  } finally {
    await s.stop();
  }
});

test('inbound: message.received to the profile, received then delivered; tenancy', async () => {
  const s = await start(FAST);
  try {
    await mock(s, 'PUT', '/_mock/messaging_profiles/inb', { webhook_url: `${sink.base}/slow/in?ms=300` });
    // The number last sent from by tenant "owner" receives for "owner".
    await send(s, { ...SMS, from: '+18445559999' }, 'owner');
    let r = await mock(s, 'POST', '/_mock/inbound', { from: '+13125550123', to: '+18445559999', text: 'Hi back', messaging_profile_id: 'inb' });
    assert.equal(r.status, 200, r.text);
    const m = r.json.data;
    assert.equal(m.direction, 'inbound');
    assert.equal(m.to[0].status, 'received');
    assert.equal(m.from.phone_number, '+13125550123');
    assert.equal((await get(s, m.id, 'owner')).json.data.to[0].status, 'received');
    assertError(await get(s, m.id, 'stranger'), 404, '10005');
    const got = await sink.until((rr) => forMessage(m.id)(rr).length >= 1);
    assert.equal(forMessage(m.id)(got)[0].json.data.event_type, 'message.received');
    assert.equal(forMessage(m.id)(got)[0].json.data.payload.to[0].status, 'received');
    let st;
    for (let i = 0; i < 50 && st !== 'delivered'; i++) {
      await new Promise((res) => setTimeout(res, 50));
      st = (await get(s, m.id, 'owner')).json.data.to[0].status;
    }
    assert.equal(st, 'delivered', 'delivered once its webhook succeeded');
    // No webhook: delivered at once; no sender history and no tenant: global.
    r = await mock(s, 'POST', '/_mock/inbound', { from: '+13125550123', to: '+18005550000', text: 'hello' });
    assert.equal(r.json.data.to[0].status, 'delivered');
    assert.equal((await get(s, r.json.data.id, 'anyone')).status, 200);
    // An explicit tenant wins.
    r = await mock(s, 'POST', '/_mock/inbound', { from: '+13125550123', to: '+18445559999', text: 'x', tenant: 'other' });
    assert.equal((await get(s, r.json.data.id, 'other')).status, 200);
    assertError(await get(s, r.json.data.id, 'owner'), 404, '10005');
    // Validation goes through the same rules, with pointers.
    assertError(await mock(s, 'POST', '/_mock/inbound', { to: '+18445559999', text: 'x' }), 400, '10004', '/from');
    assertError(await mock(s, 'POST', '/_mock/inbound', { from: '+13125550123', to: 'nope', text: 'x' }), 400, '40310', '/to');
    assertError(await mock(s, 'POST', '/_mock/inbound', { from: '+13125550123', to: '+18445559999', text: 'x', messaging_profile_id: 'ghost' }), 400, '10015', '/messaging_profile_id');
  } finally {
    await s.stop();
  }
});

test('STOP blocks later sends with 40300, START lifts it; per tenant, global when global', async () => {
  const s = await start(FAST);
  try {
    const ours = '+18445550777', theirs = '+13125550777';
    await send(s, { from: ours, to: theirs, text: 'promo' }, 'shop');
    for (const word of [' stop ', 'Unsubscribe', 'CANCEL', 'end', 'QuIt']) {
      await mock(s, 'POST', '/_mock/inbound', { from: theirs, to: ours, text: word });
      const e = assertError(await s.request('POST', '/v2/messages', { body: { from: ours, to: theirs, text: 'again' }, key: 'shop' }), 409, '40300', '/to');
      assert.equal(e.detail, `Messages cannot be sent from '${ours}' to '${theirs}' due to an existing block rule.`);
      // Another tenant (the STOP went to "shop") is not blocked.
      assert.equal((await s.request('POST', '/v2/messages', { body: { from: ours, to: theirs, text: 'x' }, key: 'else' })).status, 200);
      await mock(s, 'POST', '/_mock/inbound', { from: theirs, to: ours, text: 'start', tenant: 'shop' });
      assert.equal((await s.request('POST', '/v2/messages', { body: { from: ours, to: theirs, text: 'back' }, key: 'shop' })).status, 200, word);
    }
    // "stop please" is not a keyword.
    await mock(s, 'POST', '/_mock/inbound', { from: theirs, to: ours, text: 'stop please', tenant: 'shop' });
    assert.equal((await s.request('POST', '/v2/messages', { body: { from: ours, to: theirs, text: 'ok' }, key: 'shop' })).status, 200);
    // A global STOP (no tenant, a number nobody sent from) blocks everyone.
    await mock(s, 'POST', '/_mock/inbound', { from: '+13125550888', to: '+18445550888', text: 'STOP' });
    for (const key of ['a', 'b']) assertError(await s.request('POST', '/v2/messages', { body: { from: '+18445550888', to: '+13125550888', text: 'x' }, key }), 409, '40300');
  } finally {
    await s.stop();
  }
});

test('pending deliveries survive a restart', async () => {
  const t = tempDir();
  try {
    const db = join(t.dir, 'hooks.db');
    let s = await start(FAST, { db });
    const m = await send(s, { ...SMS, webhook_url: `${sink.base}/ok/restart` });
    await s.stop(); // the clock was frozen: nothing was due yet
    assert.equal(forMessage(m.id)(sink.received).length, 0);
    s = await start(FAST, { db });
    await advance(s, '5s');
    await sink.until((r) => forMessage(m.id)(r).length >= 2);
    assert.deepEqual(forMessage(m.id)(sink.received).map((x) => x.json.data.event_type), ['message.sent', 'message.finalized']);
    await s.stop();
  } finally {
    t.remove();
  }
});

test('GET /_mock/webhooks?wait= answers as soon as a matching attempt exists', async () => {
  const s = await start(FAST);
  try {
    const m = await send(s, { ...SMS, webhook_url: `${sink.base}/ok/wait` });
    const t0 = Date.now();
    const pending = mock(s, 'GET', `/_mock/webhooks?message_id=${m.id}&event_type=message.finalized&wait=10`);
    // Other requests are served while it waits (it holds no thread).
    for (let i = 0; i < 5; i++) assert.equal((await mock(s, 'GET', '/_mock/health')).status, 200);
    setTimeout(() => advance(s, '3s'), 300);
    const r = await pending;
    const took = Date.now() - t0;
    assert.equal(r.json.data.length, 1, r.text);
    assert.equal(r.json.data[0].event_type, 'message.finalized');
    assert.ok(took >= 250 && took < 5000, `took ${took} ms`);
    // Without a match it answers [] at the deadline.
    const t1 = Date.now();
    const none = await mock(s, 'GET', '/_mock/webhooks?message_id=none&wait=0.3');
    assert.deepEqual(none.json.data, []);
    assert.ok(Date.now() - t1 >= 250);
    assertError(await mock(s, 'GET', '/_mock/webhooks?wait=61'), 400, '10015');
  } finally {
    await s.stop();
  }
});

test('--time-scale: events fire at the scaled times', async () => {
  const s = await start([...FAST, '--clock', 'real', '--time-scale', '10'], { clock: false });
  try {
    const t0 = Date.now();
    const m = await send(s, { ...SMS, webhook_url: `${sink.base}/ok/scaled` });
    await sink.until((r) => forMessage(m.id)(r).length >= 2, 5000);
    const [sent, fin] = forMessage(m.id)(sink.received);
    // Virtual 1 s and 3 s are real 0.1 s and 0.3 s at 10x.
    assert.ok(sent.at - t0 >= 60 && sent.at - t0 < 1000, `sent after ${sent.at - t0} ms`);
    assert.ok(fin.at - t0 >= 250 && fin.at - t0 < 1500, `finalized after ${fin.at - t0} ms`);
  } finally {
    await s.stop();
  }
});

test('--webhook-seed gives the same public key across runs', async () => {
  const keys = [];
  for (let i = 0; i < 2; i++) {
    const s = await start(['--webhook-seed', 'ci-seed']);
    keys.push((await mock(s, 'GET', '/_mock/webhook_key')).json.public_key);
    await s.stop();
  }
  assert.equal(keys[0], keys[1]);
  const other = await start(['--webhook-seed', 'other']);
  assert.notEqual((await mock(other, 'GET', '/_mock/webhook_key')).json.public_key, keys[0]);
  await other.stop();
});

test('profiles from a fixtures file; a bad one stops start-up with its pointer', async () => {
  const { writeFileSync } = await import('node:fs');
  const { runOnce } = await import('./lib/server.mjs');
  const t = tempDir();
  try {
    const good = join(t.dir, 'profiles.json');
    writeFileSync(good, JSON.stringify({ messaging_profiles: [{ id: 'fx-prof', webhook_url: `${sink.base}/ok/fixture-profile`, connection_id: '42' }], messages: [] }));
    const s = await start(FAST.concat(['--fixtures', good]));
    const got = await mock(s, 'GET', '/_mock/messaging_profiles/fx-prof');
    assert.equal(got.json.data.connection_id, '42');
    const m = await send(s, { ...SMS, messaging_profile_id: 'fx-prof' });
    await advance(s, '3s');
    await sink.until((r) => forMessage(m.id)(r).length >= 2);
    // A full reset keeps fixture profiles and drops the others.
    await mock(s, 'PUT', '/_mock/messaging_profiles/temp', {});
    await mock(s, 'POST', '/_mock/reset');
    assert.equal((await mock(s, 'GET', '/_mock/messaging_profiles/fx-prof')).status, 200);
    assertError(await mock(s, 'GET', '/_mock/messaging_profiles/temp'), 404, '10005');
    await s.stop();
    const bad = join(t.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ messaging_profiles: [{ id: 'p', webhook_url: 'nope' }] }));
    const r = await runOnce(['--db', ':memory:', '--fixtures', bad]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\/messaging_profiles\/0\/webhook_url/);
  } finally {
    t.remove();
  }
});
