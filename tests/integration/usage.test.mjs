// MDR usage reports (docs/behaviour.md §5.1): sums over the same records the search reads,
// checked against those records; asynchronous on the virtual clock, at once with /sync, and
// through the legacy view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertError, advance, csvRecords } from './lib/server.mjs';

let s;
const KEY = 'usage-key';
let shop;
const req = (m, p, body, key = KEY) => s.request(m, p, { body, key });
before(async () => {
  s = await start();
  shop = (await req('POST', '/v2/messaging_profiles', { name: 'Shop', whitelisted_destinations: ['US'] })).json.data.id;
  await req('PATCH', '/v2/phone_numbers/%2B13125550001/messaging', { messaging_profile_id: shop });
  const send = (body, key) => req('POST', '/v2/messages', body, key);
  const long = 'x'.repeat(200); // 2 GSM-7 parts
  for (const to of ['+18665550100', '+18665550101', '+18665550102', '+18665550103', '+18665550104']) {
    await send({ from: '+18445550001', to, text: long, tags: ['promo'] });
  }
  await send({ from: '+13125550001', to: '+13125559001', text: 'a', tags: ['promo', 'vip'] });
  await send({ from: '+13125550001', to: '+13125559002', media_urls: ['https://e.example/a.png'] });
  await s.request('POST', '/_mock/inbound', { key: null, body: { from: '+13125559003', to: '+13125550001', text: 'hi', tenant: KEY } });
  await send({ from: '+18445550001', to: '+18665550100', text: 'not mine' }, 'usage-other');
  await advance(s, '2m');
});
after(async () => { await s.stop(); });

const WINDOW = { start_date: '2026-01-05T00:00:00Z', end_date: '2026-01-06T00:00:00Z' };

// The records of the window, read through the search, summed the way the report should.
async function expected(groupKey) {
  const r = await req('GET', '/v2/detail_records?filter[record_type]=messaging&filter[created_at][gte]=2026-01-05&page[size]=50');
  const sums = new Map();
  for (const x of r.json.data) {
    for (const key of groupKey(x)) {
      const k = `${x.direction}|${x.message_type}|${key}`;
      const g = sums.get(k) ?? { sent: 0, delivered: 0, received: 0, parts: 0, cost: 0 };
      if (x.direction === 'inbound') g.received++;
      else if (x.sent_at) g.sent++;
      if (x.status === 'delivered') g.delivered++;
      g.parts += x.parts;
      g.cost += Math.round(Number(x.cost) * 10000);
      sums.set(k, g);
    }
  }
  return sums;
}

function got(result, key) {
  const m = new Map();
  for (const row of result) {
    m.set(`${row.direction}|${row.message_type}|${key(row)}`, {
      sent: Number(row.sent), delivered: Number(row.delivered), received: Number(row.received),
      parts: Number(row.parts), cost: Math.round(Number(row.cost) * 10000),
    });
    assert.equal(row.currency, 'USD');
    assert.equal(row.product, 'messaging');
  }
  return m;
}

test('sync: the sums agree exactly with the records, for each aggregation', async () => {
  const sync = (agg) => req('GET', `/v2/reports/mdr_usage_reports/sync?aggregation_type=${agg}&start_date=${WINDOW.start_date}&end_date=${WINDOW.end_date}`);
  const none = await sync('NO_AGGREGATION');
  assert.equal(none.status, 200, none.text);
  assert.equal(none.json.data.status, 'COMPLETE');
  assert.deepEqual(got(none.json.data.result, () => ''), await expected(() => ['']));
  const byProfile = (await sync('PROFILE')).json.data.result;
  assert.deepEqual(got(byProfile, (r) => r.profile_id), await expected((x) => [x.profile_id]));
  assert.ok(byProfile.some((r) => r.profile_id === shop));
  const byTag = (await sync('TAGS')).json.data.result;
  assert.deepEqual(got(byTag, (r) => r.tags), await expected((x) => (x.tags === '' ? [''] : x.tags.split(','))));
  const promo = byTag.find((r) => r.tags === 'promo' && r.direction === 'outbound' && r.message_type === 'SMS');
  assert.deepEqual([promo.sent, promo.delivered, promo.parts, promo.cost], ['5', '2', '11', '0.0440'], 'five 2-part texts and a 1-part one; 5550102 never sent');
  // A profile filter, and another tenant's records never count.
  const only = await req('GET', `/v2/reports/mdr_usage_reports/sync?aggregation_type=NO_AGGREGATION&profiles=${shop}&start_date=${WINDOW.start_date}`);
  const total = only.json.data.result.reduce((a, r) => a + Number(r.parts), 0);
  assert.equal(total, 3, 'shop: a text, an MMS, an inbound');
  const other = await req('GET', '/v2/reports/mdr_usage_reports/sync?aggregation_type=NO_AGGREGATION&start_date=2026-01-05T00:00:00Z', undefined, 'usage-other');
  assert.deepEqual(other.json.data.result.map((r) => r.sent), ['1']);
});

test('async: pending, then complete with its rows and a file; list, get, delete', async () => {
  const c = await req('POST', '/v2/reports/mdr_usage_reports', { aggregation_type: 'PROFILE', ...WINDOW });
  assert.equal(c.status, 200, c.text);
  const u = c.json.data;
  assert.equal(u.status, 'PENDING');
  assert.ok(!('result' in u) && !('report_url' in u));
  await advance(s, '5s');
  const g = (await req('GET', `/v2/reports/mdr_usage_reports/${u.id}`)).json.data;
  assert.equal(g.status, 'COMPLETE');
  assert.deepEqual(got(g.result, (r) => r.profile_id), await expected((x) => [x.profile_id]));
  // As of its completion: an inbound record that arrives later is not in it.
  await advance(s, '1s');
  await s.request('POST', '/_mock/inbound', { key: null, body: { from: '+13125559009', to: '+13125550001', text: 'late', tenant: KEY } });
  assert.deepEqual((await req('GET', `/v2/reports/mdr_usage_reports/${u.id}`)).json.data.result, g.result);
  const url = new URL(g.report_url);
  const file = await s.request('GET', url.pathname + url.search, { key: null, checkJson: false });
  assert.equal((await s.request('GET', url.pathname, { key: null, checkJson: false })).status, 404, 'not without its token');
  assert.equal(file.status, 200);
  const rows = csvRecords(file.text);
  assert.equal(rows.length, g.result.length);
  assert.deepEqual(rows.map((r) => r.Parts).sort(), g.result.map((r) => r.parts).sort());
  const list = await req('GET', '/v2/reports/mdr_usage_reports?page[size]=1');
  assert.equal(list.json.meta.total_results, 1);
  assertError(await req('GET', `/v2/reports/mdr_usage_reports/${u.id}`, undefined, 'intruder'), 404, '10005');
  assert.equal((await req('DELETE', `/v2/reports/mdr_usage_reports/${u.id}`)).json.data.id, u.id);
  assertError(await req('GET', `/v2/reports/mdr_usage_reports/${u.id}`), 404, '10005');
  assert.equal((await s.request('GET', url.pathname + url.search, { key: null, checkJson: false })).status, 404);
});

test('legacy: integer aggregation and status, page and per_page', async () => {
  const c = await req('POST', '/v2/legacy/reporting/usage_reports/messaging', { aggregation_type: 2, start_time: WINDOW.start_date, end_time: WINDOW.end_date, profiles: [] });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.data.status, 1);
  assert.equal(c.json.data.aggregation_type, 2);
  await advance(s, '5s');
  const g = (await req('GET', `/v2/legacy/reporting/usage_reports/messaging/${c.json.data.id}`)).json.data;
  assert.equal(g.status, 2);
  assert.deepEqual(got(g.result.records, (r) => r.tags), await expected((x) => (x.tags === '' ? [''] : x.tags.split(','))));
  const list = await req('GET', '/v2/legacy/reporting/usage_reports/messaging?page=1&per_page=10');
  assert.equal(list.json.data.length, 1);
  assert.equal((await req('DELETE', `/v2/legacy/reporting/usage_reports/messaging/${c.json.data.id}`)).status, 200);
  // The two views keep their own reports.
  assertError(await req('GET', `/v2/reports/mdr_usage_reports/${c.json.data.id}`), 404, '10005');
});

test('bad input: the documented 4xx with a pointer or the parameter', async () => {
  const post = (b) => req('POST', '/v2/reports/mdr_usage_reports', b);
  assertError(await post({ ...WINDOW }), 400, '10004', '/aggregation_type');
  assertError(await post({ ...WINDOW, aggregation_type: 'HOURLY' }), 400, '10015', '/aggregation_type');
  assertError(await post({ aggregation_type: 'TAGS', end_date: WINDOW.end_date }), 400, '10004', '/start_date');
  assertError(await post({ aggregation_type: 'TAGS', start_date: 'yesterday', end_date: WINDOW.end_date }), 400, '10015', '/start_date');
  assertError(await post({ aggregation_type: 'TAGS', start_date: WINDOW.end_date, end_date: WINDOW.start_date }), 400, '10015', '/end_date');
  const legacy = (b) => req('POST', '/v2/legacy/reporting/usage_reports/messaging', b);
  assertError(await legacy({}), 400, '10004', '/aggregation_type');
  assertError(await legacy({ aggregation_type: 3 }), 400, '10015', '/aggregation_type');
  assertError(await legacy({ aggregation_type: '1' }), 400, '10015', '/aggregation_type');
  assertError(await legacy({ aggregation_type: 0, managed_accounts: ['x'] }), 400, '10015', '/managed_accounts/0');
  const sync = (q) => req('GET', `/v2/reports/mdr_usage_reports/sync${q}`);
  const e1 = assertError(await sync(''), 400, '10004');
  assert.deepEqual(e1.source, { parameter: 'aggregation_type' });
  const e2 = assertError(await sync('?aggregation_type=TAGS&granularity=day'), 400, '10015');
  assert.deepEqual(e2.source, { parameter: 'granularity' });
  assertError(await req('GET', '/v2/reports/mdr_usage_reports?page[size]=251'), 400, '10015');
  assertError(await req('GET', '/v2/legacy/reporting/usage_reports/messaging?per_page=0'), 400, '10015');
});
