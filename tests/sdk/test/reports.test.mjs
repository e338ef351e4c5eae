// MDR reports through the official SDK: the v2 resource, and the v1
// endpoints through the client's generic verbs with the v1 header pair.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Telnyx, { NotFoundError, BadRequestError } from 'telnyx';
import { start, advance, csvRecords, recordingFetch } from '../../integration/lib/server.mjs';

let s, client, root;
const WINDOW = { start_time: '2026-01-01T00:00:00+00:00', end_time: '2026-02-01T00:00:00+00:00' };
// The v1 pair instead of the client's Bearer (null removes a default header).
const V1_HEADERS = { Authorization: null, 'x-api-user': 'me@example.com', 'x-api-token': 'KEY_REPORTS' };

before(async () => {
  s = await start();
  client = new Telnyx({ apiKey: 'KEY_REPORTS', baseURL: `${s.url}/v2`, maxRetries: 0, fetch: recordingFetch });
  // v1 paths hang off the root, not /v2 (docs/behaviour.md §1.1).
  root = new Telnyx({ apiKey: 'unused', baseURL: s.url, maxRetries: 0, fetch: recordingFetch });
});
after(async () => { await s.stop(); });

const messaging = () => client.legacy.reporting.batchDetailRecords.messaging;

test('batchDetailRecords.messaging: create, retrieve through the lifecycle, list, delete', async () => {
  const { data: sent } = await client.messages.send({ from: '+18445550001', to: '+18665550002', text: 'for the report' });
  const { data: created } = await messaging().create({ start_time: '2026-01-05T00:00:00Z', end_time: '2026-01-06T00:00:00Z', record_types: [1, 2], directions: [2], report_name: 'sdk' });
  assert.equal(created.status, 'PENDING');
  assert.equal(created.record_type, 'mdr_report');
  assert.deepEqual(created.directions, ['OUTBOUND']);
  await advance(s, '5s');
  const { data: done } = await messaging().retrieve(created.id);
  assert.equal(done.status, 'COMPLETE');
  const csv = await (await fetch(done.report_url)).text();
  assert.deepEqual(csvRecords(csv).map((r) => r['Unique Mdr ID']), [sent.id]);
  const listed = await messaging().list();
  assert.ok(listed.data.some((r) => r.id === created.id));
  assert.equal(listed.meta.total_results, listed.data.length);
  const { data: deleted } = await messaging().delete(created.id);
  assert.equal(deleted.id, created.id);
  await assert.rejects(messaging().retrieve(created.id), (e) => e instanceof NotFoundError && e.status === 404);
});

test('batchDetailRecords.messaging.create: BadRequestError with the pointer', async () => {
  await assert.rejects(messaging().create({ ...WINDOW, filters: [{ filter_type: 'or', cli: '+1', cli_filter: 'contains' }] }), (e) => {
    assert.ok(e instanceof BadRequestError);
    assert.equal(e.status, 400);
    assert.deepEqual(e.error.errors[0].source, { pointer: '/filters/0/filter_type' });
    return true;
  });
});

test('v1 /reporting/mdr_requests through client.post/get/delete with x-api-user + x-api-token', async () => {
  const created = await root.post('/reporting/mdr_requests', { body: { ...WINDOW, call_types: [2] }, headers: V1_HEADERS });
  assert.equal(created.status, 1);
  assert.deepEqual(created.call_types, [2]);
  const got = await root.get(`/reporting/mdr_requests/${created.id}`, { headers: V1_HEADERS });
  assert.equal(got.id, created.id);
  const list = await root.get('/reporting/mdr_requests', { headers: V1_HEADERS, query: { per_page: 5 } });
  assert.ok(Array.isArray(list));
  assert.ok(list.some((r) => r.id === created.id));
  // The same tenant through the v2 resource (the credential is the tenant).
  const { data } = await messaging().retrieve(created.id);
  assert.equal(data.id, created.id);
  const deleted = await root.delete(`/reporting/mdr_requests/${created.id}`, { headers: V1_HEADERS });
  assert.equal(deleted.id, created.id);
  await assert.rejects(root.get(`/reporting/mdr_requests/${created.id}`, { headers: V1_HEADERS }), (e) => e instanceof NotFoundError);
  // Without the pair (and without Bearer): 401.
  await assert.rejects(root.get('/reporting/mdr_requests', { headers: { Authorization: null } }), (e) => e.status === 401);
});
