// The safety benchmark of bench/README.md (issue 26: safe on a developer's machine), one run on
// the release build against 127.0.0.1, every load bounded in time, each figure beside the
// baseline measured in this same run:
//   1. another client's POST success rate while 33 clients trickle 1 MiB bodies (vs none);
//   2. tenant Q's GET p99 and health's p99 while tenant W runs 30 heavy reads over
//      --messages (250,000) of its messages (vs the same loads alone);
//   3. POST throughput with 1,000 event-stream clients reading (vs none);
//   4. RSS 10 s after 1,000 never-reading event clients close (vs idle);
//   5. SIGTERM under mixed load (POSTs, long polls, event streams), --rounds (20) times.
//
//   node bench/safety.mjs [--duration 8] [--messages 250000] [--rounds 20] [--only NAME]
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { root, out, arg, wrk } from './args.mjs';

const DURATION = arg('duration', 8);
const MESSAGES = arg('messages', 250000);
const ROUNDS = arg('rounds', 20);
const BIN = join(root, 'build/mdrmock');
// --only NAME: one part (trickle, heavy, events, sigterm), to try a change; the README's rows
// come from a whole run.
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
mkdirSync(out, { recursive: true });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rssMb = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

function startServer(args, db = ':memory:') {
  return new Promise((resolve, reject) => {
    const p = spawn(BIN, ['--port', '0', '--db', db, '--quiet', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    p.stderr.resume();
    p.stdout.on('data', (d) => {
      buf += d;
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(buf);
      if (m) resolve({ proc: p, port: Number(m[1]), exited: new Promise((r) => p.on('close', (code) => r(code))) });
    });
    p.on('close', (c) => reject(new Error(`mdrmock exited ${c}`)));
  });
}
async function stop(s) {
  s.proc.removeAllListeners('close');
  s.proc.kill('SIGTERM');
  const t = setTimeout(() => s.proc.kill('SIGKILL'), 15000);
  const code = await new Promise((r) => (s.proc.exitCode !== null ? r(s.proc.exitCode) : s.proc.on('close', r)));
  clearTimeout(t);
  return code;
}

// One GET on its own connection: {status, ms}.
function get(port, path, key) {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, headers: key ? { authorization: `Bearer ${key}` } : {} }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    req.setTimeout(120000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
  });
}

// An event-stream client: reads what comes, or pauses after the head (never reads).
function openStream(port, read) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.write('GET /_mock/events HTTP/1.1\r\nHost: localhost\r\n\r\n'));
    let head = '';
    const o = { sock, status: 0 };
    sock.on('error', () => resolve(o));
    sock.on('close', () => resolve(o));
    sock.on('data', (d) => {
      if (o.status) return;
      head += d;
      const m = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (!m || !head.includes('\r\n\r\n')) return;
      o.status = Number(m[1]);
      if (!read) sock.pause();
      resolve(o);
    });
  });
}
async function openStreams(port, n, read) {
  const all = [];
  for (let i = 0; i < n; i += 50) all.push(...(await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => openStream(port, read)))));
  return all;
}

const row = (label, measured, target, met) => ({ label, measured, target, met });
const rows = [];

// 1. Trickling bodies.
async function trickle() {
  const s = await startServer([]);
  try {
    const alone = await wrk(s.port, 16, DURATION, { script: 'post.lua' });
    const socks = [];
    let answered408 = 0;
    for (let i = 0; i < 33; i++) {
      const sock = net.connect(s.port, '127.0.0.1', () => sock.write('POST /v2/messages HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer trickler\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n{'));
      sock.on('data', (d) => { if (/^HTTP\/1\.1 408/.test(String(d))) answered408++; });
      sock.on('error', () => {});
      socks.push(sock);
    }
    const drip = setInterval(() => { for (const x of socks) if (!x.destroyed) x.write(' '); }, 10000);
    await sleep(200);
    const t0 = Date.now();
    const during = await wrk(s.port, 16, DURATION, { script: 'post.lua' });
    // A trickler is answered at its first piece past the 5 s grace: the drip at 10 s.
    await sleep(Math.max(0, 11000 - (Date.now() - t0)));
    clearInterval(drip);
    for (const x of socks) x.destroy();
    const ok = during.requests - during.errors;
    const rate = (100 * ok) / during.requests;
    console.error(`  trickle: POST ${alone.rps.toFixed(0)} req/s alone (${alone.errors} errors), ${during.rps.toFixed(0)} req/s with 33 tricklers, ${ok} of ${during.requests} answered 200; ${answered408} tricklers got 408`);
    rows.push(row("another client's POST success with 33 trickling 1 MiB bodies", `${ok.toLocaleString('en')} of ${during.requests.toLocaleString('en')} (${rate.toFixed(2)} %); ${during.rps.toFixed(0)} req/s against ${alone.rps.toFixed(0)} alone; ${answered408} of 33 tricklers answered 408`, '>= 99 %', rate >= 99));
  } finally {
    await stop(s);
  }
}

// 2. Heavy reads of one tenant beside another tenant's GETs and health.
async function heavy() {
  const dir = mkdtempSync(join(tmpdir(), 'mdrmock-bench-'));
  const s = await startServer([], join(dir, 'm.db'));
  try {
    let loaded = 0;
    const t0 = Date.now();
    while (loaded < MESSAGES) {
      const w = await wrk(s.port, 16, 5, { script: 'post.lua', env: { API_KEY: 'tenant-w' } });
      loaded += w.requests - w.errors;
    }
    console.error(`  heavy: ${loaded} messages of tenant W stored in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    const q = await new Promise((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: s.port, method: 'POST', path: '/v2/messages', headers: { authorization: 'Bearer tenant-q', 'content-type': 'application/json' } }, (res) => { let t = ''; res.on('data', (d) => (t += d)); res.on('end', () => resolve(JSON.parse(t).data.id)); });
      req.end(JSON.stringify({ from: '+18445550001', to: '+18665550002', text: 'mine' }));
    });
    const ids = join(dir, 'ids');
    writeFileSync(ids, `${q}\n`);
    const day = new Date().toISOString().slice(0, 10);
    const paths = [
      [`/v2/detail_records?filter[record_type]=messaging&filter[created_at][gte]=${day}&page[size]=50&page[number]=3`, 'tenant-w'],
      [`/v2/reports/mdr_usage_reports/sync?aggregation_type=NO_AGGREGATION&start_date=${day}T00:00:00Z&end_date=2100-01-01T00:00:00Z`, 'tenant-w'],
      ['/_mock/messages?text=nowhere&per_page=5', null],
    ];
    const one = [];
    for (const [p, k] of paths) one.push((await get(s.port, p, k)).ms);
    const probe = async () => ({ q: await wrk(s.port, 4, DURATION, { script: 'get.lua', env: { API_KEY: 'tenant-q', IDS_FILE: ids } }), h: await wrk(s.port, 4, DURATION, { path: '/_mock/health' }) });
    const alone = await probe();
    let going = true, answered = 0, other = 0;
    const readers = Array.from({ length: 30 }, async (_, i) => {
      while (going) {
        const r = await get(s.port, ...paths[i % 3]);
        if (r.status === 200) answered++;
        else other++;
      }
    });
    await sleep(300);
    const during = await probe();
    going = false;
    await Promise.all(readers);
    console.error(`  heavy: one read alone ${one.map((x) => x.toFixed(0)).join(' / ')} ms (search / usage sync / control search); Q GET p99 ${alone.q.p99} -> ${during.q.p99} ms, health p99 ${alone.h.p99} -> ${during.h.p99} ms; ${answered} heavy reads answered, ${other} not`);
    rows.push(row(`tenant Q's GET p99 while tenant W runs 30 heavy reads over ${loaded.toLocaleString('en')} messages`, `${during.q.p99.toFixed(2)} ms (alone ${alone.q.p99.toFixed(2)} ms; ${during.q.rps.toFixed(0)} against ${alone.q.rps.toFixed(0)} req/s, 4 connections); ${answered} heavy reads answered meanwhile, ${other} not 200; one read alone ${one.map((x) => x.toFixed(0)).join(' / ')} ms (search / usage sync / control search)`, '< 50 ms', during.q.p99 < 50 && during.q.errors === 0));
    rows.push(row('health p99 under the same', `${during.h.p99.toFixed(2)} ms (alone ${alone.h.p99.toFixed(2)} ms)`, '< 50 ms', during.h.p99 < 50 && during.h.errors === 0));
  } finally {
    await stop(s);
    rmSync(dir, { recursive: true, force: true });
  }
}

// 3 and 4. Event-stream clients: readers beside POSTs; never-readers and RSS.
async function events() {
  let s = await startServer([]);
  try {
    const alone = await wrk(s.port, 32, DURATION, { script: 'post.lua' });
    const readers = await openStreams(s.port, 1000, true);
    const served = readers.filter((x) => x.status === 200).length;
    const during = await wrk(s.port, 32, DURATION, { script: 'post.lua' });
    for (const x of readers) x.sock.destroy();
    const ratio = during.rps / alone.rps;
    console.error(`  events: POST ${alone.rps.toFixed(0)} alone, ${during.rps.toFixed(0)} with 1,000 clients (${served} served)`);
    rows.push(row('POST throughput with 1,000 event clients reading, against none', `${during.rps.toFixed(0)} / ${alone.rps.toFixed(0)} req/s = ${ratio.toFixed(2)}x (${served} served, the rest 503 with Retry-After: 5)`, '>= 0.5x', ratio >= 0.5));
  } finally {
    await stop(s);
  }
  const dir = mkdtempSync(join(tmpdir(), 'mdrmock-bench-'));
  s = await startServer([], join(dir, 'm.db'));
  try {
    await wrk(s.port, 8, 3, { script: 'post.lua' });
    const idle = rssMb(s.proc.pid);
    const all = await openStreams(s.port, 1000, false);
    await wrk(s.port, 8, 2, { script: 'post.lua' });
    const full = rssMb(s.proc.pid);
    for (const x of all) x.sock.destroy();
    await sleep(200);
    await get(s.port, '/_mock/health');
    await wrk(s.port, 1, 1, { script: 'post.lua' });
    await sleep(10000);
    const after = rssMb(s.proc.pid);
    console.error(`  rss: idle ${idle.toFixed(1)} MB, with 1,000 stalled clients ${full.toFixed(1)} MB, 10 s after ${after.toFixed(1)} MB`);
    rows.push(row('RSS 10 s after 1,000 never-reading event clients close', `${after.toFixed(1)} MB, idle ${idle.toFixed(1)} MB (${(after / idle).toFixed(2)}x); ${full.toFixed(1)} MB while they were open`, '< 2x idle', after < 2 * idle));
  } finally {
    await stop(s);
    rmSync(dir, { recursive: true, force: true });
  }
}

// 5. SIGTERM under mixed load.
async function sigterm() {
  let clean = 0;
  const times = [];
  for (let r = 0; r < ROUNDS; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'mdrmock-bench-'));
    const db = join(dir, 'm.db');
    const s = await startServer([], db);
    const load = wrk(s.port, 32, 4, { script: 'post.lua' }).catch(() => null);
    const waiters = Array.from({ length: 50 }, (_, i) => get(s.port, `/_mock/messages/latest?to=%2B1866555${String(9000 + i)}&wait=60`));
    const streams = [...(await openStreams(s.port, 10, true)), ...(await openStreams(s.port, 10, false))];
    const readsHeavy = Array.from({ length: 4 }, () => get(s.port, '/_mock/messages?text=nowhere', null));
    await sleep(1000);
    const t0 = Date.now();
    const code = await stop(s);
    const ms = Date.now() - t0;
    await Promise.all([load, ...waiters, ...readsHeavy]);
    for (const x of streams) x.sock.destroy();
    const walLeft = existsSync(`${db}-wal`);
    if (code === 0 && !walLeft && ms < 10000) clean++;
    times.push(ms);
    rmSync(dir, { recursive: true, force: true });
  }
  console.error(`  sigterm: ${clean} of ${ROUNDS} clean, ${Math.min(...times)}-${Math.max(...times)} ms`);
  rows.push(row('SIGTERM under POST load, long polls, event streams (half never read) and long reads', `${clean} of ${ROUNDS} exit 0 with the WAL checkpointed and removed, ${Math.min(...times)}-${Math.max(...times)} ms each`, `${ROUNDS} of ${ROUNDS} in the 10 s grace`, clean === ROUNDS));
}

async function main() {
  const started = new Date().toISOString();
  for (const [name, fn] of Object.entries({ trickle, heavy, events, sigterm }))
    if (ONLY === null || ONLY === name) await fn();
  console.log(`\nsafety benchmark, ${started} .. ${new Date().toISOString()}, wrk ${DURATION} s a run, release build\n`);
  console.log('| figure | measured | target | met |\n|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.label} | ${r.measured} | ${r.target} | ${r.met ? 'yes' : '**no**'} |`);
  writeFileSync(join(out, 'safety.json'), JSON.stringify({ started, rows }, null, 2));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
