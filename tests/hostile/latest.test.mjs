// docs/behaviour.md §6.1: long-poll waiters on a number that holds many messages of another
// tenant. The finding: 200 waiters on latest?to=N&tenant=OTHER&wait=60, with N holding 210,000
// messages of another tenant, allowed 0 POSTs in 6 s: every message to N woke them and each
// lookup filtered the tenant row by row. Now the lookup is one probe of an index by number and
// tenant (schema 0011).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { start, SLOWDOWN } from '../integration/lib/server.mjs';
import { postLoad } from './lib.mjs';

const FULL = process.env.MDRMOCK_HOSTILE_FULL === '1';
const LOADED = FULL ? 100000 : 10000;
const N = '+18665550177';

const posts = (s, ms, count) => postLoad(s, { ms, count, sockets: 16, key: 'loader', body: { from: '+18445550001', to: N, text: 'load' } });

test(`200 waiters on a number with ${LOADED} messages of another tenant: POSTs to it go on`, { timeout: 600000 * SLOWDOWN }, async () => {
  const s = await start(['--quiet'], { clock: false });
  const waiters = [];
  try {
    const loaded = await posts(s, 600000, LOADED);
    assert.equal(loaded.n, LOADED);
    const alone = await posts(s, 2000);
    for (let i = 0; i < 200; i++) {
      const req = http.get({ host: s.host, port: s.port, path: `/_mock/messages/latest?to=${encodeURIComponent(N)}&tenant=other-${i % 4}&wait=60`, agent: false }, (res) => res.resume());
      req.on('error', () => {});
      waiters.push(req);
    }
    await new Promise((r) => setTimeout(r, 500));
    const during = await posts(s, 3000);
    console.log(`# POST req/s to the number: ${alone.rate.toFixed(0)} with no waiter, ${during.rate.toFixed(0)} with 200 waiters of other tenants (${(during.rate / alone.rate).toFixed(2)}x)`);
    assert.ok(during.rate >= 0.3 * alone.rate, `POSTs with the waiters: ${during.rate.toFixed(0)}/s against ${alone.rate.toFixed(0)}/s`);
  } finally {
    for (const w of waiters) w.destroy();
    await s.stop();
  }
});
