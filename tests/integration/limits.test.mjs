// Every limit explicit (docs/behaviour.md §1.6): the virtual clock's range is 1970-9999, and
// no advance or start takes it out of that range.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertError, runOnce, tempDir } from './lib/server.mjs';

let s;
before(async () => { s = await start(); });
after(async () => { await s.stop(); });

const clock = (body) => s.request('POST', '/_mock/clock', { key: null, body });

test('the clock stops at 9999-12-31T23:59:59.999Z: advances past it are refused', async () => {
  // advance_seconds at its maximum, again and again: refused once the year would pass 9999.
  let refused = null;
  for (let i = 0; i < 300 && refused === null; i++) {
    const r = await clock({ advance_seconds: 1e12 });
    if (r.status !== 200) refused = r;
    else assert.match(r.json.now, /^\d{4}-/, `year has four digits: ${r.json.now}`);
  }
  assert.ok(refused, 'an advance past the end is refused');
  assertError(refused, 400, '10015', '/advance_seconds');
  const now = (await s.request('GET', '/_mock/clock', { key: null })).json.now;
  assert.ok(now < '9999-12-31T23:59:59.999Z' || now === '9999-12-31T23:59:59.999Z', now);
  assertError(await clock({ advance: '3000000d' }), 400, '10015', '/advance');
  assert.equal((await clock({ set: '9999-12-31T23:59:59.999Z' })).json.now, '9999-12-31T23:59:59.999Z');
  assertError(await clock({ advance: '1ms' }), 400, '10015', '/advance');
  // A message sent at the very end still answers with valid times.
  const m = await s.request('POST', '/v2/messages', { body: { from: '+18445550001', to: '+18665550002', text: 'end' } });
  assert.equal(m.status, 200, m.text);
  assert.equal(m.json.data.received_at, '9999-12-31T23:59:59.999Z');
  assert.equal(m.json.data.valid_until, '9999-12-31T23:59:59.999Z', 'a time past the end shows as the end');
  // The full reset brings the configured start back.
  assert.equal((await s.request('POST', '/_mock/reset', { key: null })).status, 200);
  assert.match((await s.request('GET', '/_mock/clock', { key: null })).json.now, /^2026-/);
});

test('a start outside 1970-9999 stops the server with exit status 2', async () => {
  const r = await runOnce(['--clock-start', '1969-12-31T23:59:59Z', '--port', '0']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /1970-01-01 to 9999-12-31/);
  assertError(await clock({ set: '1969-01-01T00:00:00Z' }), 400, '10015', '/set');
});

test('reset: the tenant in the body is honoured like the query\'s; bad bytes change nothing', async () => {
  const send = (key) => s.request('POST', '/v2/messages', { key, body: { from: '+18445550001', to: '+18665550002', text: key } });
  const count = async (key) => (await s.request('GET', `/_mock/messages?tenant=${key}`, { key: null })).json.data.length;
  await send('keep-me');
  await send('wipe-me');
  const r = await s.request('POST', '/_mock/reset', { key: null, body: { tenant: 'wipe-me' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(await count('wipe-me'), 0);
  assert.equal(await count('keep-me'), 1, 'a tenant reset in the body leaves the others');
  assertError(await s.request('POST', '/_mock/reset?tenant=a', { key: null, body: { tenant: 'b' } }), 400, '10015', '/tenant');
  assertError(await s.request('POST', '/_mock/reset', { key: null, body: { tenant: 5 } }), 400, '10015', '/tenant');
  const bad = await s.request('POST', '/_mock/reset?tenant=%FF', { key: null });
  assertError(bad, 400, '10015');
  assert.equal(await count('keep-me'), 1, 'nothing was reset');
});

test('a fault matches the decoded path: percent-encoding does not get around it', async () => {
  const f = await s.request('POST', '/_mock/faults', { key: null, body: { method: 'POST', path: '/v2/messages', status: 503 } });
  assert.equal(f.status, 200, f.text);
  const body = { from: '+18445550001', to: '+18665550002', text: 'x' };
  assertError(await s.request('POST', '/v2/messages', { body }), 503, '10007');
  assertError(await s.request('POST', '/v2/%6Dessages', { body }), 503, '10007');
  assert.equal((await s.request('DELETE', '/_mock/faults', { key: null })).status, 200);
  assert.equal((await s.request('POST', '/v2/%6Dessages', { body })).status, 200);
});

test('a seeded run killed with -9 continues its id sequence on restart', async () => {
  const t = tempDir();
  try {
    const db = `${t.dir}/seq.db`;
    const ids = async (srv, n) => {
      const out = [];
      for (let i = 0; i < n; i++) out.push((await srv.request('POST', '/v2/messages', { body: { from: '+18445550001', to: '+18665550002', text: `m${i}` } })).json.data.id);
      return out;
    };
    // A draw nothing checks for a clash (a new profile's v1_secret) shows where the sequence is.
    const secret = async (srv) => (await srv.request('POST', '/v2/messaging_profiles', { body: { name: 'p', whitelisted_destinations: ['US'] } })).json.data.v1_secret;
    // The sequence a seeded run gives when nothing interrupts it.
    const whole = await start(['--seed', '42'], { db: `${t.dir}/whole.db` });
    const expected = await ids(whole, 3);
    const expectedSecret = await secret(whole);
    await whole.stop();
    // The same run killed after three sends: what it draws next is what the whole run drew.
    const a = await start(['--seed', '42'], { db });
    assert.deepEqual(await ids(a, 3), expected);
    await a.kill();
    const b = await start(['--seed', '42'], { db });
    assert.equal(await secret(b), expectedSecret, 'the sequence continues; nothing repeats');
    await b.stop();
  } finally {
    t.remove();
  }
});

test('bytes that are not UTF-8 in a path or a query are a 400 before anything happens', async () => {
  assertError(await s.request('GET', '/v2/messages/%FF'), 400, '10015');
  const q = assertError(await s.request('GET', '/_mock/messages?to=%C0%AF', { key: null }), 400, '10015');
  assert.deepEqual(q.source, { parameter: 'to' });
  assertError(await s.request('POST', '/v2/messages?x=%ED%A0%80', { body: { from: '+18445550001', to: '+18665550002', text: 'x' } }), 400, '10015');
  const count = (await s.request('GET', '/_mock/messages?tenant=test-key', { key: null })).json.data.length;
  assertError(await s.request('POST', '/v2/messages?tag=%FF', { body: { from: '+18445550001', to: '+18665550002', text: 'x' } }), 400, '10015');
  assert.equal((await s.request('GET', '/_mock/messages?tenant=test-key', { key: null })).json.data.length, count, 'nothing stored');
  // Well-formed text passes: %C3%A9 is é.
  assert.equal((await s.request('GET', '/_mock/messages?to=%C3%A9', { key: null })).status, 200);
});

test('journal entries stay small and print as JSON: long texts cut, stray bytes shown as ?', async () => {
  const long = 'q=' + 'x'.repeat(30000);
  assert.equal((await s.request('GET', `/v2/messages/834f3d53-8a3c-4aa0-a733-7f2d682a72df?${long}`)).status, 200);
  // A path with a raw byte that is not UTF-8, as no client library would send it.
  const net = await import('node:net');
  await new Promise((resolve, reject) => {
    const c = net.connect(s.port, s.host, () => {
      // 0xff, then a surrogate (ED A0 80) and an overlong '/' (C0 AF): none is a character.
      c.write(Buffer.concat([Buffer.from('GET /v2/messages/'), Buffer.from([0xff, 0xed, 0xa0, 0x80, 0xc0, 0xaf]), Buffer.from(' HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer test-key\r\nConnection: close\r\n\r\n')]));
    });
    const timer = setTimeout(() => { c.destroy(); reject(new Error('no answer in 5 s')); }, 5000);
    c.on('data', () => {});
    c.on('close', () => { clearTimeout(timer); resolve(); });
    c.on('error', reject);
  });
  const j = await s.request('GET', '/_mock/requests?limit=2', { key: null });
  assert.equal(j.status, 200, j.text);
  const [first, second] = j.json.data;
  assert.equal(first.truncated, true);
  assert.ok(first.query.length <= 2048 && first.query.startsWith('q=xxx'), String(first.query.length));
  assert.equal(second.path, '/v2/messages/??????');
  assert.equal(second.truncated, false);
  assert.ok(j.text.length < 8000, 'two entries, a few KB');
});

test('faults: a spent one stays listed with its hits; Retry-After is the fault\'s to set', async () => {
  const add = (b) => s.request('POST', '/_mock/faults', { key: null, body: b });
  assert.equal((await add({ method: 'GET', path: '/v2/messages/*', status: 500, count: 1 })).status, 200);
  const get = () => s.request('GET', '/v2/messages/834f3d53-8a3c-4aa0-a733-7f2d682a72df');
  assertError(await get(), 500, '10007');
  assert.equal((await get()).status, 200, 'spent');
  let list = (await s.request('GET', '/_mock/faults', { key: null })).json.data;
  assert.deepEqual(list.map((f) => [f.path, f.count, f.hits]), [['/v2/messages/*', 0, 1]]);
  assert.equal((await add({ method: 'GET', path: '/v2/messages/*', status: 503, retry_after: 7 })).json.data.retry_after, 7);
  let r = await get();
  assertError(r, 503, '10007');
  assert.equal(r.headers['retry-after'], '7');
  await s.request('DELETE', '/_mock/faults', { key: null });
  await add({ method: 'GET', path: '/v2/messages/*', status: 429, retry_after: 0 });
  r = await get();
  assertError(r, 429, '10011');
  assert.equal(r.headers['retry-after'], undefined, 'retry_after 0: no header');
  assertError(await add({ path: '/v2/messages', status: 503, retry_after: 3601 }), 400, '10015', '/retry_after');
  // A full list makes room by forgetting a spent fault; with none spent, it is full.
  await s.request('DELETE', '/_mock/faults', { key: null });
  await add({ method: 'GET', path: '/v2/messages/*', status: 500, count: 1 });
  assertError(await get(), 500, '10007');
  for (let i = 0; i < 255; i++) assert.equal((await add({ path: `/v2/x${i}`, status: 500 })).status, 200);
  assert.equal((await add({ path: '/v2/one-more', status: 500 })).status, 200, 'the spent fault made room');
  list = (await s.request('GET', '/_mock/faults', { key: null })).json.data;
  assert.equal(list.length, 256);
  assert.ok(!list.some((f) => f.count === 0));
  assertError(await add({ path: '/v2/full', status: 500 }), 400, '10015');
  await s.request('DELETE', '/_mock/faults', { key: null });
});

test('the journal names the caller of a faulted call and marks it injected', async () => {
  await s.request('POST', '/_mock/faults', { key: null, body: { method: 'GET', path: '/v2/messages/*', status: 502, count: 1 } });
  assertError(await s.request('GET', '/v2/messages/834f3d53-8a3c-4aa0-a733-7f2d682a72df', { key: 'faulted-key' }), 502, '10007');
  assert.equal((await s.request('GET', '/v2/messages/834f3d53-8a3c-4aa0-a733-7f2d682a72df', { key: 'faulted-key' })).status, 200);
  const [hit, plain] = (await s.request('GET', '/_mock/requests?limit=2', { key: null })).json.data;
  assert.equal(hit.status, 502);
  assert.equal(hit.injected, true);
  assert.match(hit.tenant, /^t_[0-9a-f]{16}$/, 'not null: the caller is known');
  assert.equal(hit.tenant, plain.tenant, 'the same label as its next, unfaulted call');
  assert.equal(plain.injected, false);
  await s.request('DELETE', '/_mock/faults', { key: null });
});

// docs/behaviour.md §8: what is stored is bounded; past a bound the precise 400 and pointer,
// and nothing is stored.
test('stored lists, tags and names are bounded: 400 with the pointer, nothing stored', async () => {
  const SMS = { from: '+18445550001', to: '+18665550002', text: 'bounded' };
  const before = (await s.request('GET', '/_mock/messages?per_page=1', { key: null })).json.meta.total_results;
  const cases = [
    [{ ...SMS, tags: Array.from({ length: 101 }, (_, i) => `t${i}`) }, '/tags'],
    [{ ...SMS, tags: ['ok', 'x'.repeat(257)] }, '/tags/1'],
  ];
  for (const [body, pointer] of cases) assertError(await s.request('POST', '/v2/messages', { body }), 400, '10015', pointer);
  assert.equal((await s.request('GET', '/_mock/messages?per_page=1', { key: null })).json.meta.total_results, before);
  // At the bounds, taken.
  const ok = await s.request('POST', '/v2/messages', { body: { ...SMS, tags: Array.from({ length: 100 }, () => 'y'.repeat(256)) } });
  assert.equal(ok.status, 200, ok.text);
  const profile = { name: 'bounded', whitelisted_destinations: ['US'] };
  const bad = [
    [{ ...profile, whitelisted_destinations: Array.from({ length: 251 }, () => 'US') }, '/whitelisted_destinations'],
    [{ ...profile, alpha_sender: 'TwelveChars!' }, '/alpha_sender'],
    [{ ...profile, ai_assistant_id: 'a'.repeat(65) }, '/ai_assistant_id'],
    [{ ...profile, resource_group_id: 'r'.repeat(65) }, '/resource_group_id'],
    [{ ...profile, features: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i])) }, '/features'],
    [{ ...profile, number_pool_settings: { long_code_weight: 1, toll_free_weight: 1, skip_unhealthy: true, extra: 'z'.repeat(5000) } }, '/number_pool_settings'],
  ];
  const count = async () => (await s.request('GET', '/v2/messaging_profiles?page[size]=250')).json.meta.total_results;
  const n = await count();
  for (const [body, pointer] of bad) assertError(await s.request('POST', '/v2/messaging_profiles', { body }), 400, '10015', pointer);
  assert.equal(await count(), n, 'a refused profile was stored');
  const good = await s.request('POST', '/v2/messaging_profiles', { body: { ...profile, alpha_sender: 'ElevenChars', ai_assistant_id: 'a'.repeat(64), whitelisted_destinations: Array.from({ length: 250 }, () => 'US') } });
  assert.equal(good.status, 200, good.text);
  const id = good.json.data.id;
  assertError(await s.request('PATCH', `/v2/messaging_profiles/${id}`, { body: { features: { big: 'f'.repeat(5000) } } }), 400, '10015', '/features');
});
