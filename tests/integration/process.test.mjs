// The process behaviour of docs/behaviour.md §7: flags, the ready line,
// signals, persistence, seeded determinism, keep-alive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { start, runOnce, tempDir, SMS, send, get, request, assertError, SEED_ID } from './lib/server.mjs';

test('bad flags: one line on stderr, exit code 2, nothing on stdout', async () => {
  for (const args of [['--port', 'x'], ['--port', '70000'], ['--nope'], ['--clock', 'sometimes'], ['--clock-start', 'yesterday'], ['--time-scale', '-1'], ['--tenancy', 'mixed'], ['--max-body', '0'], ['--seed'], ['stray']]) {
    const r = await runOnce(['--db', ':memory:', ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}; ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${r.stderr}`);
  }
  const env = await runOnce(['--db', ':memory:'], { MDRMOCK_PORT: 'eighty' });
  assert.equal(env.code, 2);
  assert.match(env.stderr, /MDRMOCK_PORT/);
});

test('--help and --version exit 0', async () => {
  const h = await runOnce(['--help']);
  assert.equal(h.code, 0);
  for (const flag of ['--host', '--port', '--db', '--fixtures', '--clock', '--clock-start', '--time-scale', '--seed', '--tenancy', '--api-key', '--max-body', '--status-vocabulary', 'MDRMOCK_PORT']) {
    assert.ok(h.stdout.includes(flag), `--help mentions ${flag}`);
  }
  const v = await runOnce(['--version']);
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^mdrmock \d+\.\d+\.\d+\n$/);
});

test('the ready line names the real port; MDRMOCK_PORT and MDRMOCK_HOST are honoured', async () => {
  const probe = net.createServer();
  await new Promise((r) => probe.listen(0, '127.0.0.1', r));
  const port = probe.address().port;
  await new Promise((r) => probe.close(r));
  const s = await start([], { env: { MDRMOCK_HOST: '127.0.0.1' } });
  assert.notEqual(s.port, 0);
  await s.stop();
  const e = await runOnceUntilReady(['--db', ':memory:'], { MDRMOCK_PORT: String(port) });
  assert.equal(e, `mdrmock listening on http://127.0.0.1:${port}`);
});

// Starts with only the environment choosing the port, returns the ready line, stops it.
async function runOnceUntilReady(args, env) {
  const { spawn } = await import('node:child_process');
  const { BIN } = await import('./lib/server.mjs');
  const p = spawn(BIN, args, { env: { ...process.env, ...env } });
  let out = '';
  const line = await new Promise((resolve, reject) => {
    p.stdout.on('data', (d) => { out += d; if (out.includes('\n')) resolve(out.split('\n')[0]); });
    p.on('close', (c) => reject(new Error(`exited ${c}`)));
  });
  const code = await new Promise((r) => { p.removeAllListeners('close'); p.on('close', r); p.kill('SIGINT'); });
  assert.equal(code, 0);
  return line;
}

test('SIGTERM and SIGINT: exit 0', async () => {
  for (const sig of ['SIGTERM', 'SIGINT']) {
    const s = await start();
    await send(s);
    await s.stop(sig);
  }
});

test('SIGTERM with requests in flight: every request gets its whole answer', async () => {
  const s = await start();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const pending = [];
  for (let i = 0; i < 40; i++) pending.push(request(s, 'POST', '/v2/messages', { body: SMS, agent }).then((r) => r.status, () => 'refused'));
  await new Promise((r) => setTimeout(r, 5));
  s.proc.kill('SIGTERM');
  const outcomes = await Promise.all(pending);
  agent.destroy();
  // A request is either answered in full (request() checks Content-Length and
  // parses the JSON) or refused before it started; never cut off mid-response.
  for (const o of outcomes) assert.ok(o === 200 || o === 'refused', String(o));
  await s.stop();
});

test('a file database keeps messages across a restart', async () => {
  const t = tempDir();
  try {
    const db = join(t.dir, 'state.db');
    let s = await start([], { db });
    const m = await send(s, SMS, 'persist');
    const before = (await get(s, m.id, 'persist')).json;
    await s.stop();
    assert.ok(existsSync(db));
    s = await start([], { db });
    const r = await get(s, m.id, 'persist');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, before);
    assertError(await get(s, m.id, 'other'), 404, '10005');
    assert.equal((await get(s, SEED_ID)).status, 200, 'fixtures are not duplicated');
    await s.stop();
  } finally {
    t.remove();
  }
});

test('a message answered 200 survives kill -9', async () => {
  const t = tempDir();
  try {
    const db = join(t.dir, 'crash.db');
    let s = await start([], { db });
    const ids = [];
    for (let i = 0; i < 20; i++) ids.push((await send(s, { ...SMS, text: `n${i}` })).id);
    await s.kill();
    s = await start([], { db });
    for (const [i, id] of ids.entries()) {
      const r = await get(s, id);
      assert.equal(r.status, 200, `${id}: ${r.text}`);
      assert.equal(r.json.data.text, `n${i}`);
    }
    await s.stop();
  } finally {
    t.remove();
  }
});

test('--seed: two runs with the same inputs give byte-identical answers', async () => {
  const run = async (extra) => {
    const s = await start(['--seed', '42']);
    const out = [];
    try {
      if (extra) {
        // A refused request draws no id and stores nothing.
        assert.equal((await s.request('POST', '/v2/messages', { body: { ...SMS, to: 'x' } })).status, 400);
      }
      for (const to of ['+18665550002', '+18665550101', '+447700900123']) {
        const r = await s.request('POST', '/v2/messages', { body: { ...SMS, to }, key: 'same' });
        out.push(r.text);
        out.push((await s.request('GET', `/v2/messages/${r.json.data.id}`, { key: 'same' })).text);
      }
    } finally {
      await s.stop();
    }
    return out;
  };
  const a = await run(false);
  const b = await run(true);
  assert.deepEqual(b, a);
  const ids = a.filter((_, i) => i % 2 === 0).map((t) => JSON.parse(t).data.id);
  assert.equal(new Set(ids).size, 3);
});

test('--seed on a reused database continues past the ids it already stored', async () => {
  const t = tempDir();
  try {
    const db = join(t.dir, 'seeded.db');
    let s = await start(['--seed', '7'], { db });
    const first = await send(s);
    await s.stop();
    s = await start(['--seed', '7'], { db });
    const second = await send(s);
    assert.notEqual(second.id, first.id);
    assert.equal((await get(s, first.id)).json.data.text, SMS.text);
    await s.stop();
  } finally {
    t.remove();
  }
});

test('keep-alive: two requests reuse one connection, with an exact Content-Length', async () => {
  const s = await start();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const a = await request(s, 'POST', '/v2/messages', { body: SMS, agent });
    const b = await request(s, 'GET', `/v2/messages/${a.json.data.id}`, { agent });
    const c = await request(s, 'GET', '/v2/messages/nope', { agent });
    assert.equal(a.reusedSocket, false);
    assert.equal(b.reusedSocket, true, 'the second request reused the socket');
    assert.equal(c.reusedSocket, true, 'an error answer keeps the connection too');
    assert.notEqual(b.headers.connection, 'close');
    assert.equal(c.status, 404);
  } finally {
    agent.destroy();
    await s.stop();
  }
});

test('--fixtures none starts empty; a fixtures file goes through the API validation', async () => {
  let s = await start(['--fixtures', 'none']);
  assertError(await get(s, SEED_ID), 404, '10005');
  await s.stop();
  const t = tempDir();
  try {
    const { writeFileSync } = await import('node:fs');
    const good = join(t.dir, 'good.json');
    writeFileSync(good, JSON.stringify({ messages: [{ id: '11111111-2222-4333-8444-555555555555', tenant: 'fx', from: '+18445550001', to: '+18665550101', text: 'fixture', received_at: '2026-01-05T11:00:00Z' }] }));
    s = await start(['--fixtures', good]);
    const r = await get(s, '11111111-2222-4333-8444-555555555555', 'fx');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.to[0].status, 'delivery_failed');
    assertError(await get(s, '11111111-2222-4333-8444-555555555555', 'other'), 404, '10005');
    await s.stop();
    const bad = join(t.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ messages: [{ from: '+18445550001', to: 'nope', text: 'x' }] }));
    const b = await runOnce(['--db', ':memory:', '--fixtures', bad]);
    // A start-up failure (not a usage error): exit 1 with the pointer into the file.
    assert.equal(b.code, 1, b.stderr);
    assert.match(b.stderr, /bad\.json: \/messages\/0\/to: /);
    const missing = await runOnce(['--db', ':memory:', '--fixtures', join(t.dir, 'missing.json')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /missing\.json/);
  } finally {
    t.remove();
  }
});

test('a database file is one server\'s: a second server on it stops with the reason', { timeout: 60000 }, async () => {
  const t = tempDir();
  let s;
  try {
    const db = join(t.dir, 'one.db');
    s = await start([], { db });
    await send(s, SMS);
    const second = await runOnce(['--port', '0', '--db', db]);
    assert.equal(second.code, 1, second.stderr);
    assert.match(second.stderr, /in use by another process/);
    // The first goes on, its data whole.
    assert.equal((await s.request('GET', '/_mock/health', { key: null })).status, 200);
  } finally {
    if (s) await s.stop();
    t.remove();
  }
});
