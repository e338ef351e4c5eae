// docs/behaviour.md §8: reads that walk many records run a step at a time off the HTTP threads,
// the tenants in turn, a bounded number per tenant. The finding: with 268k messages of tenant W,
// 30 parallel detail_records searches made tenant Q's GET of one message wait 4.3 s, and 30
// usage-report syncs stalled health 3.5 s.
// Measured on the release build, as a user runs it (bench/README.md records the full run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { existsSync } from 'node:fs';
import { start, tempDir, SLOWDOWN, START } from '../integration/lib/server.mjs';
import { postLoad } from './lib.mjs';

const FULL = process.env.MDRMOCK_HOSTILE_FULL === '1';
const LOADED = FULL ? 250000 : 25000;
const READERS = 30;
const RUN_MS = FULL ? 10000 : 3000;
const RELEASE = new URL('../../build/mdrmock', import.meta.url).pathname;
const DAY = START.slice(0, 10);

// One GET on its own connection: its status, headers, body and time in ms.
function get(s, path, key) {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve) => {
    const headers = key ? { authorization: `Bearer ${key}` } : {};
    const req = http.get({ host: s.host, port: s.port, path, agent: false, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    req.setTimeout(120000 * SLOWDOWN, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, error: e.message, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
  });
}

const p99 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))]; };

// The three long reads of the finding, each over all of W's messages.
const HEAVY = [
  [`/v2/detail_records?filter[record_type]=messaging&filter[created_at][gte]=${DAY}&page[size]=50&page[number]=3`, 'tenant-w'],
  [`/v2/reports/mdr_usage_reports/sync?aggregation_type=NO_AGGREGATION&start_date=${DAY}T00:00:00Z&end_date=2027-01-01T00:00:00Z`, 'tenant-w'],
  ['/_mock/messages?text=nowhere&per_page=5', null],
];

test(`${READERS} heavy reads over ${LOADED} messages of one tenant: another tenant's GET and health stay quick`, { timeout: 900000 * SLOWDOWN }, async () => {
  assert.ok(existsSync(RELEASE), `no release build at ${RELEASE}: make build/mdrmock (make test does)`);
  const tmp = tempDir();
  const s = await start(['--quiet'], { bin: RELEASE, db: `${tmp.dir}/m.db` });
  try {
    const loaded = await postLoad(s, { count: LOADED, sockets: 16, key: 'tenant-w', ms: 600000 });
    assert.equal(loaded.n, LOADED);
    const q = await s.request('POST', '/v2/messages', { key: 'tenant-q', body: { from: '+18445550001', to: '+18665550002', text: 'mine' } });
    assert.equal(q.status, 200);
    const qid = q.json.data.id;
    await s.request('POST', '/_mock/clock', { key: null, body: { advance: '1h' } });

    // Each kind of read gives the answer it gave before: all of W's records were walked.
    const records = await get(s, HEAVY[0][0], 'tenant-w');
    assert.equal(records.status, 200, records.body);
    assert.equal(JSON.parse(records.body).meta.total_results, LOADED);
    const sync = await get(s, HEAVY[1][0], 'tenant-w');
    assert.equal(sync.status, 200, sync.body);
    const rows = JSON.parse(sync.body).data.result;
    assert.equal(rows.reduce((n, r) => n + Number(r.sent), 0), LOADED, sync.body.slice(0, 400));
    const found = await get(s, '/_mock/messages?tenant=&text=mine', null);
    assert.equal(found.status, 200, found.body);
    const all = await get(s, '/_mock/messages?per_page=1', null);
    assert.ok(JSON.parse(all.body).meta.total_results >= LOADED + 1, all.body.slice(0, 300));
    console.log(`# one heavy read alone: search ${records.ms.toFixed(0)} ms, usage sync ${sync.ms.toFixed(0)} ms, control search ${all.ms.toFixed(0)} ms`);

    // Q's GET and health alone, then beside W's heavy readers.
    const probe = async (ms) => {
      const qms = [], hms = [];
      let bad = 0;
      const t0 = Date.now();
      while (Date.now() - t0 < ms) {
        const [a, b] = await Promise.all([get(s, `/v2/messages/${qid}`, 'tenant-q'), get(s, '/_mock/health', null)]);
        bad += (a.status !== 200) + (b.status !== 200);
        qms.push(a.ms);
        hms.push(b.ms);
      }
      return { q: p99(qms), h: p99(hms), n: qms.length, bad };
    };
    const alone = await probe(1000);
    let stop = false, heavyOk = 0, heavyOther = [];
    const readers = Array.from({ length: READERS }, async (_, i) => {
      const [path, key] = HEAVY[i % HEAVY.length];
      while (!stop) {
        const r = await get(s, path, key);
        if (r.status === 200) heavyOk++;
        else heavyOther.push(`${r.status} ${r.error ?? r.body.slice(0, 200)}`);
      }
    });
    await new Promise((r) => setTimeout(r, 300));
    const during = await probe(RUN_MS);
    stop = true;
    await Promise.all(readers);
    console.log(`# tenant Q's GET p99 ${alone.q.toFixed(1)} ms alone, ${during.q.toFixed(1)} ms beside ${READERS} heavy reads (${during.n} probes); health p99 ${alone.h.toFixed(1)} -> ${during.h.toFixed(1)} ms; ${heavyOk} heavy reads answered`);
    assert.equal(during.bad, 0);
    assert.deepEqual(heavyOther, []);
    assert.ok(heavyOk >= READERS, `heavy reads answered: ${heavyOk}`);
    assert.ok(during.q < 50 * SLOWDOWN, `tenant Q's GET p99 ${during.q.toFixed(1)} ms`);
    assert.ok(during.h < 50 * SLOWDOWN, `health p99 ${during.h.toFixed(1)} ms`);

    // Past the tenant's bound (4 stepping, 60 waiting) the answer is 429 10011 with
    // Retry-After: 1, at once; another tenant's long read is still taken.
    const burst = await Promise.all(Array.from({ length: 100 }, () => get(s, HEAVY[0][0], 'tenant-w')));
    const other = await get(s, `/v2/detail_records?filter[record_type]=messaging&filter[created_at][gte]=${DAY}`, 'tenant-q');
    const refused = burst.filter((r) => r.status === 429);
    console.log(`# 100 searches of one tenant at once: ${burst.filter((r) => r.status === 200).length} answered, ${refused.length} refused`);
    assert.equal(burst.filter((r) => r.status !== 200 && r.status !== 429).length, 0);
    assert.ok(refused.length > 0 && refused.length <= 100 - 64, `refused: ${refused.length}`);
    for (const r of refused) {
      assert.equal(JSON.parse(r.body).errors[0].code, '10011');
      assert.equal(r.headers['retry-after'], '1');
    }
    assert.equal(other.status, 200);
    assert.equal(JSON.parse(other.body).meta.total_results, 1);

    // A stop with heavy reads under way: they end at once (503 or answered), exit 0 soon.
    const late = Array.from({ length: READERS }, (_, i) => get(s, HEAVY[i % 2][0], 'tenant-w'));
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    await s.stop();
    const stopMs = Date.now() - t0;
    const ends = await Promise.all(late);
    console.log(`# SIGTERM with ${READERS} heavy reads under way: stopped in ${stopMs} ms; answers ${[...new Set(ends.map((r) => r.status))].join(', ')}`);
    assert.ok(stopMs < 3000 * SLOWDOWN, `the stop took ${stopMs} ms`);
    for (const r of ends) assert.ok([0, 200, 503].includes(r.status), `${r.status}`);
  } finally {
    if (s.proc.exitCode === null) await s.stop().catch(() => {});
    tmp.remove();
  }
});
