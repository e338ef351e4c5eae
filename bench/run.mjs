// The load benchmark of bench/README.md.  Runs mdrmock and the baseline on
// 127.0.0.1, each wrk run bounded in time, and prints a Markdown table of
// the figures with their ratios to the baseline measured in this run.
//
//   node bench/run.mjs [--duration 8] [--runs 3] [--messages 100000]
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { root, out, arg, startProc, stop } from './args.mjs';

const DURATION = arg('duration', 8);
const RUNS = arg('runs', 3);
const MESSAGES = arg('messages', 100000);
const BIN = join(root, 'build/mdrmock');
const BASELINE = join(root, 'build/bench/baseline');

mkdirSync(out, { recursive: true });


function rssKb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m[1]);
}
function hwmKb(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m[1]);
}

// wrk, parsed: requests/s, p50 and p99 latency in ms, non-2xx and socket errors.
function wrk(port, conns, script, env = {}) {
  const threads = conns === 1 ? 1 : 2;
  const text = execFileSync('wrk', ['-t', String(threads), '-c', String(conns), '-d', `${DURATION}s`, '--latency', '-s', join(root, 'bench', script), `http://127.0.0.1:${port}`], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const num = (re) => {
    const m = re.exec(text);
    return m ? Number(m[1]) : NaN;
  };
  const lat = (pct) => {
    const m = new RegExp(`^\\s+${pct}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(text);
    if (!m) return NaN;
    return Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]];
  };
  const non2xx = num(/Non-2xx or 3xx responses: (\d+)/) || 0;
  const sockErr = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  return {
    rps: num(/Requests\/sec:\s+([\d.]+)/),
    p50: lat(50),
    p99: lat(99),
    errors: non2xx + (sockErr ? sockErr.slice(1).reduce((a, b) => a + Number(b), 0) : 0),
    raw: text,
  };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// Repeats a wrk configuration RUNS times; the median run by requests/s is reported.
function series(label, port, conns, script, env) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const r = wrk(port, conns, script, env);
    runs.push(r);
    writeFileSync(join(out, `${label.replace(/\W+/g, '_')}_${i}.txt`), r.raw);
    console.error(`  ${label} run ${i + 1}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99.toFixed(2)} ms, errors ${r.errors}`);
  }
  const rps = median(runs.map((r) => r.rps));
  return { label, conns, rps, p99: median(runs.map((r) => r.p99)), p50: median(runs.map((r) => r.p50)), errors: runs.reduce((a, r) => a + r.errors, 0), all: runs.map((r) => Math.round(r.rps)) };
}

// POSTs n messages with 32 keep-alive connections; returns their ids.
async function load(port, n) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const body = JSON.stringify({ from: '+18445550001', to: '+18665550002', text: 'bench message' });
  const ids = [];
  let next = 0;
  const one = () => new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/v2/messages', agent, headers: { authorization: 'Bearer bench', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`load: ${res.statusCode}`));
        ids.push(JSON.parse(Buffer.concat(chunks)).data.id);
        resolve();
      });
    });
    req.on('error', reject);
    req.end(body);
  });
  const worker = async () => { while (next++ < n) await one(); };
  await Promise.all(Array.from({ length: 32 }, worker));
  agent.destroy();
  return ids;
}

// Every acknowledged POST survives SIGKILL: 32 clients post, the server is
// killed mid-stream, restarted on the same file, and every acknowledged id is read back.
async function durability(db) {
  let s = await startProc(BIN, ['--quiet', '--port', '0', '--db', db, '--fixtures', 'none']);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const acked = [];
  let stopping = false;
  const body = JSON.stringify({ from: '+18445550001', to: '+18665550002', text: 'durable' });
  const post = () => new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port: s.port, method: 'POST', path: '/v2/messages', agent, headers: { authorization: 'Bearer bench', 'content-type': 'application/json' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode === 200) {
          try { acked.push(JSON.parse(Buffer.concat(chunks)).data.id); } catch { /* cut off: not acknowledged */ }
        }
        resolve();
      });
      res.on('error', resolve);
    });
    req.on('error', () => resolve());
    req.end(body);
  });
  const workers = Array.from({ length: 32 }, async () => { while (!stopping) await post(); });
  await new Promise((r) => setTimeout(r, 2000));
  s.proc.kill('SIGKILL');
  stopping = true;
  await Promise.all(workers);
  agent.destroy();
  s = await startProc(BIN, ['--quiet', '--port', '0', '--db', db, '--fixtures', 'none']);
  let missing = 0;
  const ka = new http.Agent({ keepAlive: true, maxSockets: 8 });
  for (const id of acked) {
    const status = await new Promise((resolve) => {
      http.get({ host: '127.0.0.1', port: s.port, path: `/v2/messages/${id}`, agent: ka, headers: { authorization: 'Bearer bench' } }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); }).on('error', () => resolve(0));
    });
    if (status !== 200) missing++;
  }
  ka.destroy();
  await stop(s);
  return { acked: acked.length, missing };
}

// The peers bench/peers.sh builds, when it has: each run as it documents itself, answering
// the same GET and POST loads (they store nothing, so any id is found).
const PEERS = join(root, 'build/bench/peers');
function peers() {
  const list = [];
  const tm = join(PEERS, 'telnyx-mock');
  if (existsSync(tm)) {
    // Its spec is loaded from a relative path (an absolute one is taken for a URL to fetch);
    // it takes only keys that look like Telnyx's.
    list.push({ name: 'telnyx-mock', cmd: tm, args: (port) => ['-http-port', String(port), '-spec', 'openapi/openapi/spec3.json'], cwd: join(PEERS, 'telnyx-mock-src'), env: { API_KEY: 'KEYBENCH0123456789' } });
  }
  const prism = join(PEERS, 'prism/node_modules/.bin/prism');
  if (existsSync(prism) && process.env.MDRMOCK_BENCH_SPEC) {
    // Prism serves the spec's paths without the server URL's /v2.
    list.push({ name: 'Prism', cmd: prism, args: (port) => ['mock', '-h', '127.0.0.1', '-p', String(port), process.env.MDRMOCK_BENCH_SPEC], cwd: root, env: { PREFIX: '' } });
  }
  return list;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

// Starts a peer and resolves once it answers HTTP (any status), polling every 5 ms for at
// most 60 s: {proc, port, readyMs}.
async function startPeer(peer) {
  const port = await freePort();
  const t0 = process.hrtime.bigint();
  const proc = spawn(peer.cmd, peer.args(port), { cwd: peer.cwd, stdio: 'ignore' });
  let exited = null;
  proc.on('exit', (c) => (exited = c));
  const answers = () => new Promise((resolve) => {
    http.get({ host: '127.0.0.1', port, path: '/' }, (res) => { res.resume(); resolve(true); }).on('error', () => resolve(false));
  });
  while (!(await answers())) {
    if (exited !== null) throw new Error(`${peer.name} exited ${exited}`);
    if (Number(process.hrtime.bigint() - t0) / 1e6 > 60000) { proc.kill('SIGKILL'); throw new Error(`${peer.name}: not ready in 60 s`); }
    await new Promise((r) => setTimeout(r, 5));
  }
  return { proc, port, readyMs: Number(process.hrtime.bigint() - t0) / 1e6 };
}

async function measurePeer(peer, idsFile) {
  const starts = [];
  for (let i = 0; i < 3; i++) {
    const p = await startPeer(peer);
    starts.push(p.readyMs);
    await stop(p);
  }
  const p = await startPeer(peer);
  const env = { IDS_FILE: idsFile, ...peer.env };
  const get = series(`${peer.name} GET c32`, p.port, 32, 'get.lua', env);
  const post = series(`${peer.name} POST c32`, p.port, 32, 'post.lua', env);
  const rss = rssKb(p.proc.pid);
  await stop(p);
  return { name: peer.name, readyMs: median(starts), get, post, rssKb: rss };
}

// A tenant's reset of the 100,000 loaded messages while another tenant posts: 8 keep-alive
// clients post as 'other' throughout; the latencies of the posts that were in flight at any
// moment of the reset, against those of the second before it.
async function resetDelay(db) {
  const s = await startProc(BIN, ['--port', '0', '--db', db]);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const body = JSON.stringify({ from: '+18445550001', to: '+18665550002', text: 'other tenant' });
  const done = [];
  let stopping = false;
  const post = () => new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request({ host: '127.0.0.1', port: s.port, method: 'POST', path: '/v2/messages', agent, headers: { authorization: 'Bearer other', 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`reset bench: ${res.statusCode}`));
        done.push([t0, performance.now()]);
        resolve();
      });
    });
    req.on('error', reject);
    req.end(body);
  });
  const workers = Array.from({ length: 8 }, async () => { while (!stopping) await post(); });
  await new Promise((r) => setTimeout(r, 1500));
  const r0 = performance.now();
  const reset = await new Promise((resolve, reject) => {
    http.request({ host: '127.0.0.1', port: s.port, method: 'POST', path: '/_mock/reset?tenant=bench', headers: { 'content-type': 'application/json' } }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); }).on('error', reject).end();
  });
  const r1 = performance.now();
  await new Promise((r) => setTimeout(r, 300));
  stopping = true;
  await Promise.all(workers);
  agent.destroy();
  await stop(s);
  if (reset !== 200) throw new Error(`reset: ${reset}`);
  const pct = (xs, p) => { const v = [...xs].sort((a, b) => a - b); return v[Math.min(v.length - 1, Math.floor(v.length * p))]; };
  const during = done.filter(([a, b]) => b >= r0 && a <= r1).map(([a, b]) => b - a);
  const before = done.filter(([a, b]) => a >= r0 - 1000 && b < r0).map(([a, b]) => b - a);
  return { resetMs: r1 - r0, during: during.length, duringP99: pct(during, 0.99), duringMax: Math.max(...during), before: before.length, beforeP99: pct(before, 0.99) };
}

async function main() {
  const db = join(out, 'bench.db');
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const cpus = execFileSync('nproc', { encoding: 'utf8' }).trim();
  const results = { date: new Date().toISOString(), cpus, duration: DURATION, runs: RUNS, messages: MESSAGES };

  // Startup: exec to the ready line, median of 20, measured by bench/startup.c
  // (fork, exec, read to the first newline): Node's own spawn would add milliseconds.
  const startup = (db) => execFileSync(join(root, 'build/bench/startup'), ['20', BIN, '--quiet', '--port', '0', '--db', db], { encoding: 'utf8' }).trim().split(' ').map(Number);
  [results.startupMs, results.startupMinMs, results.startupMaxMs] = startup(':memory:');
  results.startupFileMs = startup(join(out, 'startup.db'))[0];
  {
    const s = await startProc(BIN, ['--quiet', '--port', '0', '--db', ':memory:']);
    await new Promise((r) => setTimeout(r, 500));
    results.idleRssKb = rssKb(s.proc.pid);
    await stop(s);
  }

  // mdrmock with MESSAGES stored messages.
  console.error(`loading ${MESSAGES} messages`);
  let s = await startProc(BIN, ['--quiet', '--port', '0', '--db', db]);
  const t0 = Date.now();
  const ids = await load(s.port, MESSAGES);
  results.loadRate = Math.round(MESSAGES / ((Date.now() - t0) / 1000));
  const idsFile = join(out, 'ids.txt');
  writeFileSync(idsFile, ids.join('\n') + '\n');
  await stop(s);
  // A copy of the 100,000 for the reset figure (the POST runs below add to the tenant).
  const rdb = join(out, 'reset.db');
  for (const f of [rdb, `${rdb}-wal`, `${rdb}-shm`]) rmSync(f, { force: true });
  copyFileSync(db, rdb);
  // The baseline.
  console.error('baseline');
  const base = await startProc(BASELINE, ['0', '2']);
  results.baseline = [series('baseline GET c1', base.port, 1, 'get.lua', { IDS_FILE: idsFile }), series('baseline GET c32', base.port, 32, 'get.lua', { IDS_FILE: idsFile })];
  await stop(base);

  // The request log on, as by default: one line per request written by the log thread.
  s = await startProc(BIN, ['--port', '0', '--db', db]);
  results.idleRss100kKb = rssKb(s.proc.pid);
  console.error('mdrmock, epoll thread pool of 2');
  results.get = [series('mdrmock GET c1', s.port, 1, 'get.lua', { IDS_FILE: idsFile }), series('mdrmock GET c32', s.port, 32, 'get.lua', { IDS_FILE: idsFile })];
  results.post = [series('mdrmock POST c1', s.port, 1, 'post.lua'), series('mdrmock POST c32', s.port, 32, 'post.lua')];
  results.peakRssKb = hwmKb(s.proc.pid);
  await stop(s);

  console.error('mdrmock, a thread per connection');
  s = await startProc(BIN, ['--port', '0', '--db', db, '--threads', '0']);
  results.perConnection = [series('per-connection GET c32', s.port, 32, 'get.lua', { IDS_FILE: idsFile }), series('per-connection POST c32', s.port, 32, 'post.lua')];
  await stop(s);

  results.peers = [];
  for (const peer of peers()) {
    console.error(peer.name);
    results.peers.push(await measurePeer(peer, idsFile));
  }

  console.error('a tenant\'s reset of 100,000 messages while another tenant posts');
  results.reset = await resetDelay(rdb);
  console.error(`  reset ${results.reset.resetMs.toFixed(0)} ms; other tenant's POST p99 ${results.reset.duringP99.toFixed(1)} ms during it (${results.reset.during} posts), ${results.reset.beforeP99.toFixed(1)} ms before`);
  console.error('durability under SIGKILL');
  const ddb = join(out, 'durability.db');
  for (const f of [ddb, `${ddb}-wal`, `${ddb}-shm`]) rmSync(f, { force: true });
  results.durability = await durability(ddb);

  writeFileSync(join(out, 'results.json'), JSON.stringify(results, null, 2));
  report(results);
}

function report(r) {
  const [bc1, bc32] = r.baseline;
  const [gc1, gc32] = r.get;
  const [pc1, pc32] = r.post;
  const [tg, tp] = r.perConnection;
  const f = (x) => Math.round(x).toLocaleString('en-US');
  const ms = (x) => x.toFixed(2);
  const lines = [
    `Run ${r.date}, ${r.cpus} CPUs, wrk ${r.duration} s x ${r.runs} runs per row (median shown; all runs in brackets), ${r.messages.toLocaleString('en-US')} stored messages.`,
    '',
    '| figure | result | target | ratio to baseline |',
    '|---|---|---|---|',
    `| baseline, 1 conn | ${f(bc1.rps)} req/s, p99 ${ms(bc1.p99)} ms [${bc1.all.join(', ')}] | - | 1.00 |`,
    `| baseline, 32 conns | ${f(bc32.rps)} req/s, p99 ${ms(bc32.p99)} ms [${bc32.all.join(', ')}] | - | 1.00 |`,
    `| GET random id, 1 conn | ${f(gc1.rps)} req/s, p99 ${ms(gc1.p99)} ms [${gc1.all.join(', ')}] | - | ${(gc1.rps / bc1.rps).toFixed(2)} |`,
    `| GET random id, 32 conns | ${f(gc32.rps)} req/s, p99 ${ms(gc32.p99)} ms [${gc32.all.join(', ')}] | >= 0.6x, p99 < 5 ms | ${(gc32.rps / bc32.rps).toFixed(2)} |`,
    `| POST, 1 conn | ${f(pc1.rps)} req/s, p99 ${ms(pc1.p99)} ms [${pc1.all.join(', ')}] | - | ${(pc1.rps / bc1.rps).toFixed(2)} |`,
    `| POST, 32 conns | ${f(pc32.rps)} req/s, p99 ${ms(pc32.p99)} ms [${pc32.all.join(', ')}] | >= 20,000 req/s (0.3x) | ${(pc32.rps / bc32.rps).toFixed(2)} |`,
    `| a tenant's reset of ${r.messages.toLocaleString('en-US')} messages: another tenant's POST p99 during it (8 clients, ${r.reset.during} posts) | ${ms(r.reset.duringP99)} ms (max ${ms(r.reset.duringMax)}; ${ms(r.reset.beforeP99)} ms the second before); the reset ${f(r.reset.resetMs)} ms | < 20 ms p99 | - |`,
    `| GET, 32 conns, thread per connection | ${f(tg.rps)} req/s, p99 ${ms(tg.p99)} ms | (comparison) | ${(tg.rps / bc32.rps).toFixed(2)} |`,
    `| POST, 32 conns, thread per connection | ${f(tp.rps)} req/s, p99 ${ms(tp.p99)} ms | (comparison) | ${(tp.rps / bc32.rps).toFixed(2)} |`,
    `| errors (non-2xx + socket) in all mdrmock runs | ${gc1.errors + gc32.errors + pc1.errors + pc32.errors + tg.errors + tp.errors} | 0 | - |`,
    `| acknowledged POSTs surviving SIGKILL | ${r.durability.acked - r.durability.missing} of ${r.durability.acked} | all | - |`,
    `| exec to ready line, :memory:, median of 20 (min ${r.startupMinMs.toFixed(1)}, max ${r.startupMaxMs.toFixed(1)}) | ${r.startupMs.toFixed(1)} ms | < 20 ms | - |`,
    `| exec to ready line, file db, median of 20 | ${r.startupFileMs.toFixed(1)} ms | - | - |`,
    `| idle RSS, fresh :memory: | ${(r.idleRssKb / 1024).toFixed(1)} MB | < 16 MB | - |`,
    `| idle RSS, ${r.messages.toLocaleString('en-US')} messages in a file db | ${(r.idleRss100kKb / 1024).toFixed(1)} MB | < 16 MB | - |`,
    `| peak RSS during the GET/POST runs | ${(r.peakRssKb / 1024).toFixed(1)} MB | - | - |`,
    `| loading ${r.messages.toLocaleString('en-US')} messages (Node client, 32 conns) | ${f(r.loadRate)} msg/s | - | - |`,
  ];
  for (const p of r.peers) {
    lines.push(`| ${p.name}: GET any id, 32 conns | ${f(p.get.rps)} req/s, p99 ${ms(p.get.p99)} ms [${p.get.all.join(', ')}], errors ${p.get.errors} | (peer) | ${(p.get.rps / bc32.rps).toFixed(3)} |`);
    lines.push(`| ${p.name}: POST, 32 conns | ${f(p.post.rps)} req/s, p99 ${ms(p.post.p99)} ms [${p.post.all.join(', ')}], errors ${p.post.errors} | (peer) | ${(p.post.rps / bc32.rps).toFixed(3)} |`);
    lines.push(`| ${p.name}: spawn to first answer, median of 3; RSS after the runs | ${p.readyMs.toFixed(0)} ms; ${(p.rssKb / 1024).toFixed(1)} MB | (peer) | - |`);
  }
  console.log(lines.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
