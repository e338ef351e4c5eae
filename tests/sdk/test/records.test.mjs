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
