// The official SDK's messagingProfiles, phoneNumbers.messaging and messagingOptouts resources,
// and group MMS, against the real binary (docs/behaviour.md §2.1, §2.5).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Telnyx, { NotFoundError, BadRequestError, PermissionDeniedError } from 'telnyx';
import { start, recordingFetch } from '../../integration/lib/server.mjs';

let s, client;
before(async () => {
  s = await start();
  client = new Telnyx({ apiKey: 'KEY_PROFILES', baseURL: `${s.url}/v2`, maxRetries: 0, fetch: recordingFetch });
});
after(async () => { await s.stop(); });

const rejects = (p, Kind, code) => assert.rejects(p, (e) => {
  assert.ok(e instanceof Kind, `${e.constructor.name}: ${e.message}`);
  if (code) assert.equal(e.error.errors[0].code, code);
  return true;
});

test('messagingProfiles: create, retrieve, update, list (auto-paginated), delete', async () => {
  const created = await client.messagingProfiles.create({ name: 'sdk shop', whitelisted_destinations: ['US', 'CA'], webhook_url: 'https://example.com/h' });
  const p = created.data;
  assert.equal(p.record_type, 'messaging_profile');
  assert.equal(p.name, 'sdk shop');
  assert.deepEqual(p.whitelisted_destinations, ['US', 'CA']);
  assert.equal((await client.messagingProfiles.retrieve(p.id)).data.webhook_url, 'https://example.com/h');
  const updated = await client.messagingProfiles.update(p.id, { name: 'sdk shop 2', mms_fall_back_to_sms: true });
  assert.equal(updated.data.name, 'sdk shop 2');
  assert.equal(updated.data.mms_fall_back_to_sms, true);
  for (let i = 0; i < 3; i++) await client.messagingProfiles.create({ name: `bulk ${i}`, whitelisted_destinations: ['US'] });
  // The SDK follows meta.total_pages across pages of 2.
  const names = [];
  for await (const x of client.messagingProfiles.list({ 'page[size]': 2 })) names.push(x.name);
  assert.deepEqual(names.sort(), ['Default', 'bulk 0', 'bulk 1', 'bulk 2', 'sdk shop 2']);
  const byName = await client.messagingProfiles.list({ filter: { name: 'bulk 1' } });
  assert.deepEqual(byName.data.map((x) => x.name), ['bulk 1']);
  const contains = await client.messagingProfiles.list({ 'filter[name][contains]': 'bulk' });
  assert.equal(contains.data.length, 3);
  const deleted = await client.messagingProfiles.delete(p.id);
  assert.equal(deleted.data.id, p.id);
  await rejects(client.messagingProfiles.retrieve(p.id), NotFoundError, '10005');
  await rejects(client.messagingProfiles.create({ name: 'x' }), BadRequestError, '10004');
});

test('messagingProfiles: phone numbers, short codes, sender ids, metrics, regenerateSecret', async () => {
  const { data: p } = await client.messagingProfiles.create({ name: 'numbers', whitelisted_destinations: ['US'] });
  await client.phoneNumbers.messaging.update('+13125550701', { messaging_profile_id: p.id });
  await client.phoneNumbers.messaging.update('54321', { messaging_profile_id: p.id });
  const nums = await client.messagingProfiles.listPhoneNumbers(p.id);
  assert.deepEqual(nums.data.map((n) => n.phone_number), ['+13125550701']);
  const codes = await client.messagingProfiles.listShortCodes(p.id);
  assert.deepEqual(codes.data.map((c) => [c.short_code, c.messaging_profile_id]), [['54321', p.id]]);
  assert.deepEqual((await client.messagingProfiles.listAlphanumericSenderIDs(p.id)).data, []);
  const metrics = await client.messagingProfiles.retrieveMetrics(p.id, { time_frame: '7d' });
  assert.deepEqual(metrics.data, { messaging_profile_id: p.id, time_frame: '7d' });
  const again = await client.messagingProfiles.actions.regenerateSecret(p.id);
  assert.notEqual(again.data.v1_secret, p.v1_secret);
  assert.match(again.data.v1_secret, /^[0-9a-f]{32}$/);
});

test('phoneNumbers.messaging: an assignment changes later messages\' messaging_profile_id', async () => {
  const from = '+13125550702';
  const first = await client.messages.send({ from, to: '+13125559701', text: 'before' });
  const list = await client.phoneNumbers.messaging.list({ 'filter[phone_number]': from });
  assert.equal(list.data.length, 1);
  const n = list.data[0];
  assert.equal(n.messaging_profile_id, first.data.messaging_profile_id, 'the default profile');
  assert.equal((await client.phoneNumbers.messaging.retrieve(n.id)).data.phone_number, from);
  const { data: p } = await client.messagingProfiles.create({ name: 'assign', whitelisted_destinations: ['US'] });
  const moved = await client.phoneNumbers.messaging.update(n.id, { messaging_profile_id: p.id, tags: ['sales'] });
  assert.equal(moved.data.messaging_profile_id, p.id);
  assert.deepEqual(moved.data.tags, ['sales']);
  const later = await client.messages.send({ from, to: '+13125559701', text: 'after' });
  assert.equal(later.data.messaging_profile_id, p.id);
  assert.notEqual(later.data.messaging_profile_id, first.data.messaging_profile_id);
  await rejects(client.phoneNumbers.messaging.retrieve('1111111111111111111'), NotFoundError, '10005');
  await rejects(client.phoneNumbers.messaging.update(n.id, { messaging_profile_id: 'nope' }), BadRequestError, '10015');
});

test('messagingOptouts.list after a STOP', async () => {
  const ours = '+13125550703';
  await client.messages.send({ from: ours, to: '+13125559702', text: 'hello' });
  const r = await s.request('POST', '/_mock/inbound', { key: null, body: { from: '+13125559702', to: ours, text: 'STOP', tenant: 'KEY_PROFILES' } });
  assert.equal(r.status, 200, r.text);
  const list = await client.messagingOptouts.list({ filter: { from: ours } });
  assert.equal(list.data.length, 1);
  assert.equal(list.data[0].to, '+13125559702');
  assert.equal(list.data[0].keyword, 'STOP');
  assert.equal(list.data[0].messaging_profile_id, r.json.data.messaging_profile_id);
});

test('messages.sendGroupMms, then retrieveGroupMessages', async () => {
  const to = ['+13125559711', '+13125559712'];
  const g = await client.messages.sendGroupMms({ from: '+13125550704', to, text: 'group', subject: 'hi' });
  assert.equal(g.data.type, 'MMS');
  assert.equal(g.data.subject, 'hi');
  const all = await client.messages.retrieveGroupMessages(g.data.id);
  assert.deepEqual(all.data.map((m) => m.to[0].phone_number), to);
  assert.deepEqual(all.data[1].cc.map((c) => c.phone_number), [to[0]]);
  await rejects(client.messages.sendGroupMms({ from: '+13125550704', to: [to[0]], text: 'x' }), BadRequestError, '40310');
});

test('a global profile is read-only from /v2', async () => {
  assert.equal((await s.request('PUT', '/_mock/messaging_profiles/shared-prof', { key: null, body: { name: 'shared' } })).status, 200);
  assert.equal((await client.messagingProfiles.retrieve('shared-prof')).data.name, 'shared');
  await rejects(client.messagingProfiles.update('shared-prof', { name: 'mine' }), PermissionDeniedError, '10015');
});

test('messagingProfiles.autorespConfigs: create, list, retrieve, update, delete', async () => {
  const { data: p } = await client.messagingProfiles.create({ name: 'auto', whitelisted_destinations: ['US'] });
  const made = await client.messagingProfiles.autorespConfigs.create(p.id, { op: 'info', keywords: ['help'], country_code: 'US', resp_text: 'Call us' });
  assert.deepEqual(made.data.keywords, ['HELP']);
  const list = await client.messagingProfiles.autorespConfigs.list(p.id);
  assert.deepEqual(list.data.map((x) => x.id), [made.data.id]);
  assert.equal(list.meta.total_results, 1);
  const got = await client.messagingProfiles.autorespConfigs.retrieve(made.data.id, { profile_id: p.id });
  assert.equal(got.data.resp_text, 'Call us');
  const put = await client.messagingProfiles.autorespConfigs.update(made.data.id, { profile_id: p.id, op: 'stop', keywords: ['HALT'], country_code: '*' });
  assert.equal(put.data.op, 'stop');
  assert.equal(await client.messagingProfiles.autorespConfigs.delete(made.data.id, { profile_id: p.id }), 'OK');
  await rejects(client.messagingProfiles.autorespConfigs.retrieve(made.data.id, { profile_id: p.id }), NotFoundError, '10005');
});

test('messages.whatsapp and messages.rcs: PermissionDeniedError 10010', async () => {
  await rejects(client.messages.whatsapp({ from: '+13125550705', to: '+13125559720', whatsapp_message: { type: 'text', text: { body: 'x' } } }), PermissionDeniedError, '10010');
  await rejects(client.messages.rcs.send({ agent_id: 'a', to: '+13125559720', messaging_profile_id: 'x', agent_message: {} }), PermissionDeniedError, '10010');
  await rejects(client.messages.rcs.generateDeeplink('agent-1', { phone_number: '+13125559720' }), PermissionDeniedError, '10010');
});
