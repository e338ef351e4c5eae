// The official SDK's detailRecords.list and reports.listMdrs against the real binary
// (docs/behaviour.md §4.5), over a known mix of traffic.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Telnyx, { BadRequestError } from 'telnyx';
import { start, advance, recordingFetch, SEED_ID } from '../../integration/lib/server.mjs';

let s, client;
const made = [];
before(async () => {
  s = await start();
  client = new Telnyx({ apiKey: 'KEY_RECORDS', baseURL: `${s.url}/v2`, maxRetries: 0, fetch: recordingFetch });
  for (const to of ['+18665550100', '+18665550101', '+18665550102', '+18665550103']) {
    made.push((await client.messages.send({ from: '+18445550001', to, text: 'r', tags: ['sdk'] })).data.id);
  }
  // Another tenant's traffic, through its own client, never shows in these.
  const other = new Telnyx({ apiKey: 'KEY_RECORDS_OTHER', baseURL: `${s.url}/v2`, maxRetries: 0, fetch: recordingFetch });
  await other.messages.send({ from: '+18445550001', to: '+18665550100', text: 'other', tags: ['sdk'] });
  await advance(s, '2m');
});
after(async () => { await s.stop(); });

test('detailRecords.list: every record, auto-paginated, and filtered', async () => {
  const seen = [];
  for await (const r of client.detailRecords.list({ filter: { record_type: 'messaging' }, 'page[size]': 2 })) seen.push(r);
  assert.deepEqual(seen.map((r) => r.uuid).sort(), [...made, SEED_ID].sort());
  const statuses = Object.fromEntries(seen.map((r) => [r.cld, r.status]));
  assert.equal(statuses['+18665550100'], 'delivered');
  assert.equal(statuses['+18665550101'], 'failed');
  assert.equal(statuses['+18665550102'], 'gw_timeout');
  assert.equal(statuses['+18665550103'], 'dlr_timeout');
  const failed = await client.detailRecords.list({ filter: { record_type: 'messaging', status: 'failed' } });
  assert.deepEqual(failed.data.map((r) => r.uuid), [made[1]]);
  const oldest = await client.detailRecords.list({ filter: { record_type: 'messaging' }, sort: ['created_at'] });
  assert.equal(oldest.data[0].uuid, SEED_ID);
  await assert.rejects(client.detailRecords.list({ filter: { record_type: 'verify' } }), (e) => {
    assert.ok(e instanceof BadRequestError);
    assert.deepEqual(e.error.errors[0].source, { parameter: 'filter[record_type]' });
    return true;
  });
});

test('reports.listMdrs: the records in the backend\'s words', async () => {
  const all = await client.reports.listMdrs();
  assert.equal(all.meta.total_results, 5);
  const gw = await client.reports.listMdrs({ status: 'GW_TIMEOUT', direction: 'OUTBOUND' });
  assert.deepEqual(gw.data.map((r) => [r.id, r.status, r.direction]), [[made[2], 'GW_TIMEOUT', 'OUTBOUND']]);
  const one = await client.reports.listMdrs({ id: made[0] });
  assert.deepEqual(one.data.map((r) => [r.cld, r.cost, r.parts]), [['+18665550100', '0.0040', 1]]);
});

test('reports.mdrUsageReports: create, retrieve once complete, list, fetchSync, delete', async () => {
  const start_date = '2026-01-05T00:00:00Z', end_date = '2026-01-06T00:00:00Z';
  const made2 = await client.reports.mdrUsageReports.create({ aggregation_type: 'NO_AGGREGATION', start_date, end_date });
  assert.equal(made2.data.status, 'PENDING');
  await advance(s, '5s');
  const done = await client.reports.mdrUsageReports.retrieve(made2.data.id);
  assert.equal(done.data.status, 'COMPLETE');
  const parts = done.data.result.reduce((a, r) => a + Number(r.parts), 0);
  const sent = done.data.result.reduce((a, r) => a + Number(r.sent), 0);
  assert.equal(parts, 4, 'the four records of this file');
  assert.equal(sent, 3, '5550102 never left');
  const ids = [];
  for await (const r of client.reports.mdrUsageReports.list({ 'page[size]': 1 })) ids.push(r.id);
  assert.deepEqual(ids, [made2.data.id]);
  const sync = await client.reports.mdrUsageReports.fetchSync({ aggregation_type: 'TAGS', start_date, end_date });
  assert.deepEqual(sync.data.result.map((r) => [r.tags, r.parts, r.sent, r.delivered, r.cost]), [['sdk', '4', '3', '1', '0.0160']]);
  assert.equal((await client.reports.mdrUsageReports.delete(made2.data.id)).data.id, made2.data.id);
});

test('legacy.reporting.usageReports.messaging: create, retrieve, list, delete', async () => {
  const api = client.legacy.reporting.usageReports.messaging;
  const made2 = await api.create({ aggregation_type: 0, start_time: '2026-01-05T00:00:00Z', end_time: '2026-01-06T00:00:00Z' });
  assert.equal(made2.data.status, 1);
  await advance(s, '5s');
  const done = await api.retrieve(made2.data.id);
  assert.equal(done.data.status, 2);
  assert.equal(done.data.result.records.reduce((a, r) => a + Number(r.parts), 0), 4);
  const listed = [];
  for await (const r of api.list({ per_page: 5 })) listed.push(r.id);
  assert.deepEqual(listed, [made2.data.id]);
  assert.equal((await api.delete(made2.data.id)).data.id, made2.data.id);
  await assert.rejects(api.retrieve(made2.data.id), (e) => e.status === 404);
});
