// The record-reading benchmark of bench/README.md: over the report benchmark's database of N
// messages (default 1,000,000, loaded through the API once), the latency of the first page of
// the MDR search, of a page deep in it, of GET /v2/reports/mdrs and of a sync usage report, each
// the median of --runs runs, and the server's peak RSS meanwhile.  Every call is one pass over
// the records (total_results is exact), so these figures grow with N while memory does not.
//
//   node bench/records.mjs [--messages 1000000] [--runs 5]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadedServer, call, kb } from './report.mjs';

const arg = (name, dflt) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : dflt);
const N = arg('--messages', 1000000);
const RUNS = arg('--runs', 5);
const out = join(new URL('..', import.meta.url).pathname, 'bench/results');

const CALLS = {
  searchFirstPage: '/v2/detail_records?filter[record_type]=messaging&page[size]=20',
  searchPage1000: '/v2/detail_records?filter[record_type]=messaging&page[size]=50&page[number]=1000',
  searchFiltered: '/v2/detail_records?filter[record_type]=messaging&filter[status]=delivered&filter[cld][ends_with]=0002&page[size]=20',
  mdrsFirstPage: '/v2/reports/mdrs?page[size]=20',
  usageSync: '/v2/reports/mdr_usage_reports/sync?aggregation_type=NO_AGGREGATION&start_date=2000-01-01T00:00:00Z',
};

async function main() {
  const s = await loadedServer(N);
  let peak = kb(s.proc.pid, 'VmRSS');
  const sampler = setInterval(() => { peak = Math.max(peak, kb(s.proc.pid, 'VmRSS')); }, 20);
  const res = { messages: N, runs: RUNS, rssIdleMb: kb(s.proc.pid, 'VmRSS') / 1024 };
  for (const [name, path] of Object.entries(CALLS)) {
    const times = [];
    let total = null;
    for (let i = 0; i < RUNS; i++) {
      const t0 = process.hrtime.bigint();
      const r = await call(s.port, 'GET', path);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (r.status !== 200) throw new Error(`${name}: ${r.status} ${JSON.stringify(r.json)}`);
      total = r.json.meta?.total_results ?? r.json.data.result.reduce((a, x) => a + Number(x.sent) + Number(x.received), 0);
    }
    times.sort((a, b) => a - b);
    res[name] = { medianMs: Math.round(times[Math.floor(times.length / 2)]), minMs: Math.round(times[0]), maxMs: Math.round(times.at(-1)), records: total };
  }
  clearInterval(sampler);
  res.rssPeakMb = Math.max(peak, kb(s.proc.pid, 'VmRSS')) / 1024;
  s.proc.kill('SIGTERM');
  await new Promise((r) => s.proc.on('close', r));
  writeFileSync(join(out, 'records.json'), JSON.stringify(res, null, 2));
  console.log(JSON.stringify(res, null, 2));
}

main().catch((e) => { console.error(e); process.exit(1); });
