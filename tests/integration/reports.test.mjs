// docs/behaviour.md §4 and docs/behaviour.md §5: MDR reports through both views, on a frozen clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, SMS, send, advance, assertError, csvRecords, parseCsv, START } from './lib/server.mjs';

const V1 = '/reporting/mdr_requests';
const V2 = '/v2/legacy/reporting/batch_detail_records/messaging';
const WINDOW = { start_time: '2026-01-01T00:00:00+00:00', end_time: '2026-02-01T00:00:00+00:00' };
// v1 selects inbound, complete records unless told otherwise (docs/behaviour.md §4.1).
const ALL = { call_types: [1, 2], record_types: [1, 2, 3] };

let s;
before(async () => { s = await start(); });
after(async () => { await s.stop(); });

// v1 calls with the header pair by default (docs/behaviour.md §1.2).
const v1 = (method, path, body, key = 'rep-key') =>
  s.request(method, path, { body, key: null, headers: { 'x-api-user': 'me@example.com', 'x-api-token': key } });
const v2 = (method, path, body, key = 'rep-key') => s.request(method, path, { body, key });
const now = async () => (await s.request('GET', '/_mock/clock', { key: null })).json.now;

async function createV1(body, key) {
  const r = await v1('POST', V1, body, key);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// Fetches a download by its absolute report_url.
async function download(url, opts = {}) {
  const u = new URL(url);
  return s.request('GET', u.pathname + u.search, { key: null, checkJson: false, ...opts });
}

test('create: the bare object, pending, report_url null, arrays echoed', async () => {
  const body = { ...WINDOW, call_types: [2], record_types: [1], report_name: 'nov-12', filters: [{ filter_type: 'and', cld: '+1866', cld_filter: 'starts_with' }] };
  const r = await createV1(body);
  assert.match(r.id, /^[0-9a-f-]{36}$/);
  assert.equal(r.status, 1);
  assert.equal(r.report_url, null);
  assert.equal(r.start_time, '2026-01-01T00:00:00+00:00');
  assert.equal(r.end_time, '2026-02-01T00:00:00+00:00');
  assert.deepEqual(r.call_types, [2]);
  assert.deepEqual(r.record_types, [1]);
  assert.deepEqual(r.connections, []);
  assert.deepEqual(r.profiles, []);
  assert.deepEqual(r.filters, body.filters);
  assert.equal(r.report_name, 'nov-12');
  assert.equal(r.created_at, r.updated_at);
  assert.equal(r.data, undefined, 'v1 is not wrapped');
  const bare = await createV1({ start_time: '2026-01-05T00:00:00Z' });
  assert.equal(bare.report_name, null);
  assert.deepEqual(bare.call_types, [1], 'upstream default: inbound');
  assert.deepEqual(bare.record_types, [1], 'upstream default: complete');
  assert.deepEqual((await createV1({ start_time: '2026-01-05T00:00:00Z', directions: ['outbound'] })).call_types, [], 'directions alone');
  assert.equal(bare.end_time, (await now()).replace('.000Z', '+00:00'), 'end_time defaults to now');
});

test('create: each invalid field is a 400 with a pointer at it', async () => {
  const cases = [
    [V1, {}, '10004', '/start_time'],
    [V1, { start_time: 'nope' }, '10015', '/start_time'],
    [V1, { ...WINDOW, end_time: '2025-12-31T00:00:00Z' }, '10015', '/end_time'],
    [V1, { ...WINDOW, timezone: 'Mars/Olympus' }, '10015', '/timezone'],
    [V1, { ...WINDOW, call_types: [0] }, '10015', '/call_types/0'],
    [V1, { ...WINDOW, record_types: [1, 4] }, '10015', '/record_types/1'],
    [V1, { ...WINDOW, directions: ['up'] }, '10015', '/directions/0'],
    [V1, { ...WINDOW, profiles: 'p' }, '10015', '/profiles'],
    [V1, { ...WINDOW, report_name: 'x'.repeat(256) }, '10015', '/report_name'],
    [V1, { ...WINDOW, filters: [{ filter_type: 'or', cli: '1', cli_filter: 'contains' }] }, '10015', '/filters/0/filter_type'],
    [V1, { ...WINDOW, filters: [{ filter_type: 'and', cli: '1', cli_filter: 'contains' }, { filter_type: 'or', cld: '2', cld_filter: 'contains' }, { filter_type: 'and', tags_list: ['a'] }] }, '10015', '/filters/2/filter_type'],
    [V1, { ...WINDOW, filters: [{ filter_type: 'and', cli: '1', cld: '2', cli_filter: 'contains' }] }, '10015', '/filters/0'],
    [V1, { ...WINDOW, filters: [{ filter_type: 'and', cld: '1' }] }, '10004', '/filters/0/cld_filter'],
    [V1, { ...WINDOW, filters: [{ filter_type: 'and', cld: '1', cld_filter: 'is' }] }, '10015', '/filters/0/cld_filter'],
    [V2, { start_time: WINDOW.start_time }, '10004', '/end_time'],
    [V2, { ...WINDOW, directions: ['inbound'] }, '10015', '/directions/0'],
    [V2, { ...WINDOW, connections: ['abc'] }, '10015', '/connections/0'],
    [V2, { ...WINDOW, record_types: [9] }, '10015', '/record_types/0'],
  ];
  for (const [path, body, code, pointer] of cases) {
    const r = path === V1 ? await v1('POST', path, body) : await v2('POST', path, body);
    assertError(r, 400, code, pointer);
  }
  // Nothing was stored by the refusals.
  const list = await v1('GET', `${V1}?per_page=250`, undefined, 'refusals-only');
  assert.deepEqual(list.json, []);
});

test('auth: v1 takes the header pair, Token and Bearer; nothing is 401', async () => {
  const r = await createV1(WINDOW, 'auth-key');
  for (const headers of [{ 'x-api-token': 'auth-key' }, { authorization: 'Token auth-key' }, { authorization: 'Bearer auth-key' }]) {
    const g = await s.request('GET', `${V1}/${r.id}`, { key: null, headers });
    assert.equal(g.status, 200, JSON.stringify(headers));
  }
  assertError(await s.request('GET', `${V1}/${r.id}`, { key: null }), 401, '10009');
  assertError(await s.request('GET', `${V1}/${r.id}`, { key: null, headers: { 'x-api-user': 'me' } }), 401, '10009');
  assertError(await s.request('GET', `${V2}/${r.id}`, { key: null, headers: { 'x-api-token': 'auth-key' } }), 401, '10009');
});

test('lifecycle: pending, complete after 5 s with a CSV, expired after 30 days with 410', async () => {
  const m = await send(s, SMS, 'life');
  const r = await createV1({ ...WINDOW, ...ALL }, 'life');
  await advance(s, '4999ms');
  let g = await v1('GET', `${V1}/${r.id}`, undefined, 'life');
  assert.equal(g.json.status, 1);
  assert.equal(g.json.report_url, null);
  await advance(s, '1ms');
  g = await v1('GET', `${V1}/${r.id}`, undefined, 'life');
  assert.equal(g.json.status, 2);
  assert.equal(Date.parse(g.json.updated_at) - Date.parse(g.json.created_at), 5000);
  const url = g.json.report_url;
  assert.match(url, new RegExp(`^${s.url}/downloads/${r.id}/${r.id}\\.csv\\?token=[0-9a-f]{32}$`));
  // The id alone does not open the file: a predicted or guessed link is a 404.
  assert.equal((await download(`${s.url}/downloads/${r.id}/${r.id}.csv`)).status, 404);
  assert.equal((await download(`${s.url}/downloads/${r.id}/${r.id}.csv?token=${'0'.repeat(32)}`)).status, 404);
  const d = await download(url);
  assert.equal(d.status, 200);
  assert.match(d.headers['content-type'], /^text\/csv/);
  const rows = csvRecords(d.text);
  assert.deepEqual(rows.map((x) => x['Unique Mdr ID']), [m.id]);
  await advance(s, '30d');
  g = await v1('GET', `${V1}/${r.id}`, undefined, 'life');
  assert.equal(g.json.status, 4);
  assert.equal(g.json.report_url, null);
  const gone = await download(url);
  assert.equal(gone.status, 410);
  assert.equal(JSON.parse(gone.text).errors[0].code, '10005');
});

test('selection: record types over every scenario, rows as of completion', async () => {
  const key = 'scen';
  const t0 = await now();
  const sent = {};
  for (const suffix of ['0100', '0101', '0102', '0103', '0104', '0105']) sent[suffix] = (await send(s, { ...SMS, to: `+1866555${suffix}` }, key)).id;
  const win = { start_time: t0, end_time: '2027-01-01T00:00:00Z' };
  // Completed at t0+5 s: 0100/0101/0102/0104 are final; 0103 and 0105 are still in flight.
  const early = {};
  for (const rt of [1, 2, 3]) early[rt] = (await createV1({ ...win, call_types: [2], record_types: [rt] }, key)).id;
  await advance(s, '2m');
  // Completed at t0+2m5s: everything is final.
  const late = {};
  for (const rt of [1, 2, 3]) late[rt] = (await createV1({ ...win, call_types: [2], record_types: [rt] }, key)).id;
  await advance(s, '5s');
  const idsOf = async (id) => {
    const g = await v1('GET', `${V1}/${id}`, undefined, key);
    const d = await download(g.json.report_url);
    return csvRecords(d.text);
  };
  const by = (rows) => rows.map((r) => r['Terminating number'].slice(-4)).sort();
  assert.deepEqual(by(await idsOf(early[1])), ['0100']);
  assert.deepEqual(by(await idsOf(early[2])), ['0103', '0105']);
  assert.deepEqual(by(await idsOf(early[3])), ['0101', '0102', '0104']);
  assert.deepEqual(by(await idsOf(late[1])), ['0100', '0103', '0105']);
  assert.deepEqual(by(await idsOf(late[2])), []);
  assert.deepEqual(by(await idsOf(late[3])), ['0101', '0102', '0104']);
  // The early incomplete report still shows 0103 as sent, though it is final now.
  const rows = await idsOf(early[2]);
  const r103 = rows.find((r) => r['Terminating number'].endsWith('0103'));
  assert.equal(r103.Status, 'sent');
  assert.equal(r103.Status_v2, 'sent');
  assert.equal(r103.Cost, '');
  const errs = await idsOf(late[3]);
  assert.deepEqual(errs.map((r) => r['Error Codes']).sort(), ['40001', '40002', '40008']);
  assert.deepEqual(errs.map((r) => r.Status).sort(), ['failed', 'failed', 'gw_timeout']);
  assert.equal(rows[0]['Unique Mdr ID'] !== undefined, true);
  assert.ok(Object.values(sent).includes(rows[0]['Unique Mdr ID']));
});

test('selection: directions, profiles, connections, filters left to right', async () => {
  const key = 'sel';
  const t0 = await now();
  assert.equal((await s.request('PUT', '/_mock/messaging_profiles/prof-1', { body: { connection_id: 'conn-1' }, key: null })).status, 200);
  const a = await send(s, { from: '+18445550001', to: '+18665550002', text: 'a', tags: ['vip'] }, key);
  const b = await send(s, { from: '+13125550001', to: '+14155550002', text: 'b', messaging_profile_id: 'prof-1' }, key);
  const win = { start_time: t0, end_time: '2027-01-01T00:00:00Z' };
  const cases = [
    [{}, [a.id, b.id]],
    [{ call_types: [1] }, []],
    [{ directions: ['outbound'] }, [a.id, b.id]],
    [{ profiles: ['prof-1'] }, [b.id]],
    [{ connections: ['conn-1'] }, [b.id]],
    [{ connections: ['conn-2'] }, []],
    [{ filters: [{ filter_type: 'and', cli: '+1844', cli_filter: 'starts_with' }] }, [a.id]],
    [{ filters: [{ filter_type: 'and', cld: '0002', cld_filter: 'ends_with' }] }, [a.id, b.id]],
    [{ filters: [{ filter_type: 'and', cld: '555', cld_filter: 'contains' }, { filter_type: 'and', tags_list: ['vip'] }] }, [a.id]],
    [{ filters: [{ filter_type: 'and', tags_list: ['none'] }, { filter_type: 'or', cli: '+1312', cli_filter: 'starts_with' }] }, [b.id]],
  ];
  const ids = [];
  for (const [sel] of cases) ids.push((await createV1({ ...win, ...ALL, ...sel }, key)).id);
  // The upstream defaults select inbound complete records: none of these outbound ones.
  cases.push([{ defaults: true }, []]);
  ids.push((await createV1(win, key)).id);
  await advance(s, '5s');
  for (const [i, [sel, want]] of cases.entries()) {
    const g = await v1('GET', `${V1}/${ids[i]}`, undefined, key);
    const rows = csvRecords((await download(g.json.report_url)).text);
    assert.deepEqual(rows.map((r) => r['Unique Mdr ID']).sort(), [...want].sort(), JSON.stringify(sel));
  }
});

test('the CSV: header order, RFC 4180 quoting round-trips a hard message body', async () => {
  const key = 'csv';
  const t0 = await now();
  const text = 'She said "hi, there",\nthen left; 50% off, "really"';
  const m = await send(s, { ...SMS, text, tags: ['a', 'b'] }, key);
  const r = await createV1({ start_time: t0, end_time: '2027-01-01T00:00:00Z', include_message_body: true, report_name: 'my report/1', ...ALL }, key);
  await advance(s, '5s');
  const g = await v1('GET', `${V1}/${r.id}`, undefined, key);
  assert.equal(g.json.report_url.split('?')[0], `${s.url}/downloads/${r.id}/my%20report%2F1.csv`);
  const d = await download(g.json.report_url);
  const rows = parseCsv(d.text);
  assert.deepEqual(rows[0], ['Unique Mdr ID', 'Originating Number', 'Terminating number', 'CreateTimestamp(UTC)', 'SendTimestamp(UTC)', 'CompleteTimestamp(UTC)', 'Direction', 'Status', 'Status_v2', 'Message Type', 'Parts', 'Cost', 'Currency', 'Tags', 'Profile ID', 'Error Codes', 'Total Media Size', 'Message Body']);
  assert.equal(rows.length, 2);
  const rec = csvRecords(d.text)[0];
  assert.equal(rec['Message Body'], text);
  assert.equal(rec['Unique Mdr ID'], m.id);
  assert.match(rec['CreateTimestamp(UTC)'], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.equal(rec.Tags, 'a,b');
  assert.equal(rec.Cost, '0.0040');
  assert.equal(rec.Currency, 'USD');
  assert.ok(d.text.endsWith('\r\n'));
  // Without include_message_body there is no body column.
  const plain = await createV1({ start_time: t0, end_time: '2027-01-01T00:00:00Z', ...ALL }, key);
  await advance(s, '5s');
  const p = await v1('GET', `${V1}/${plain.id}`, undefined, key);
  assert.equal(parseCsv((await download(p.json.report_url)).text)[0].includes('Message Body'), false);
});

test('?rows=N: the file\'s header and first N rows, byte for byte (batch and usage reports)', async () => {
  const key = 'rows';
  const t0 = await now();
  for (let i = 0; i < 6; i++) await send(s, { ...SMS, text: `line ${i}\nsecond "line"`, tags: [`t${i}`] }, key);
  const r = await createV1({ start_time: t0, end_time: '2027-01-01T00:00:00Z', include_message_body: true, ...ALL }, key);
  const u = await v2('POST', '/v2/reports/mdr_usage_reports', { start_date: t0, end_date: '2027-01-01T00:00:00Z', aggregation_type: 'TAGS' }, key);
  await advance(s, '5s');
  const url = (await v1('GET', `${V1}/${r.id}`, undefined, key)).json.report_url;
  const whole = (await download(url)).text;
  assert.equal(parseCsv(whole).length, 7);
  for (const n of [1, 3, 6, 50]) {
    const part = await download(`${url}&rows=${n}`);
    assert.equal(part.status, 200);
    const want = parseCsv(whole).slice(0, n + 1);
    assert.deepEqual(parseCsv(part.text), want, `rows=${n}`);
    assert.ok(whole.startsWith(part.text), `rows=${n}: a prefix of the file`);
  }
  const usageUrl = (await v2('GET', `/v2/reports/mdr_usage_reports/${u.json.data.id}`, undefined, key)).json.data.report_url;
  const usageWhole = (await download(usageUrl)).text;
  assert.equal(parseCsv(usageWhole).length, 7, 'a header and one row a tag');
  const usagePart = (await download(`${usageUrl}&rows=2`)).text;
  assert.deepEqual(parseCsv(usagePart), parseCsv(usageWhole).slice(0, 3));
  assert.ok(usageWhole.startsWith(usagePart));
  for (const bad of ['0', '-1', 'x', '1001']) {
    for (const link of [url, usageUrl]) {
      const u = new URL(`${link}&rows=${bad}`);
      assertError(await s.request('GET', u.pathname + u.search, { key: null }), 400, '10015');
    }
  }
});

test('read, list newest first with paging, delete; all tenant-isolated', async () => {
  const key = 'pager';
  const made = [];
  for (let i = 0; i < 5; i++) {
    made.push((await createV1({ ...WINDOW, report_name: `r${i}` }, key)).id);
    await advance(s, '1s');
  }
  const names = async (q, path = V1) => (await v1('GET', `${path}${q}`, undefined, key)).json.map((r) => r.report_name);
  assert.deepEqual(await names(''), ['r4', 'r3', 'r2', 'r1', 'r0']);
  assert.deepEqual(await names('?per_page=2'), ['r4', 'r3']);
  assert.deepEqual(await names('?per_page=2&page=3'), ['r0']);
  assert.deepEqual(await names('?per_page=2&page=4'), []);
  assert.deepEqual(await names('', `${V1}/`), ['r4', 'r3', 'r2', 'r1', 'r0'], 'trailing slash');
  for (const q of ['?per_page=0', '?per_page=251', '?page=0', '?page=x', '?per_page=1.5']) {
    const r = await v1('GET', `${V1}${q}`, undefined, key);
    assert.equal(r.status, 400, q);
    assert.ok(['page', 'per_page'].includes(r.json.errors[0].source.parameter), q);
  }
  // Another tenant sees none of it.
  assert.deepEqual((await v1('GET', V1, undefined, 'someone-else')).json, []);
  assertError(await v1('GET', `${V1}/${made[0]}`, undefined, 'someone-else'), 404, '10005');
  assertError(await v1('DELETE', `${V1}/${made[0]}`, undefined, 'someone-else'), 404, '10005');
  assertError(await v2('GET', `${V2}/${made[0]}`, undefined, 'someone-else'), 404, '10005');
  // Delete answers the object, then it is gone everywhere.
  await advance(s, '5s');
  const before = await v1('GET', `${V1}/${made[0]}`, undefined, key);
  const del = await v1('DELETE', `${V1}/${made[0]}`, undefined, key);
  assert.equal(del.status, 200);
  assert.equal(del.json.id, made[0]);
  assert.equal(del.json.report_name, 'r0');
  assertError(await v1('GET', `${V1}/${made[0]}`, undefined, key), 404, '10005');
  assertError(await v1('DELETE', `${V1}/${made[0]}`, undefined, key), 404, '10005');
  assert.equal((await download(before.json.report_url)).status, 404);
  assertError(await v1('GET', `${V1}/not-a-uuid`, undefined, key), 404, '10005');
});

test('v2 view: wrapped, string enums, meta paging, both spellings, shared with v1', async () => {
  const key = 'v2key';
  const c = await v2('POST', V2, { ...WINDOW, directions: [1, 2], record_types: [1, 3], connections: [7], profiles: ['p'], report_name: 'v2' }, key);
  assert.equal(c.status, 200, c.text);
  const d = c.json.data;
  assert.equal(d.record_type, 'mdr_report');
  assert.equal(d.status, 'PENDING');
  assert.deepEqual(d.directions, ['INBOUND', 'OUTBOUND']);
  assert.deepEqual(d.record_types, ['COMPLETED', 'ERRORS']);
  assert.deepEqual(d.connections, [7]);
  assert.equal(d.start_date, '2026-01-01T00:00:00+00:00');
  assert.equal(d.end_date, '2026-02-01T00:00:00+00:00');
  // The same report through v1, and a v1 report through v2 (the docs' other spelling too).
  const asV1 = await v1('GET', `${V1}/${d.id}`, undefined, key);
  assert.equal(asV1.status, 200);
  assert.deepEqual(asV1.json.call_types, [1, 2]);
  const one = await createV1(WINDOW, key);
  const asV2 = await v2('GET', `/v2/legacy_reporting/batch_detail_records/messaging/${one.id}`, undefined, key);
  assert.equal(asV2.status, 200);
  assert.equal(asV2.json.data.id, one.id);
  const list = await v2('GET', `${V2}?page[size]=1&page[number]=2`, undefined, key);
  assert.equal(list.json.data.length, 1);
  assert.equal(list.json.data[0].id, d.id);
  assert.deepEqual(list.json.meta, { page_number: 2, page_size: 1, total_pages: 2, total_results: 2 });
  const bad = await v2('GET', `${V2}?page[size]=0`, undefined, key);
  assert.deepEqual(bad.json.errors[0].source, { parameter: 'page[size]' });
  await advance(s, '5s');
  const done = await v2('GET', `${V2}/${d.id}`, undefined, key);
  assert.equal(done.json.data.status, 'COMPLETE');
  assert.match(done.json.data.report_url, /\/downloads\//);
  const del = await v2('DELETE', `${V2}/${d.id}`, undefined, key);
  assert.equal(del.json.data.id, d.id);
  assertError(await v1('GET', `${V1}/${d.id}`, undefined, key), 404, '10005');
});

test('faults: next_report and report_id make reports fail; completed ones cannot', async () => {
  const key = 'faulty';
  const f = (body) => s.request('POST', '/_mock/faults', { body, key: null });
  assert.equal((await f({ next_report: true, outcome: 'failed' })).status, 200);
  const a = await createV1(WINDOW, key);
  const b = await createV1(WINDOW, key);
  assert.equal((await f({ report_id: b.id })).status, 200);
  const c = await createV1(WINDOW, key);
  await advance(s, '5s');
  const st = async (id) => (await v1('GET', `${V1}/${id}`, undefined, key)).json;
  assert.equal((await st(a.id)).status, 3);
  assert.equal((await st(a.id)).report_url, null);
  assert.equal((await st(b.id)).status, 3);
  assert.equal((await st(c.id)).status, 2, 'a fault is used once');
  assertError(await f({ report_id: c.id }), 400, '10015', '/report_id');
  assertError(await f({ report_id: '00000000-0000-4000-8000-000000000000' }), 404, '10005', '/report_id');
  assertError(await f({ outcome: 'failed' }), 400, '10004');
  assertError(await f({ next_report: true, outcome: 'slow' }), 400, '10015', '/outcome');
  assert.equal((await download(`${s.url}/downloads/${a.id}/x.csv`)).status, 404);
});

test('timezone: start and end without an offset are read in that zone', async () => {
  const r = await createV1({ start_time: '2026-01-01T00:00:00', end_time: '2026-01-02T00:00:00', timezone: 'America/New_York' }, 'tz');
  assert.equal(r.start_time, '2026-01-01T05:00:00+00:00');
  assert.equal(r.end_time, '2026-01-02T05:00:00+00:00');
  const k = await createV1({ start_time: '2026-01-01T00:00:00+01:00', end_time: '2026-01-02T00:00:00', timezone: 'Asia/Kolkata' }, 'tz');
  assert.equal(k.start_time, '2025-12-31T23:00:00+00:00', 'an explicit offset wins');
  assert.equal(k.end_time, '2026-01-01T18:30:00+00:00');
});

test('a reset drops reports with the rest', async () => {
  const r = await createV1(WINDOW, 'wipe');
  assert.equal((await s.request('POST', '/_mock/reset?tenant=wipe', { key: null })).status, 200);
  assertError(await v1('GET', `${V1}/${r.id}`, undefined, 'wipe'), 404, '10005');
  assert.ok(START);
});

test('--public-url, --report-delay and --report-retention; reports survive a restart', async () => {
  const { tempDir } = await import('./lib/server.mjs');
  const { join } = await import('node:path');
  const t = tempDir();
  const db = join(t.dir, 'reports.db');
  const flags = ['--public-url', 'https://mock.example:8443/', '--report-delay', '1s', '--report-retention', '2d'];
  try {
    let o = await start(flags, { db });
    const c = await o.request('POST', V1, { body: WINDOW, key: null, headers: { 'x-api-token': 'k' } });
    assert.equal(c.status, 200, c.text);
    await o.stop();
    o = await start(flags, { db });
    await o.request('POST', '/_mock/clock', { body: { advance: '1s' }, key: null });
    let g = await o.request('GET', `${V1}/${c.json.id}`, { key: null, headers: { 'x-api-token': 'k' } });
    assert.equal(g.json.status, 2);
    assert.match(g.json.report_url, new RegExp(`^https://mock.example:8443/downloads/${c.json.id}/${c.json.id}\\.csv\\?token=[0-9a-f]{32}$`));
    // The link's token is kept in the database: it still opens the file after another restart.
    const link = new URL(g.json.report_url);
    await o.stop();
    o = await start(flags, { db });
    await o.request('POST', '/_mock/clock', { body: { advance: '1s' }, key: null });
    assert.equal((await o.request('GET', link.pathname + link.search, { key: null, checkJson: false })).status, 200);
    await o.request('POST', '/_mock/clock', { body: { advance: '2d' }, key: null });
    g = await o.request('GET', `${V1}/${c.json.id}`, { key: null, headers: { 'x-api-token': 'k' } });
    assert.equal(g.json.status, 4);
    await o.stop();
  } finally {
    t.remove();
  }
});

test('v2 view as its types have it: report_name and report_url absent until there is one, tags_list a string, billing_group kept', async () => {
  const filters = [
    { filter_type: 'and', tags_list: ['vip', 'eu'], billing_group: 'bg-1' },
    { filter_type: 'or', cld: '+1866', cld_filter: 'starts_with' },
  ];
  const r = await v2('POST', V2, { ...WINDOW, filters }, 'v2-types');
  assert.equal(r.status, 200, r.text);
  const d = r.json.data;
  assert.equal(d.status, 'PENDING');
  assert.equal('report_url' in d, false, 'no report_url while pending');
  assert.equal('report_name' in d, false, 'no report_name when none was given');
  assert.deepEqual(d.filters, [
    { filter_type: 'and', tags_list: 'vip,eu', billing_group: 'bg-1' },
    { filter_type: 'or', cld: '+1866', cld_filter: 'starts_with' },
  ]);
  // The v1 view of the same report keeps the array, and its nulls.
  const one = await v1('GET', `${V1}/${d.id}`, undefined, 'v2-types');
  assert.deepEqual(one.json.filters[0], { filter_type: 'and', tags_list: ['vip', 'eu'], billing_group: 'bg-1' });
  assert.equal(one.json.report_url, null);
  await advance(s, '5s');
  const done = (await v2('GET', `${V2}/${d.id}`, undefined, 'v2-types')).json.data;
  assert.equal(done.status, 'COMPLETE');
  assert.equal(typeof done.report_url, 'string');
  const named = (await v2('POST', V2, { ...WINDOW, report_name: 'named' }, 'v2-types')).json.data;
  assert.equal(named.report_name, 'named');
  assertError(await v2('POST', V2, { ...WINDOW, filters: [{ filter_type: 'and', cli: '+1', cli_filter: 'contains', billing_group: 7 }] }, 'v2-types'), 400, '10015', '/filters/0/billing_group');
});

test('v1 defaults: call_types [1] and record_types [1] select inbound, complete records', async () => {
  const key = 'defaults';
  const t0 = await now();
  const out = await send(s, SMS, key);
  const media = ['https://e.example/a.jpg', 'https://e.example/b.png'];
  const inb = await s.request('POST', '/_mock/inbound', { key: null, body: { from: '+13125559901', to: SMS.from, text: 'hi', media_urls: media, tenant: key } });
  assert.equal(inb.status, 200, inb.text);
  const win = { start_time: t0, end_time: '2027-01-01T00:00:00Z' };
  const dflt = await createV1(win, key);
  const both = await createV1({ ...win, ...ALL }, key);
  await advance(s, '5s');
  const ids = async (r) => csvRecords((await download((await v1('GET', `${V1}/${r.id}`, undefined, key)).json.report_url)).text).map((x) => x['Unique Mdr ID']).sort();
  assert.deepEqual(await ids(dflt), [inb.json.data.id]);
  assert.deepEqual(await ids(both), [out.id, inb.json.data.id].sort());
  // Total Media Size: the sum of the sizes the API shows for an inbound message, 0 outbound.
  const rows = csvRecords((await download((await v1('GET', `${V1}/${both.id}`, undefined, key)).json.report_url)).text);
  const sizes = Object.fromEntries(rows.map((r) => [r['Unique Mdr ID'], r['Total Media Size']]));
  assert.equal(sizes[inb.json.data.id], String(inb.json.data.media.reduce((a, m) => a + m.size, 0)));
  assert.equal(sizes[out.id], '0');
});
