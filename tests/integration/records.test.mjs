// The synchronous readings of message detail records (docs/behaviour.md §4.5): the search
// (GET /v2/detail_records) and the paginated MDRs (GET /v2/reports/mdrs), over a known mix.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertError, advance, SEED_ID } from './lib/server.mjs';

let s;
const KEY = 'rec-key';
const mine = {};
before(async () => {
  s = await start();
  const req = (m, p, body, key = KEY) => s.request(m, p, { body, key });
  const prof = (await req('POST', '/v2/messaging_profiles', { name: 'Shop', whitelisted_destinations: ['US'] })).json.data;
  await req('PATCH', '/v2/phone_numbers/%2B13125550001/messaging', { messaging_profile_id: prof.id });
  mine.profile = prof.id;
  const send = async (body) => (await req('POST', '/v2/messages', body)).json.data;
  // One of each scenario from the default profile's number, two from Shop's, tags, an MMS.
  for (const [name, to] of [['ok', '+18665550100'], ['failed', '+18665550101'], ['gw', '+18665550102'], ['dlr', '+18665550103'], ['spam', '+18665550104'], ['slow', '+18665550105']]) {
    mine[name] = (await send({ from: '+18445550001', to, text: name, tags: name === 'ok' ? ['vip', 'x'] : [] })).id;
  }
  mine.shop1 = (await send({ from: '+13125550001', to: '+13125559001', text: 'shop', tags: ['vip'] })).id;
  mine.mms = (await send({ from: '+13125550001', to: '+13125559002', media_urls: ['https://e.example/a.png'] })).id;
  await advance(s, '1s');
  mine.inbound = (await s.request('POST', '/_mock/inbound', { key: null, body: { from: '+13125559003', to: '+13125550001', text: 'hi', tenant: KEY } })).json.data.id;
  // Another tenant's message never shows.
  await req('POST', '/v2/messages', { from: '+18445550001', to: '+18665550100', text: 'other' }, 'other-key');
  // At t0+1s: 'slow' (60 s) and 'dlr' (72 s) are still in flight; the rest are final by 3 s.
  await advance(s, '5s');
});
after(async () => { await s.stop(); });

const search = (q, key = KEY) => s.request('GET', `/v2/detail_records?filter[record_type]=messaging${q}`, { key });
const ids = (r) => r.json.data.map((x) => x.uuid ?? x.id);

// The seed's example message is a global fixture (2019): every tenant's records include it.
test('search: every final record of the tenant, newest first, with its status words', async () => {
  const r = await search('');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(new Set(ids(r)), new Set([mine.ok, mine.failed, mine.gw, mine.spam, mine.shop1, mine.mms, mine.inbound, SEED_ID]));
  assert.equal(r.json.meta.total_results, 8);
  assert.equal(ids(r).at(-1), SEED_ID, 'the oldest last');
  assert.equal(ids(r)[0], mine.inbound, 'newest first');
  const by = Object.fromEntries(r.json.data.map((x) => [x.uuid, x]));
  assert.equal(by[mine.ok].status, 'delivered');
  assert.equal(by[mine.failed].status, 'failed');
  assert.deepEqual(by[mine.failed].errors, ['40008']);
  assert.equal(by[mine.gw].status, 'gw_timeout');
  assert.equal(by[mine.gw].delivery_status, 'sending_failed');
  assert.equal(by[mine.spam].status, 'failed');
  assert.equal(by[mine.inbound].status, 'received');
  assert.equal(by[mine.ok].record_type, 'message_detail_record');
  assert.equal(by[mine.ok].tags, 'vip,x');
  assert.equal(by[mine.ok].cost, '0.0040');
  assert.equal(by[mine.mms].cost, '0.0150');
  assert.equal(by[mine.mms].message_type, 'MMS');
  assert.equal(by[mine.shop1].profile_id, mine.profile);
  assert.equal(by[mine.shop1].profile_name, 'Shop');
  // Later, the slow ones are records too.
  await advance(s, '2m');
  assert.equal((await search('')).json.meta.total_results, 10);
});

test('search: filters, sort and pages', async () => {
  const q = async (x) => new Set(ids(await search(x)));
  assert.deepEqual(await q('&filter[direction]=inbound'), new Set([mine.inbound]));
  assert.deepEqual(await q('&filter[status]=gw_timeout'), new Set([mine.gw]));
  assert.deepEqual(await q('&filter[message_type]=MMS'), new Set([mine.mms]));
  assert.deepEqual(await q('&filter[cld]=%2B18665550101'), new Set([mine.failed]));
  assert.deepEqual(await q('&filter[cld][ends_with]=0103'), new Set([mine.dlr]));
  assert.deepEqual(await q('&filter[cli][starts_with]=%2B1312'), new Set([mine.shop1, mine.mms, mine.inbound]));
  assert.deepEqual(await q('&filter[cld][contains]=555900'), new Set([mine.shop1, mine.mms]));
  assert.deepEqual(await q(`&filter[profile_id]=${mine.profile}`), new Set([mine.shop1, mine.mms, mine.inbound]));
  assert.deepEqual(await q('&filter[tags]=vip'), new Set([mine.ok, mine.shop1]));
  assert.deepEqual(await q(`&filter[uuid]=${mine.ok}`), new Set([mine.ok]));
  assert.deepEqual(await q('&filter[created_at][gte]=2026-01-05T12:00:01Z'), new Set([mine.inbound]));
  assert.deepEqual(await q('&filter[created_at][lt]=2026-01-05T12:00:01Z&filter[direction]=inbound'), new Set());
  assert.equal((await search('&filter[date_range]=today')).json.meta.total_results, 9);
  assert.equal((await search('&filter[date_range]=yesterday')).json.meta.total_results, 0);
  assert.equal((await search('&filter[date_range]=last_3_days')).json.meta.total_results, 9);
  // Oldest first, then pages of 4 that cover the lot exactly once.
  const asc = await search('&sort=created_at&page[size]=50');
  const all = ids(asc);
  assert.deepEqual(all.slice(0, 2), [SEED_ID, mine.ok]);
  const paged = [];
  for (let p = 1; p <= 3; p++) {
    const r = await search(`&sort=created_at&page[size]=4&page[number]=${p}`);
    assert.deepEqual(r.json.meta, { page_number: p, page_size: 4, total_pages: 3, total_results: 10 });
    paged.push(...ids(r));
  }
  assert.deepEqual(paged, all);
  assert.deepEqual(ids(await search('&page[number]=9')), []);
  // Another tenant sees only its own.
  assert.equal((await search('', 'other-key')).json.meta.total_results, 2, 'its own and the seed');
});

test('search: bad input names the parameter', async () => {
  const get = (q) => s.request('GET', `/v2/detail_records${q}`, { key: KEY });
  assertError(await get(''), 400, '10004');
  assertError(await get('?filter[record_type]=verify'), 400, '10015');
  assertError(await get('?filter[record_type]=nothing'), 400, '10015');
  for (const [q, param] of [
    ['&filter[bogus]=1', 'filter[bogus]'], ['&filter[status]=sent', 'filter[status]'],
    ['&filter[direction]=up', 'filter[direction]'], ['&filter[created_at][gte]=soon', 'filter[created_at][gte]'],
    ['&filter[created_at][within]=2026-01-01', 'filter[created_at][within]'], ['&filter[date_range]=someday', 'filter[date_range]'],
    ['&page[size]=51', 'page[size]'], ['&page[number]=0', 'page[number]'], ['&sort=cost', 'sort'], ['&limit=5', 'limit'],
  ]) {
    const r = await search(q);
    const e = assertError(r, 400, '10015');
    assert.deepEqual(e.source, { parameter: param }, q);
  }
  const rev = await search('&filter[created_at][gte]=2026-02-01&filter[created_at][lt]=2026-01-01');
  assertError(rev, 400, '10015');
});

test('reports/mdrs: the backend\'s words, its filters', async () => {
  const get = (q = '') => s.request('GET', `/v2/reports/mdrs${q}`, { key: KEY });
  const r = await get();
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.meta.total_results, 10);
  const by = Object.fromEntries(r.json.data.map((x) => [x.id, x]));
  assert.equal(by[mine.dlr].status, 'DLR_TIMEOUT');
  assert.equal(by[mine.inbound].direction, 'INBOUND');
  assert.equal(by[mine.ok].direction, 'OUTBOUND');
  assert.equal(by[mine.shop1].profile_name, 'Shop');
  const q = async (x) => new Set((await get(x)).json.data.map((d) => d.id));
  assert.deepEqual(await q('?status=GW_TIMEOUT'), new Set([mine.gw]));
  assert.deepEqual(await q('?direction=INBOUND'), new Set([mine.inbound]));
  assert.deepEqual(await q('?profile=Shop'), new Set([mine.shop1, mine.mms, mine.inbound]));
  assert.deepEqual(await q('?cld=%2B18665550105'), new Set([mine.slow]));
  assert.deepEqual(await q('?cli=%2B13125559003'), new Set([mine.inbound]));
  assert.deepEqual(await q(`?id=${mine.mms}`), new Set([mine.mms]));
  assert.deepEqual(await q('?message_type=MMS'), new Set([mine.mms]));
  assert.deepEqual(await q('?start_date=2026-01-05T12:00:01Z'), new Set([mine.inbound]));
  assert.deepEqual(await q('?end_date=2026-01-05'), new Set([SEED_ID]));
  assertError(await get('?status=delivered'), 400, '10015');
  assertError(await get('?direction=inbound'), 400, '10015');
  assertError(await get('?start_date=2026-02-01&end_date=2026-01-01'), 400, '10015');
  assertError(await get('?sort=x'), 400, '10015');
});
