// The shared-server benchmark of bench/README.md ("One server, many suites"): what one
// client's load does to another's.  Everything runs on 127.0.0.1 against the release build,
// every load bounded in time, and each figure is printed with the baseline measured in this
// same run: POSTs with waiting requests against POSTs with none; key B's webhook latency
// while key A's receiver hangs against B's latency alone; webhook events a second against
// what the sink takes from wrk directly; RSS under half-sent bodies against idle RSS.
//
//   node bench/sharing.mjs [--duration 8] [--runs 3]
import { spawn, execFile } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { root, out, arg, wrk } from './args.mjs';

const DURATION = arg('duration', 8);
const RUNS = arg('runs', 3);
const BIN = join(root, 'build/mdrmock');
mkdirSync(out, { recursive: true });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const rssMb = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

function startServer(args = []) {
  return new Promise((resolve, reject) => {
    const p = spawn(BIN, ['--port', '0', '--db', ':memory:', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    p.stderr.resume();
    p.stdout.on('data', (d) => {
      buf += d;
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(buf);
      if (m) resolve({ proc: p, port: Number(m[1]) });
    });
    p.on('close', (c) => reject(new Error(`mdrmock exited ${c}`)));
  });
}
async function stop(s) {
  s.proc.removeAllListeners('close');
  const done = new Promise((r) => s.proc.on('close', r));
  s.proc.kill('SIGTERM');
  const t = setTimeout(() => s.proc.kill('SIGKILL'), 15000);
  await done;
  clearTimeout(t);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function call(port, method, path, body, key = 'bench') {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: { authorization: `Bearer ${key}`, ...(payload ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let t = '';
      res.on('data', (d) => (t += d));
      res.on('end', () => resolve({ status: res.statusCode, json: t ? JSON.parse(t) : null }));
    });
    req.setTimeout(90000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

// A webhook sink: /hang never answers, anything else 200 at once; records message.sent arrivals.
function startSink() {
  const arrivals = [];
  const hung = [];
  let count = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      count++;
      if (req.url.startsWith('/hang')) {
        hung.push(res);
        return;
      }
      if (req.url.startsWith('/lat')) {
        const ev = JSON.parse(Buffer.concat(chunks).toString()).data;
        if (ev.event_type === 'message.sent') arrivals.push(Date.now() - Date.parse(ev.payload.sent_at));
      }
      res.writeHead(200, { 'content-length': '2' });
      res.end('ok');
    });
  });
  server.keepAliveTimeout = 60000;
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({
    server, arrivals, get count() { return count; }, port: server.address().port,
    close: () => new Promise((c) => { for (const h of hung) h.destroy(); server.closeAllConnections(); server.close(c); }),
  })));
}

// Row 1: POST req/s with 0, 10 and 200 requests waiting on /_mock/messages/latest: one server
// for each, all three up at once, their runs interleaved so the VM's drift falls on all alike.
async function waiters() {
  const counts = [0, 10, 200];
  const servers = [];
  const held = [];
  const waitAgent = new http.Agent({ keepAlive: false });
  for (const n of counts) {
    const s = await startServer();
    servers.push(s);
    for (let i = 0; i < n; i++) {
      held.push(new Promise((resolve) => {
        const req = http.get({ host: '127.0.0.1', port: s.port, agent: waitAgent, path: `/_mock/messages/latest?to=%2B1999555${String(i).padStart(4, '0')}&wait=60` }, (res) => { res.resume(); res.on('end', resolve); });
        req.on('error', resolve);
      }));
    }
  }
  await sleep(300);
  const runs = counts.map(() => []);
  for (let r = 0; r < RUNS; r++) {
    for (let k = 0; k < counts.length; k++) {
      const w = await wrk(servers[k].port, 32, DURATION, { script: 'post.lua' });
      writeFileSync(join(out, `sharing_post_${counts[k]}_waiters_${r}.txt`), w.raw);
      runs[k].push(w);
      console.error(`  POST with ${counts[k]} waiters, run ${r + 1}: ${w.rps.toFixed(0)} req/s, errors ${w.errors}`);
    }
  }
  for (const s of servers) await stop(s);
  await Promise.race([Promise.all(held), sleep(2000)]);
  return counts.map((n, k) => ({ waiters: n, rps: median(runs[k].map((w) => w.rps)), all: runs[k].map((w) => Math.round(w.rps)), errors: runs[k].reduce((a, w) => a + w.errors, 0) }));
}

// Row 2: key B's message.sent latency after its due time, alone and while A's 100 hang.
async function latency(withA) {
  const sink = await startSink();
  const s = await startServer(['--sending-after', '100ms', '--sent-after', '200ms', '--final-after', '400ms']);
  try {
    if (withA) {
      for (let i = 0; i < 100; i++) await call(s.port, 'POST', '/v2/messages', { from: '+18445550001', to: '+18665550002', text: 'a', webhook_url: `http://127.0.0.1:${sink.port}/hang` }, 'key-a');
      await sleep(500); // A's deliveries are under way, each waiting out its 2 s deadline
    }
    for (let i = 0; i < 200; i++) {
      await call(s.port, 'POST', '/v2/messages', { from: '+18445550001', to: '+18665550003', text: 'b', webhook_url: `http://127.0.0.1:${sink.port}/lat` }, 'key-b');
      await sleep(20);
    }
    const deadline = Date.now() + 10000;
    while (sink.arrivals.length < 200 && Date.now() < deadline) await sleep(50);
    return { n: sink.arrivals.length, p50: pct(sink.arrivals, 50), p99: pct(sink.arrivals, 99), max: Math.max(...sink.arrivals) };
  } finally {
    await stop(s);
    await sink.close();
  }
}

// The C sink (bench/sink.c): answers 200 at once and counts, so the receiver's own cost does not
// share the two cores with mdrmock the way this process's Node sink does.
function startCSink() {
  return new Promise((resolve, reject) => {
    const p = spawn(join(root, 'build/bench/sink'), ['0', '2'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    p.stdout.on('data', (d) => {
      buf += d;
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(buf);
      if (m) {
        const port = Number(m[1]);
        resolve({
          port,
          count: async () => Number(await new Promise((r, j) => http.get({ host: '127.0.0.1', port, path: '/count' }, (res) => { let t = ''; res.on('data', (c) => (t += c)); res.on('end', () => r(t)); }).on('error', j))),
          close: () => new Promise((c) => { p.on('close', c); p.kill('SIGTERM'); }),
        });
      }
    });
    p.on('error', reject);
  });
}

// Row 3: events a second to a sink that answers at once: 10,000 messages (20,000 events) fall
// due together; the time from the clock's move to the last one received.  Baseline: wrk at the
// sink.  kind 'c' is bench/sink.c (the row), 'node' this process's http server (a note).
async function throughputOnce(kind) {
  const node = kind === 'node' ? await startSink() : null;
  const sink = node ?? await startCSink();
  const count = node ? async () => node.count : sink.count;
  const s = await startServer(['--clock', 'frozen']);
  try {
    const n = 10000;
    const jobs = [];
    for (let i = 0; i < n; i++) {
      jobs.push(call(s.port, 'POST', '/v2/messages', { from: '+18445550001', to: '+18665550002', text: 'x', webhook_url: `http://127.0.0.1:${sink.port}/ok` }, `key-${i % 4}`));
      if (jobs.length >= 64) await Promise.all(jobs.splice(0));
    }
    await Promise.all(jobs);
    const before = await count();
    const t0 = Date.now();
    await call(s.port, 'POST', '/_mock/clock', { advance: '10s' });
    const deadline = Date.now() + 60000;
    let got = 0;
    while ((got = (await count()) - before) < 2 * n && Date.now() < deadline) await sleep(node ? 5 : 20);
    const secs = (Date.now() - t0) / 1000;
    mkdirSync(join(root, 'build/bench'), { recursive: true });
    writeFileSync(join(root, 'build/bench/sink.lua'), 'wrk.method = "POST"\nwrk.path = "/ok"\nwrk.body = "{}"\n');
    // Asynchronously: the Node sink answers from this process's event loop.
    const w = await new Promise((resolve, reject) => execFile('wrk', ['-t', '2', '-c', '16', '-d', `${DURATION}s`, '-s', join(root, 'build/bench/sink.lua'), `http://127.0.0.1:${sink.port}`], { encoding: 'utf8' }, (e, so) => (e ? reject(e) : resolve(so))));
    return { events: got, secs, rate: got / secs, sink: Number(/Requests\/sec:\s+([\d.]+)/.exec(w)[1]) };
  } finally {
    await stop(s);
    await sink.close();
  }
}

// RUNS of each, the median by rate.
async function throughput(kind) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await throughputOnce(kind);
    console.error(`  webhook events/s (${kind} sink), run ${i + 1}: ${Math.round(r.rate)} (${r.events} events)`);
    runs.push(r);
  }
  const m = [...runs].sort((a, b) => a.rate - b.rate)[Math.floor(runs.length / 2)];
  return { ...m, all: runs.map((r) => Math.round(r.rate)) };
}

// Row 4: RSS while 1,500 clients each declare a 1 MiB body and send half of it.
async function halfSent() {
  const s = await startServer();
  const socks = [];
  try {
    await sleep(200);
    const idle = rssMb(s.proc.pid);
    const half = Buffer.alloc(512 * 1024, ' ');
    let peak = idle;
    const sampler = setInterval(() => { peak = Math.max(peak, rssMb(s.proc.pid)); }, 20);
    let answered503 = 0;
    for (let i = 0; i < 1500; i++) {
      const sock = net.connect(s.port, '127.0.0.1');
      sock.on('error', () => {});
      sock.on('data', (d) => { if (/^HTTP\/1\.1 503/.test(String(d))) answered503++; });
      await new Promise((r) => sock.on('connect', r));
      sock.write(`POST /v2/messages HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer k${i}\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n`);
      await new Promise((r) => sock.write(half, r));
      socks.push(sock);
    }
    await sleep(1000);
    const held = rssMb(s.proc.pid);
    clearInterval(sampler);
    const health = await call(s.port, 'GET', '/_mock/health');
    return { idle, held, peak: Math.max(peak, held), answered503, health: health.status };
  } finally {
    for (const x of socks) x.destroy();
    await stop(s);
  }
}

const ONLY = process.argv.includes('--skip-waiters');
const r1 = ONLY ? [{ waiters: 0, rps: 1, all: [], errors: 0 }] : await waiters();
if (process.argv.includes('--throughput')) {
  console.log(JSON.stringify({ c: await throughput('c'), node: await throughput('node') }));
  process.exit(0);
}
const alone = await latency(false);
const shared = await latency(true);
const tp = await throughput('c');
const tpNode = await throughput('node');
const mem = await halfSent();
const base = r1[0].rps;
const lines = [
  '| figure | result | baseline (same run) | ratio | target | met |',
  '|---|---|---|---|---|---|',
  ...r1.map((r) => `| POST /v2/messages, 32 conns, ${r.waiters} requests waiting | ${Math.round(r.rps).toLocaleString('en')} req/s [${r.all.join(', ')}], ${r.errors} errors | ${Math.round(base).toLocaleString('en')} req/s (no waiters) | ${(r.rps / base).toFixed(2)} | ${r.waiters === 200 ? '>= 0.8x' : '-'} | ${r.waiters === 200 ? (r.rps / base >= 0.8 ? 'yes' : 'no') : ''} |`),
  `| key B's message.sent after its due time, while key A has 100 events at a receiver that never answers (${shared.n} of 200 arrived) | p50 ${shared.p50} ms, p99 ${shared.p99} ms, max ${shared.max} ms | B alone: p50 ${alone.p50} ms, p99 ${alone.p99} ms | ${(shared.p99 / Math.max(1, alone.p99)).toFixed(2)} (p99) | p99 < 100 ms | ${shared.p99 < 100 ? 'yes' : 'no'} |`,
  `| webhook events delivered a second to a sink that answers at once (bench/sink.c; ${tp.events.toLocaleString('en')} events, 4 tenants, in ${tp.secs.toFixed(2)} s) | ${Math.round(tp.rate).toLocaleString('en')} events/s [${tp.all.join(', ')}] | wrk at the sink itself: ${Math.round(tp.sink).toLocaleString('en')} req/s | ${(tp.rate / tp.sink).toFixed(2)} | >= 10,000 | ${tp.rate >= 10000 ? 'yes' : 'no'} |`,
  `| the same to a Node http sink in the benchmark's own process (its CPU shared with mdrmock's) | ${Math.round(tpNode.rate).toLocaleString('en')} events/s [${tpNode.all.join(', ')}] | wrk at that sink: ${Math.round(tpNode.sink).toLocaleString('en')} req/s | ${(tpNode.rate / tpNode.sink).toFixed(2)} | - |  |`,
  `| RSS with 1,500 clients holding half-sent 1 MiB bodies (${mem.answered503} answered 503 at once; health ${mem.health} meanwhile) | ${mem.held.toFixed(1)} MB (peak ${mem.peak.toFixed(1)} MB) | idle ${mem.idle.toFixed(1)} MB | ${(mem.peak / mem.idle).toFixed(2)} | < 64 MB | ${mem.peak < 64 ? 'yes' : 'no'} |`,
];
console.log(lines.join('\n'));
writeFileSync(join(out, 'sharing.json'), JSON.stringify({ r1, alone, shared, tp, tpNode, mem }, null, 2));
process.exit(0);
