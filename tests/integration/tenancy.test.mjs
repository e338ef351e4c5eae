// Authentication and tenancy (docs/behaviour.md §1.2); reset, clock and health (docs/behaviour.md §6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start, tempDir, SMS, send, get, advance, assertError, SEED_ID, START } from './lib/server.mjs';

test('per-key tenancy: another key gets 404 for my message, never 403', async () => {
  const s = await start();
  try {
    const m = await send(s, SMS, 'key-a');
    assert.equal((await get(s, m.id, 'key-a')).status, 200);
    assertError(await get(s, m.id, 'key-b'), 404, '10005');
    // The same credential through another accepted spelling is the same tenant... on v2 only
    // Bearer exists, so a different Bearer value is a different tenant, case-sensitively.
    assertError(await get(s, m.id, 'KEY-A'), 404, '10005');
  } finally {
    await s.stop();
  }
});

test('--tenancy shared: every key sees every message', async () => {
  const s = await start(['--tenancy', 'shared']);
  try {
    const m = await send(s, SMS, 'key-a');
    assert.equal((await get(s, m.id, 'key-b')).status, 200);
    assert.equal((await get(s, SEED_ID, 'key-c')).status, 200);
  } finally {
    await s.stop();
  }
});

test('--api-key allow-list: listed keys pass, others are 401; MDRMOCK_API_KEY too', async () => {
  let s = await start(['--api-key', 'good1', '--api-key', 'good2']);
  try {
    const m = await send(s, SMS, 'good1');
    assert.equal((await get(s, m.id, 'good1')).status, 200);
    assertError(await get(s, m.id, 'bad'), 401, '10009');
    assertError(await s.request('POST', '/v2/messages', { body: SMS, key: 'bad' }), 401, '10009');
    assertError(await get(s, m.id, 'good2'), 404, '10005'); // allowed, but another tenant
    // The control API needs no credentials.
    assert.equal((await s.request('GET', '/_mock/health', { key: null })).status, 200);
  } finally {
    await s.stop();
  }
  s = await start([], { env: { MDRMOCK_API_KEY: 'envkey' } });
  try {
    assert.equal((await s.request('POST', '/v2/messages', { body: SMS, key: 'envkey' })).status, 200);
    assertError(await s.request('POST', '/v2/messages', { body: SMS, key: 'other' }), 401, '10009');
  } finally {
    await s.stop();
  }
});

test('health answers ok with the version', async () => {
  const s = await start();
  try {
    const r = await s.request('GET', '/_mock/health', { key: null });
    assert.equal(r.status, 200);
    assert.equal(r.json.status, 'ok');
    assert.match(r.json.version, /^\d+\.\d+\.\d+$/);
  } finally {
    await s.stop();
  }
});

test('clock: get, advance by duration and seconds, set, freeze, never backwards', async () => {
  const s = await start();
  try {
    const c = (body) => s.request('POST', '/_mock/clock', { body, key: null });
    let r = await s.request('GET', '/_mock/clock', { key: null });
    assert.deepEqual(r.json, { now: START, frozen: true, time_scale: 1 });
    r = await c({ advance: '31d' });
    assert.equal(r.json.now, '2026-02-05T12:00:00.000Z');
    r = await c({ advance_seconds: 60 });
    assert.equal(r.json.now, '2026-02-05T12:01:00.000Z');
    r = await c({ advance: '1h30m' });
    assert.equal(r.json.now, '2026-02-05T13:31:00.000Z');
    r = await c({ set: '2026-03-01T00:00:00+01:00' });
    assert.equal(r.json.now, '2026-02-28T23:00:00.000Z');
    assertError(await c({ set: '2026-01-01T00:00:00Z' }), 400, '10015', '/set');
    assertError(await c({ advance_seconds: -5 }), 400, '10015', '/advance_seconds');
    assertError(await c({ advance: '-1d' }), 400, '10015', '/advance');
    assertError(await c({ advance: 'soon' }), 400, '10015', '/advance');
    assertError(await c({ advance: '1d', set: '2027-01-01T00:00:00Z' }), 400, '10015');
    assertError(await c({ freeze: 'yes' }), 400, '10015', '/freeze');
    assertError(await c({}), 400, '10004');
    r = await s.request('GET', '/_mock/clock', { key: null });
    assert.equal(r.json.now, '2026-02-28T23:00:00.000Z', 'refused moves change nothing');
    // Unfrozen, it runs with real time.
    r = await c({ freeze: false });
    assert.equal(r.json.frozen, false);
    await new Promise((res) => setTimeout(res, 60));
    r = await s.request('GET', '/_mock/clock', { key: null });
    assert.ok(Date.parse(r.json.now) >= Date.parse('2026-02-28T23:00:00.050Z'), r.json.now);
    r = await c({ freeze: true });
    const frozenAt = r.json.now;
    await new Promise((res) => setTimeout(res, 30));
    assert.equal((await s.request('GET', '/_mock/clock', { key: null })).json.now, frozenAt);
  } finally {
    await s.stop();
  }
});

test('--time-scale: a real second is a scaled virtual span', async () => {
  const s = await start(['--time-scale', '3600', '--clock', 'real'], { clock: false });
  try {
    const a = Date.parse((await s.request('GET', '/_mock/clock', { key: null })).json.now);
    const m = await send(s);
    await new Promise((res) => setTimeout(res, 200));
    const b = Date.parse((await s.request('GET', '/_mock/clock', { key: null })).json.now);
    // 200 ms real at 3600x is 12 virtual minutes; allow generous scheduling slack.
    assert.ok(b - a >= 600000, `moved ${b - a} ms`);
    assert.equal((await get(s, m.id)).json.data.to[0].status, 'delivered');
    assert.equal((await s.request('GET', '/_mock/clock', { key: null })).json.time_scale, 3600);
  } finally {
    await s.stop();
  }
});

test('reset: everything, or one tenant; fixtures and the clock come back', async () => {
  const s = await start();
  try {
    const a = await send(s, SMS, 'a');
    const b = await send(s, SMS, 'b');
    let r = await s.request('POST', '/_mock/reset?tenant=a', { key: null });
    assert.equal(r.status, 200, r.text);
    assertError(await get(s, a.id, 'a'), 404, '10005');
    assert.equal((await get(s, b.id, 'b')).status, 200);
    assert.equal((await get(s, SEED_ID, 'a')).status, 200);
    await advance(s, '2d');
    r = await s.request('POST', '/_mock/reset', { key: null });
    assert.equal(r.status, 200);
    assert.equal(r.json.status, 'ok');
    assertError(await get(s, b.id, 'b'), 404, '10005');
    assert.equal((await get(s, SEED_ID, 'b')).status, 200);
    assert.equal((await s.request('GET', '/_mock/clock', { key: null })).json.now, START);
    // A JSON body is optional, but if present it must be JSON.
    r = await s.request('POST', '/_mock/reset', { key: null, body: '{}' });
    assert.equal(r.status, 200);
    r = await s.request('POST', '/_mock/reset', { key: null, body: 'x', headers: { 'content-type': 'text/plain' } });
    assertError(r, 415, '10014');
  } finally {
    await s.stop();
  }
});

test('a tenant\'s reset of more than one step (1,200 messages, events and attempts) takes them all, and only them', { timeout: 120000 }, async () => {
  const s = await start(['--webhook-backoff', '10ms', '--webhook-attempts', '1']);
  try {
    // 1,200 messages with webhooks to a closed port: events and failed attempts too.
    const hook = 'http://127.0.0.1:9/closed';
    const jobs = [];
    for (let i = 0; i < 1200; i++) jobs.push(send(s, { ...SMS, text: `bulk ${i}`, webhook_url: hook }, 'big'));
    const mine = [];
    for (let i = 0; i < jobs.length; i += 50) mine.push(...(await Promise.all(jobs.slice(i, i + 50))));
    const other = await send(s, { ...SMS, webhook_url: hook }, 'small');
    await advance(s, '5s');
    const logged = (await s.request('GET', '/_mock/webhooks?tenant=big&limit=10000&wait=10', { key: null })).json.data;
    assert.ok(logged.length > 0, 'some attempts logged before the reset');
    const before = (await s.request('GET', '/_mock/messages?tenant=big&per_page=1', { key: null })).json;
    assert.equal(before.meta.total_results, 1200);
    const r = await s.request('POST', '/_mock/reset?tenant=big', { key: null });
    assert.equal(r.status, 200, r.text);
    const left = (await s.request('GET', '/_mock/messages?tenant=big&per_page=250', { key: null })).json;
    assert.equal(left.meta.total_results, 0, 'none of the 1,200 is left');
    for (const m of [mine[0], mine[599], mine[1199]]) assertError(await get(s, m.id, 'big'), 404, '10005');
    assert.equal((await s.request('GET', '/_mock/webhooks?tenant=big', { key: null })).json.data.length, 0);
    assert.equal((await get(s, other.id, 'small')).status, 200);
    assert.equal((await get(s, SEED_ID, 'big')).status, 200, 'the fixtures come back');
  } finally {
    await s.stop();
  }
});

test('--threads 1: a tenant\'s big reset runs off the one worker, which answers others meanwhile', { timeout: 180000 }, async () => {
  const s = await start(['--threads', '1']);
  try {
    const jobs = [];
    for (let i = 0; i < 6000; i += 100) {
      const batch = [];
      for (let k = 0; k < 100; k++) batch.push(send(s, { ...SMS, text: `bulk ${i + k}` }, 'big'));
      jobs.push(...(await Promise.all(batch)));
    }
    // Thirty steps of 200 rows.  Were the reset run on the worker thread, nothing else it
    // serves (here: everything) could answer until the reset had: health is asked again
    // and again, one at a time, until the reset answers.
    let resetDone = false;
    const t0 = Date.now();
    const reset = s.request('POST', '/_mock/reset?tenant=big', { key: null }).then((r) => { resetDone = true; return r; });
    let meanwhile = 0;
    let other = null;
    while (!resetDone && Date.now() - t0 < 60000) {
      const h = await s.request('GET', '/_mock/health', { key: null });
      assert.equal(h.status, 200);
      if (!resetDone) meanwhile++;
      if (other === null && !resetDone) other = await send(s, SMS, 'small');
    }
    const r = await reset;
    assert.equal(r.status, 200, r.text);
    assert.ok(meanwhile >= 1, `answers while the reset ran: ${meanwhile} (the reset took ${Date.now() - t0} ms)`);
    assert.ok(other !== null, 'another tenant\'s send answered while the reset ran');
    assert.equal((await get(s, other.id, 'small')).status, 200);
    assertError(await get(s, jobs[5999].id, 'big'), 404, '10005');
  } finally {
    await s.stop();
  }
});

test('--status-vocabulary legacy: the seed document\'s words', async () => {
  const s = await start(['--status-vocabulary', 'legacy']);
  try {
    const ok = await send(s);
    const fail = await send(s, { ...SMS, to: '+18665550101' });
    const gw = await send(s, { ...SMS, to: '+18665550102' });
    const dlr = await send(s, { ...SMS, to: '+18665550103' });
    assert.equal(ok.to[0].status, 'queued');
    await advance(s, '600ms');
    assert.equal((await get(s, ok.id)).json.data.to[0].status, 'queued', 'sending reads queued');
    await advance(s, '2400ms');
    assert.equal((await get(s, ok.id)).json.data.to[0].status, 'delivered');
    assert.equal((await get(s, fail.id)).json.data.to[0].status, 'failed');
    assert.equal((await get(s, gw.id)).json.data.to[0].status, 'gw_timeout');
    assert.equal((await get(s, dlr.id)).json.data.to[0].status, 'sent');
    await advance(s, '72s');
    assert.equal((await get(s, dlr.id)).json.data.to[0].status, 'dlr_timeout');
  } finally {
    await s.stop();
  }
});

test('a tenant label is keyed by the database: the same across restarts on one file, another on another database', async () => {
  const labelOf = async (s) => {
    await send(s, SMS, 'keyA');
    const r = await s.request('GET', '/_mock/messages?tenant=keyA', { key: null });
    return r.json.data[0].tenant;
  };
  const t = tempDir();
  try {
    const a = await start([], { db: `${t.dir}/a.db` });
    const first = await labelOf(a);
    await a.stop();
    assert.match(first, /^t_[0-9a-f]{16}$/);
    const again = await start([], { db: `${t.dir}/a.db` });
    assert.equal(await labelOf(again), first, 'the label changed across a restart');
    await again.stop();
    const other = await start([], { db: `${t.dir}/b.db` });
    assert.notEqual(await labelOf(other), first, 'two databases gave one label');
    await other.stop();
  } finally {
    t.remove();
  }
});
