// docs/behaviour.md §8: no idle client can hold the body budget. The finding: 33 connections
// that declared 1 MiB and sent a byte every 10 s held the whole --body-memory (32 MiB, reserved
// by the declared length) and every other POST of every tenant was a 503 for the whole test.
// Now the budget is charged for bytes received, and a body slower than 1 KiB/s after a 5 s grace
// is answered 408 and closed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { start, SMS, SLOWDOWN } from '../integration/lib/server.mjs';

const FULL = process.env.MDRMOCK_HOSTILE_FULL === '1';
const TRICKLERS = 33;
const EVERY_MS = FULL ? 10000 : 1000; // one byte per trickler this often
const RUN_MS = FULL ? 45000 : 9000;

test(`${TRICKLERS} trickling 1 MiB bodies: another client's POSTs succeed (>= 99 %), the tricklers get 408`, { timeout: (RUN_MS + 60000) * SLOWDOWN }, async () => {
  const s = await start([], { clock: false });
  const socks = [];
  const answers = [];
  const timers = [];
  try {
    const t0 = Date.now();
    for (let i = 0; i < TRICKLERS; i++) {
      const sock = net.connect(s.port, s.host);
      await new Promise((r) => sock.on('connect', r));
      sock.on('error', () => {});
      let got = '';
      answers.push(new Promise((resolve) => {
        sock.on('data', (d) => (got += d));
        sock.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(got)?.[1] ?? 0), at: Date.now() - t0, text: got }));
      }));
      sock.write(`POST /v2/messages HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer trickler-${i}\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n`);
      timers.push(setInterval(() => { if (!sock.destroyed) sock.write('{'); }, EVERY_MS));
      socks.push(sock);
    }
    // Another tenant sends as fast as one connection goes, for the whole run.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const tally = { ok: 0, other: 0, codes: {} };
    while (Date.now() - t0 < RUN_MS) {
      const status = await new Promise((resolve) => {
        const req = http.request({ host: s.host, port: s.port, method: 'POST', path: '/v2/messages', agent, headers: { authorization: 'Bearer bystander', 'content-type': 'application/json' } }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
        req.on('error', () => resolve(0));
        req.setTimeout(5000 * SLOWDOWN, () => { req.destroy(); resolve(0); });
        req.end(JSON.stringify(SMS));
      });
      if (status === 200) tally.ok++;
      else { tally.other++; tally.codes[status] = (tally.codes[status] ?? 0) + 1; }
    }
    agent.destroy();
    const rate = tally.ok / (tally.ok + tally.other);
    console.log(`# bystander POSTs: ${tally.ok} of ${tally.ok + tally.other} succeeded (${(rate * 100).toFixed(2)} %) ${JSON.stringify(tally.codes)}`);
    assert.ok(rate >= 0.99, `bystander success ${rate}: ${JSON.stringify(tally)}`);
    // Every trickler was answered 408 and closed after the grace, at its first byte past it.
    const deadline = new Promise((r) => setTimeout(() => r('timeout'), 20000 * SLOWDOWN));
    const got = await Promise.race([Promise.all(answers), deadline]);
    assert.notEqual(got, 'timeout', 'a trickler was never answered');
    for (const a of got) {
      assert.equal(a.status, 408, a.text);
      assert.match(a.text, /Connection: close/i);
      assert.match(a.text, /"code":"10015"/);
      assert.ok(a.at >= 5000 && a.at <= 5000 + EVERY_MS + 3000 * SLOWDOWN, `answered at ${a.at} ms`);
    }
    console.log(`# tricklers answered 408 after ${Math.min(...got.map((a) => a.at))}-${Math.max(...got.map((a) => a.at))} ms`);
    // And the server still takes bodies.
    assert.equal((await s.request('POST', '/v2/messages', { body: SMS })).status, 200);
  } finally {
    for (const t of timers) clearInterval(t);
    for (const x of socks) x.destroy();
    await s.stop();
  }
});

test('a body sent at a fair pace is taken, however long it takes past the grace', { timeout: 60000 * SLOWDOWN }, async () => {
  const s = await start();
  try {
    // 8 KiB over about 6 s: 1.4 KiB/s, above the floor.
    const body = Buffer.from(JSON.stringify({ ...SMS, text: 'pace', tags: Array.from({ length: 40 }, (_, i) => `${i}`.padEnd(200, 'p')) }));
    const r = await new Promise((resolve, reject) => {
      const sock = net.connect(s.port, s.host, async () => {
        sock.write(`POST /v2/messages HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer k\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`);
        for (let off = 0; off < body.length; off += 700) {
          sock.write(body.subarray(off, off + 700));
          await new Promise((r) => setTimeout(r, 500));
        }
      });
      let got = '';
      sock.on('data', (d) => (got += d));
      sock.on('close', () => resolve(got));
      sock.on('error', reject);
    });
    assert.match(r, /^HTTP\/1\.1 200 /, r.slice(0, 300));
  } finally {
    await s.stop();
  }
});
