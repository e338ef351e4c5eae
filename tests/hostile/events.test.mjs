// docs/inspector.md §2: the event stream is bounded. The findings: 1,000 reading clients of
// GET /_mock/events cut POST from 15,064 to 931 req/s (7 GB pushed in 14 s); 1,000 clients that
// never read took RSS from 140 to 274 MB, and it stayed there after they closed. Now at most
// --event-streams readers (64) are served, past it a 503 with Retry-After; a reader more than
// 256 events behind gets "resync" instead of its backlog; the memory goes back when they leave.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync, existsSync } from 'node:fs';
import { start, tempDir, SMS, SLOWDOWN } from '../integration/lib/server.mjs';
import { postLoad } from './lib.mjs';

const FULL = process.env.MDRMOCK_HOSTILE_FULL === '1';
const CLIENTS = FULL ? 1000 : 200;
// RSS is measured on the release build: ASan keeps freed memory in quarantine by design.
const RELEASE = process.env.MDRMOCK_RELEASE_BIN ?? new URL('../../build/mdrmock', import.meta.url).pathname;

// Opens a stream; resolves with its status and Retry-After once the head is in.
function open(s, { read = true } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect(s.port, s.host, () => sock.write('GET /_mock/events HTTP/1.1\r\nHost: localhost\r\n\r\n'));
    let head = '';
    let bytes = 0;
    const out = { sock, status: 0, retryAfter: null, text: '', get bytes() { return bytes; } };
    sock.on('error', () => resolve(out));
    sock.on('close', () => resolve(out));
    sock.on('data', (d) => {
      bytes += d.length;
      if (out.status === 0) {
        head += d;
        const m = /^HTTP\/1\.1 (\d{3})[^]*?\r\n\r\n/.exec(head);
        if (!m) return;
        out.status = Number(m[1]);
        out.retryAfter = /\r\nRetry-After: (\d+)\r\n/i.exec(m[0])?.[1] ?? null;
        out.text = head.slice(m[0].length);
        if (!read) sock.pause();
        resolve(out);
      } else if (out.keepText) out.text += d;
    });
  });
}

const posts = async (s, ms) => (await postLoad(s, { ms })).rate;

test(`${CLIENTS} readers: 64 are served, the rest get 503 with Retry-After; POSTs go on`, { timeout: 120000 * SLOWDOWN }, async () => {
  const s = await start([], { clock: false });
  const all = [];
  try {
    const alone = await posts(s, 2000);
    for (let i = 0; i < CLIENTS; i += 50) all.push(...(await Promise.all(Array.from({ length: Math.min(50, CLIENTS - i) }, () => open(s)))));
    const served = all.filter((x) => x.status === 200);
    const refused = all.filter((x) => x.status === 503);
    assert.equal(served.length, 64, `served ${served.length}`);
    assert.equal(refused.length, CLIENTS - 64);
    for (const r of refused) assert.equal(r.retryAfter, '5');
    const withReaders = await posts(s, 2000);
    console.log(`# POST req/s: ${alone.toFixed(0)} alone, ${withReaders.toFixed(0)} with ${served.length} readers of ${CLIENTS} clients (${(withReaders / alone).toFixed(2)}x)`);
    assert.ok(withReaders > 0);
    // One leaving makes room for one more, once the server notices it left: at the next event
    // written to it (or its heartbeat).
    served[0].sock.destroy();
    let next;
    const t0 = Date.now();
    do {
      await s.request('POST', '/v2/messages', { body: SMS });
      await new Promise((r) => setTimeout(r, 50));
      next = await open(s);
      all.push(next);
    } while (next.status !== 200 && Date.now() - t0 < 5000 * SLOWDOWN);
    assert.equal(next.status, 200);
  } finally {
    for (const x of all) x.sock.destroy();
    await s.stop();
  }
});

test('a reader left far behind gets resync, not its backlog', { timeout: 120000 * SLOWDOWN }, async () => {
  const s = await start([], { clock: false });
  try {
    const slow = await open(s, { read: false });
    assert.equal(slow.status, 200);
    slow.keepText = true;
    // About 6 MB of events while it does not read: more than its socket buffers hold.
    const sent = await postLoad(s, { count: 3000, key: 'k', body: { ...SMS, text: 'z'.repeat(1500) } });
    assert.equal(sent.n, 3000);
    slow.sock.resume();
    const t0 = Date.now();
    while (!slow.text.includes('event: resync') && Date.now() - t0 < 10000 * SLOWDOWN) await new Promise((r) => setTimeout(r, 50));
    assert.match(slow.text, /event: resync\ndata: \{"missed":\d+\}/);
    const created = (slow.text.match(/event: message\.created/g) ?? []).length;
    assert.ok(created < 3000, `the reader got ${created} of the 3000 events: its backlog was not dropped`);
    slow.sock.destroy();
  } finally {
    await s.stop();
  }
});

const rss = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;

test(`${CLIENTS} clients that never read: RSS back under 2x idle after they close (release build)`, { timeout: 120000 * SLOWDOWN }, async () => {
  assert.ok(existsSync(RELEASE), `no release build at ${RELEASE}: make build/mdrmock (make test does)`);
  // A file database, so the messages the load stores are not in RSS (a :memory: one grows).
  const tmp = tempDir();
  const s = await start([], { clock: false, bin: RELEASE, db: `${tmp.dir}/m.db` });
  const all = [];
  try {
    await posts(s, 3000); // the caches of a server that has taken load: the baseline
    const idle = rss(s.mock.pid);
    for (let i = 0; i < CLIENTS; i += 50) all.push(...(await Promise.all(Array.from({ length: Math.min(50, CLIENTS - i) }, () => open(s, { read: false })))));
    await posts(s, 1000); // events pile up in the served readers' buffers
    const full = rss(s.mock.pid);
    for (const x of all) x.sock.destroy();
    // The server notices a reader left at the next event it writes to it (or its heartbeat).
    await new Promise((r) => setTimeout(r, 200));
    await s.request('POST', '/v2/messages', { body: SMS });
    await new Promise((r) => setTimeout(r, (FULL ? 10000 : 3000)));
    const after = rss(s.mock.pid);
    console.log(`# RSS: idle ${(idle / 1e6).toFixed(1)} MB, with ${CLIENTS} stalled clients ${(full / 1e6).toFixed(1)} MB, ${FULL ? 10 : 3} s after they closed ${(after / 1e6).toFixed(1)} MB`);
    assert.ok(after < 2 * idle, `RSS ${after} after the readers left, idle ${idle}`);
  } finally {
    for (const x of all) x.sock.destroy();
    await s.stop();
    tmp.remove();
  }
});
