// The report benchmark of bench/README.md: N stored messages (default
// 1,000,000, loaded through the API), one MDR report over all of them, and
// the time from creation to a complete download, the download's rows per
// second and the server's RSS while it streams; then, on the same database, a latest-message
// lookup that matches nothing and the exec to the ready line.
//
//   node bench/report.mjs [--messages 1000000]
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'bench/results');
const i = process.argv.indexOf('--messages');
const N = i > 0 ? Number(process.argv[i + 1]) : 1000000;
const BIN = join(root, 'build/mdrmock');
mkdirSync(out, { recursive: true });

export function startServer(db) {
  return new Promise((resolve, reject) => {
    const p = spawn(BIN, ['--quiet', '--port', '0', '--db', db, '--report-delay', '1s', '--fixtures', 'none'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    p.stdout.on('data', (d) => {
      buf += d;
      const m = /:(\d+)\n/.exec(buf);
      if (m) resolve({ proc: p, port: Number(m[1]) });
    });
    p.on('close', (c) => reject(new Error(`exited ${c}`)));
  });
}

export const kb = (pid, field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

export function call(port, method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body ? JSON.stringify(body) : undefined;
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: { authorization: 'Bearer bench', 'content-type': 'application/json' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(Buffer.concat(chunks)) }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function load(port, n) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const body = JSON.stringify({ from: '+18445550001', to: '+18665550002', text: 'Your code is 123456, "quoted", with a comma' });
  let next = 0;
  const one = () => new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/v2/messages', agent, headers: { authorization: 'Bearer bench', 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`load: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
  const worker = async () => { while (next++ < n) await one(); };
  await Promise.all(Array.from({ length: 32 }, worker));
  agent.destroy();
}

// A server on the benchmark database of n messages, loading it through the API on the first run.
export async function loadedServer(n) {
  const db = join(out, `report-${n}.db`);
  let s = await startServer(db);
  const have = (await call(s.port, 'GET', '/_mock/health')).json;
  void have;
  // Reuse a database loaded by an earlier run when it holds enough rows.
  const marker = join(out, `report-${n}.loaded`);
  let loaded = false;
  try { loaded = readFileSync(marker, 'utf8') === String(n); } catch { /* first run */ }
  if (!loaded) {
    s.proc.kill('SIGTERM');
    await new Promise((r) => s.proc.on('close', r));
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    s = await startServer(db);
    const t0 = Date.now();
    console.error(`loading ${n} messages through POST /v2/messages`);
    await load(s.port, n);
    console.error(`  ${Math.round(n / ((Date.now() - t0) / 1000))} msg/s`);
    writeFileSync(marker, String(n));
    s.proc.kill('SIGTERM');
    await new Promise((r) => s.proc.on('close', r));
    s = await startServer(db);
  }
  return s;
}

async function main() {
  const s = await loadedServer(N);
  const rssIdle = kb(s.proc.pid, 'VmRSS');
  const t0 = process.hrtime.bigint();
  const created = await call(s.port, 'POST', '/reporting/mdr_requests', { start_time: '2000-01-01T00:00:00Z', end_time: '2100-01-01T00:00:00Z', include_message_body: true, call_types: [1, 2], record_types: [1, 2, 3] });
  let url = null;
  while (url === null) {
    await new Promise((r) => setTimeout(r, 20));
    url = (await call(s.port, 'GET', `/reporting/mdr_requests/${created.json.id}`)).json.report_url;
  }
  const tReady = process.hrtime.bigint();
  let peak = 0;
  const sampler = setInterval(() => { peak = Math.max(peak, kb(s.proc.pid, 'VmRSS')); }, 20);
  const u = new URL(url);
  let rows = -1, bytes = 0, tail = '';
  await new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: s.port, path: u.pathname + u.search }, (res) => {
      res.on('data', (c) => {
        bytes += c.length;
        // Rows end with CRLF; bodies here have no newlines of their own.
        const text = tail + c.toString('latin1');
        let k = -1;
        while ((k = text.indexOf('\r\n', k + 1)) >= 0) rows++;
        tail = text.endsWith('\r') ? '\r' : '';
      });
      res.on('end', resolve);
      res.on('error', reject);
    }).on('error', reject);
  });
  const tDone = process.hrtime.bigint();
  clearInterval(sampler);
  peak = Math.max(peak, kb(s.proc.pid, 'VmRSS'));
  // A number nothing was sent to: the latest-message lookup answers 404 by the to_number index.
  const latest = [];
  for (let k = 0; k < 7; k++) {
    const a = process.hrtime.bigint();
    const r = await call(s.port, 'GET', '/_mock/messages/latest?to=%2B19995550000');
    if (r.status !== 404) throw new Error(`latest: ${r.status}`);
    latest.push(Number(process.hrtime.bigint() - a) / 1e6);
  }
  s.proc.kill('SIGTERM');
  await new Promise((r) => s.proc.on('close', r));
  // Exec to the ready line on this database, with the built-in fixtures replaced as at every
  // start (bench/startup.c: fork, exec, read to the first newline; median of 20).
  const db = join(out, `report-${N}.db`);
  const [startMs, startMin, startMax] = execFileSync(join(root, 'build/bench/startup'), ['20', BIN, '--quiet', '--port', '0', '--db', db], { encoding: 'utf8' }).trim().split(' ').map(Number);
  const dl = Number(tDone - tReady) / 1e9;
  const res = {
    messages: N,
    rows,
    bytes,
    createToCompleteS: Number(tDone - t0) / 1e9,
    downloadS: dl,
    rowsPerS: Math.round(rows / dl),
    rssIdleMb: rssIdle / 1024,
    rssPeakDuringDownloadMb: peak / 1024,
    reportDelayS: 1,
    latestNoMatchMs: [...latest].sort((a, b) => a - b)[3],
    startupMs: startMs,
    startupMinMs: startMin,
    startupMaxMs: startMax,
  };
  writeFileSync(join(out, 'report.json'), JSON.stringify(res, null, 2));
  console.log(JSON.stringify(res, null, 2));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main().catch((e) => { console.error(e); process.exit(1); });
