// Long reads (docs/behaviour.md §8, docs/design.md §5): the record search, the usage sums and
// the control API's message search walk their rows 512 at a time, the first step on the HTTP
// thread and the rest on the long reads' thread. Here every kind reads more than two steps'
// worth and must give the answer a single pass gives: every row counted once, every page
// in order, with the HTTP pool and with a thread per connection. tests/hostile/heavy.test.mjs
// measures the other tenants' latency beside such reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { start, advance, csvRecords } from './lib/server.mjs';

const N = 1100; // over two steps of 512
const KEY = 'long-key';
const DAY = '2026-01-05';

async function load(s) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  for (let i = 0; i < N; i += 100)
    await Promise.all(Array.from({ length: Math.min(100, N - i) }, (_, k) => s.request('POST', '/v2/messages', {
      key: KEY, agent, body: { from: '+18445550001', to: `+1866555${String(1000 + ((i + k) % 50)).padStart(4, '0')}`, text: (i + k) % 2 ? 'alpha' : 'beta', tags: (i + k) % 4 ? [] : ['four'] },
    }).then((r) => assert.equal(r.status, 200, r.text))));
  agent.destroy();
  await s.request('POST', '/v2/messages', { key: 'other-key', body: { from: '+18445550001', to: '+18665551000', text: 'alpha other' } });
  await advance(s, '1h');
}

for (const threads of ['auto', '0']) {
  test(`reads of ${N} records in steps give every row once (--threads ${threads})`, { timeout: 120000 }, async () => {
    const s = await start(['--threads', threads]);
    try {
      await load(s);
      // The search: 22 pages of 50, newest first, each record once.
      const seen = new Set();
      let last = '9999';
      for (let p = 1; p <= 22; p++) {
        const r = await s.request('GET', `/v2/detail_records?filter[record_type]=messaging&filter[created_at][gte]=${DAY}&page[size]=50&page[number]=${p}`, { key: KEY });
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.meta.total_results, N);
        assert.equal(r.json.data.length, 50);
        for (const x of r.json.data) {
          assert.ok(x.created_at <= last, 'newest first');
          last = x.created_at;
          seen.add(x.uuid);
        }
      }
      assert.equal(seen.size, N);
      const tagged = await s.request('GET', `/v2/detail_records?filter[record_type]=messaging&filter[created_at][gte]=${DAY}&filter[tags]=four`, { key: KEY });
      assert.equal(tagged.json.meta.total_results, N / 4);
      // The control API's search: every tenant, a filter applied row by row, pages across steps.
      const ids = new Set();
      for (let p = 1; p <= 3; p++) {
        const r = await s.request('GET', `/_mock/messages?text=alpha&per_page=250&page=${p}`, { key: null });
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.meta.total_results, N / 2 + 1);
        for (const m of r.json.data) ids.add(m.id);
      }
      assert.equal(ids.size, N / 2 + 1);
      const mine = await s.request('GET', `/_mock/messages?text=alpha&tenant=${KEY}&per_page=1`, { key: null });
      assert.equal(mine.json.meta.total_results, N / 2);
      const to = await s.request('GET', '/_mock/messages?to=%2B18665551000&per_page=5', { key: null });
      assert.equal(to.json.meta.total_results, N / 50 + 1);
      // Usage sums: the sync, a stored report once complete (one and in a list), its CSV.
      const sync = await s.request('GET', `/v2/reports/mdr_usage_reports/sync?aggregation_type=TAGS&start_date=${DAY}T00:00:00Z&end_date=2026-01-06T00:00:00Z`, { key: KEY });
      assert.equal(sync.status, 200, sync.text);
      const byTag = Object.fromEntries(sync.json.data.result.map((g) => [g.tags, Number(g.sent)]));
      assert.deepEqual(byTag, { four: N / 4, '': N - N / 4 });
      const made = await s.request('POST', '/v2/reports/mdr_usage_reports', { key: KEY, body: { aggregation_type: 'NO_AGGREGATION', start_date: `${DAY}T00:00:00Z`, end_date: '2026-01-06T00:00:00Z' } });
      assert.equal(made.status, 200, made.text);
      assert.equal(made.json.data.status, 'PENDING');
      await advance(s, '10m');
      const one = await s.request('GET', `/v2/reports/mdr_usage_reports/${made.json.data.id}`, { key: KEY });
      assert.equal(one.json.data.status, 'COMPLETE');
      assert.equal(Number(one.json.data.result[0].sent), N);
      const list = await s.request('GET', '/v2/reports/mdr_usage_reports', { key: KEY });
      assert.equal(Number(list.json.data[0].result[0].sent), N);
      const csv = await fetch(one.json.data.report_url.replace(/^https?:\/\/[^/]+/, s.url));
      assert.equal(csv.status, 200);
      const rows = csvRecords(await csv.text());
      assert.equal(rows.length, 1);
      assert.equal(Number(rows[0].Sent), N);
      const gone = await s.request('DELETE', `/v2/reports/mdr_usage_reports/${made.json.data.id}`, { key: KEY });
      assert.equal(gone.status, 200);
      assert.equal(Number(gone.json.data.result[0].sent), N);
      assert.equal((await s.request('GET', `/v2/reports/mdr_usage_reports/${made.json.data.id}`, { key: KEY })).status, 404);
    } finally {
      await s.stop();
    }
  });
}
