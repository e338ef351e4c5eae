// The inspector's cost (bench/README.md, "The inspector"): start-up and idle RSS of the release
// build with the page's files embedded, against the baseline server measured in the same run,
// and RSS while the page is used: its files served, 20 event streams open, messages flowing.
// Everything on 127.0.0.1, every step bounded in time.
//
//   node bench/inspector.mjs [--runs 60] [--messages 2000]
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { root, out, arg, startProc, stop } from './args.mjs';

const RUNS = arg('runs', 60);
const MESSAGES = arg('messages', 2000);
const BIN = join(root, 'build/mdrmock');
const BASELINE = join(root, 'build/bench/baseline');
const STARTUP = join(root, 'build/bench/startup');
const DEADLINE_MS = 120000;
mkdirSync(out, { recursive: true });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rssMb = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const hwmMb = (pid) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const timer = setTimeout(() => {
  console.error(`inspector bench: not done in ${DEADLINE_MS / 1000} s`);
  process.exit(1);
}, DEADLINE_MS);

// exec to the ready line, median of RUNS (bench/startup.c): [median, min, max] in ms.
const startup = (cmd, args) => execFileSync(STARTUP, [String(RUNS), cmd, ...args], { encoding: 'utf8' }).trim().split(' ').map(Number);


function request(port, method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}) } }, (res) => {
      let n = 0;
      res.on('data', (c) => (n += c.length));
      res.on('end', () => resolve({ status: res.statusCode, bytes: n }));
    });
    req.setTimeout(10000, () => req.destroy(new Error(`${path}: no answer in 10 s`)));
    req.on('error', reject);
    req.end(data);
  });
}

// An event stream held open; counts the bytes it gets.
function stream(port) {
  const s = { bytes: 0 };
  s.req = http.get({ host: '127.0.0.1', port, path: '/_mock/events' }, (res) => res.on('data', (c) => (s.bytes += c.length)));
  s.req.on('error', () => {});
  return s;
}

const assets = readdirSync(join(root, 'server/ui')).map((f) => statSync(join(root, 'server/ui', f)).size)
  .concat(['schema/openapi.yaml', 'schema/openapi.json'].map((f) => statSync(join(root, f)).size))
  .reduce((a, b) => a + b, 0);

const r = { date: new Date().toISOString(), runs: RUNS, messages: MESSAGES, assetBytes: assets };
r.baselineStartup = startup(BASELINE, ['0']);
r.startup = startup(BIN, ['--quiet', '--port', '0', '--db', ':memory:']);
r.startupNoUi = startup(BIN, ['--quiet', '--port', '0', '--db', ':memory:', '--no-ui']);
{
  const b = await startProc(BASELINE, ['0']);
  await sleep(500);
  r.baselineRss = rssMb(b.proc.pid);
  await stop(b);
}
{
  const s = await startProc(BIN, ['--quiet', '--port', '0', '--db', ':memory:', '--clock', 'frozen']);
  await sleep(500);
  r.idleRss = rssMb(s.proc.pid);
  // The page as a browser loads it, ten times over.
  for (let i = 0; i < 10; i++) {
    for (const p of ['/', '/_mock/ui/app.js', '/_mock/ui/style.css', '/_mock/ui/icon.svg', '/_mock/openapi.json', '/_mock/openapi.yaml']) {
      const a = await request(s.port, 'GET', p);
      if (a.status !== 200) throw new Error(`${p}: ${a.status}`);
    }
  }
  r.servedRss = rssMb(s.proc.pid);
  // 20 pages open, following the feed while messages come and the clock moves.
  const streams = Array.from({ length: 20 }, () => stream(s.port));
  await sleep(300);
  for (let i = 0; i < MESSAGES; i++) {
    const a = await request(s.port, 'POST', '/v2/messages', { from: '+18445550001', to: '+18665550002', text: `bench ${i}` }, { authorization: `Bearer key-${i % 4}` });
    if (a.status !== 200) throw new Error(`POST: ${a.status}`);
    if (i % 500 === 499) await request(s.port, 'POST', '/_mock/clock', { advance: '1m' });
  }
  // What each page then reads: the newest 50, a message's detail, the webhooks and reports.
  for (let i = 0; i < 20; i++) {
    await request(s.port, 'GET', '/_mock/messages?page=1&per_page=50');
    await request(s.port, 'GET', '/_mock/webhooks?limit=200');
    await request(s.port, 'GET', '/_mock/reports');
  }
  await sleep(500);
  r.streamBytes = Math.min(...streams.map((x) => x.bytes));
  r.busyRss = rssMb(s.proc.pid);
  r.peakRss = hwmMb(s.proc.pid);
  for (const x of streams) x.req.destroy();
  await stop(s);
}
clearTimeout(timer);
writeFileSync(join(out, 'inspector.json'), JSON.stringify(r, null, 2));

const ms = (x) => `${x[0].toFixed(1)} ms (min ${x[1].toFixed(1)}, max ${x[2].toFixed(1)})`;
const mb = (x) => `${x.toFixed(1)} MB`;
console.log(`| figure | result | baseline (same run) | ratio | target | met |
|---|---|---|---|---|---|
| exec to ready line, \`:memory:\`, inspector embedded, median of ${RUNS} | **${ms(r.startup)}** | ${ms(r.baselineStartup)} | ${(r.startup[0] / r.baselineStartup[0]).toFixed(2)} | < 20 ms | ${r.startup[0] < 20 ? 'yes' : 'no'} |
| exec to ready line, \`--no-ui\` | ${ms(r.startupNoUi)} | ${ms(r.baselineStartup)} | ${(r.startupNoUi[0] / r.baselineStartup[0]).toFixed(2)} | - | |
| idle RSS, fresh \`:memory:\` | **${mb(r.idleRss)}** | ${mb(r.baselineRss)} | ${(r.idleRss / r.baselineRss).toFixed(2)} | < 16 MB | ${r.idleRss < 16 ? 'yes' : 'no'} |
| RSS after serving the page's files 10 times (${(assets / 1024).toFixed(0)} KiB embedded) | ${mb(r.servedRss)} | ${mb(r.baselineRss)} | ${(r.servedRss / r.baselineRss).toFixed(2)} | - | |
| RSS with 20 event streams open after ${MESSAGES.toLocaleString('en-US')} messages (each stream got ${(r.streamBytes / 1024).toFixed(0)} KiB) | ${mb(r.busyRss)} (peak ${mb(r.peakRss)}) | ${mb(r.baselineRss)} | ${(r.busyRss / r.baselineRss).toFixed(2)} | - | |`);
