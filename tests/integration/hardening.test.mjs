// Bad input and limits (docs/behaviour.md §8): bad input never crashes or changes anything,
// slow and idle clients are handled, and acknowledged messages survive
// SIGKILL under concurrent load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { join } from 'node:path';
import { start, SMS, assertError, tempDir, request, SLOWDOWN } from './lib/server.mjs';

test('bad bodies: deep nesting, numbers out of range, NUL, truncated JSON: precise 400s', async () => {
  const s = await start();
  try {
    const deep = '{"to":' + '['.repeat(200) + ']'.repeat(200) + '}';
    // Deeper than our limit (32) but within jansson's own, in a field that is otherwise ignored.
    const deepUnknown = '{"to":"+18665550002","from":"+18445550001","text":"x","extra":' + '['.repeat(40) + ']'.repeat(40) + '}';
    const cases = [
      [deep, '10015'], // deeper than our limit
      [deepUnknown, '10015'],
      ['{"text":1e400,"to":"+18665550002","from":"+18445550001"}', '10015'], // a number we cannot hold
      ['{"parts":123456789012345678901234567890}', '10015'],
      ['{"text":"a\\u0000b","to":"+18665550002","from":"+18445550001"}', '10015'], // a NUL in a string
      ['{"to":"+18665550002","from":"+18445550001","text":"x"', '10023'], // truncated: not JSON
      ['\u0000', '10023'],
    ];
    for (const [body, code] of cases) {
      const r = await s.request('POST', '/v2/messages', { body });
      assert.equal(r.status, 400, `${body.slice(0, 40)} -> ${r.text}`);
      assert.equal(r.json.errors[0].code, code, `${body.slice(0, 40)} -> ${r.text}`);
    }
    // Nothing was stored by any of them.
    const list = await s.request('GET', '/_mock/messages?per_page=250', { key: null });
    assert.equal(list.json.meta.total_results, 1, 'only the seed fixture');
  } finally {
    await s.stop();
  }
});

test('very long headers get 431 from the HTTP layer; the server goes on', async () => {
  const s = await start();
  try {
    const r = await request(s, 'GET', '/_mock/health', { key: null, headers: { 'x-big': 'a'.repeat(40000) }, checkJson: false }).catch((e) => ({ status: 'reset', e }));
    assert.ok(r.status === 431 || r.status === 'reset', String(r.status));
    assert.equal((await s.request('GET', '/_mock/health', { key: null })).status, 200);
    assertError(await s.request('GET', '/v2/messages/' + 'b'.repeat(8192)), 414, '10015');
  } finally {
    await s.stop();
  }
});

test('a client that stalls mid-request is cut off after --conn-timeout', async () => {
  const s = await start(['--conn-timeout', '1s']);
  try {
    const sock = net.connect(s.port, '127.0.0.1');
    await new Promise((r) => sock.on('connect', r));
    sock.write('GET /_mock/health HTTP/1.1\r\nHost: localhost\r\n'); // never finished
    const t0 = Date.now();
    await new Promise((resolve, reject) => {
      sock.on('close', resolve);
      sock.on('error', resolve);
      setTimeout(() => reject(new Error('still open after 5 s')), 5000);
    });
    const took = Date.now() - t0;
    assert.ok(took >= 500 && took < 4000, `closed after ${took} ms`);
  } finally {
    await s.stop();
  }
});

test('3,000 idle connections do not stop a new request being answered within a second', async () => {
  const s = await start();
  const socks = [];
  try {
    for (let i = 0; i < 3000; i++) {
      const c = net.connect(s.port, '127.0.0.1');
      c.on('error', () => {});
      socks.push(c);
    }
    await Promise.all(socks.map((c) => new Promise((r) => (c.connecting ? c.on('connect', r) : r()))));
    const t0 = Date.now();
    const r = await s.request('GET', '/_mock/health', { key: null });
    assert.equal(r.status, 200);
    assert.ok(Date.now() - t0 < 1000 * SLOWDOWN, `answered in ${Date.now() - t0} ms`);
  } finally {
    for (const c of socks) c.destroy();
    await s.stop();
  }
});

test('SIGKILL mid-stream: every message answered 200 is there after a restart', async () => {
  const t = tempDir();
  try {
    const db = join(t.dir, 'crash.db');
    let s = await start([], { db });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const acked = [];
    let stop = false;
    const client = async (n) => {
      while (!stop) {
        try {
          const r = await request(s, 'POST', '/v2/messages', { body: { ...SMS, text: `c${n}` }, agent });
          if (r.status === 200) acked.push(r.json.data.id);
        } catch {
          return; // the server is gone
        }
      }
    };
    const clients = Array.from({ length: 8 }, (_, i) => client(i));
    await new Promise((r) => setTimeout(r, 700));
    await s.kill();
    stop = true;
    await Promise.all(clients);
    agent.destroy();
    assert.ok(acked.length > 50, `${acked.length} acknowledged`);
    s = await start([], { db });
    const missing = [];
    for (const id of acked) if ((await s.request('GET', `/v2/messages/${id}`)).status !== 200) missing.push(id);
    assert.deepEqual(missing, []);
    await s.stop();
  } finally {
    t.remove();
  }
});
