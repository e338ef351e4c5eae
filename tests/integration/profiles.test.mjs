// Messaging profiles, numbers, opt-outs and group MMS (docs/behaviour.md §2.1, §2.5): per
// tenant, as Telnyx has them, with the errors each call documents.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertError, SMS, advance } from './lib/server.mjs';

let s;
before(async () => { s = await start(); });
after(async () => { await s.stop(); });

const KEY = 'prof-key';
const req = (method, path, body, key = KEY) => s.request(method, path, { body, key });
const create = (body, key) => req('POST', '/v2/messaging_profiles', { name: 'P', whitelisted_destinations: ['US'], ...body }, key);
const assign = (number, profile, key) => req('PATCH', `/v2/phone_numbers/${encodeURIComponent(number)}/messaging`, { messaging_profile_id: profile }, key);

test('every tenant has a default profile, made on first use with a stable id', async () => {
  const a = await req('GET', '/v2/messaging_profiles', undefined, 'fresh-tenant');
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.data.length, 1);
  const def = a.json.data[0];
  assert.equal(def.name, 'Default');
  assert.equal(def.record_type, 'messaging_profile');
  assert.deepEqual(a.json.meta, { page_number: 1, page_size: 20, total_pages: 1, total_results: 1 });
  // A message from a number nobody assigned is in it.
  const m = await req('POST', '/v2/messages', SMS, 'fresh-tenant');
  assert.equal(m.json.data.messaging_profile_id, def.id);
  // Another tenant's default is another profile, invisible here.
  const other = (await req('GET', '/v2/messaging_profiles', undefined, 'other-tenant')).json.data[0];
  assert.notEqual(other.id, def.id);
  assertError(await req('GET', `/v2/messaging_profiles/${other.id}`, undefined, 'fresh-tenant'), 404, '10005');
  // The same id after the tenant's reset.
  assert.equal((await s.request('POST', '/_mock/reset?tenant=fresh-tenant', { key: null })).status, 200);
  assert.equal((await req('GET', `/v2/messaging_profiles/${def.id}`, undefined, 'fresh-tenant')).json.data.id, def.id);
});

test('create, read, update, delete; a bad field changes nothing', async () => {
  const c = await create({ name: 'Shop', webhook_url: 'https://example.com/hooks', number_pool_settings: null });
  assert.equal(c.status, 200, c.text);
  const p = c.json.data;
  assert.equal(p.name, 'Shop');
  assert.equal(p.webhook_url, 'https://example.com/hooks');
  assert.equal(p.enabled, true);
  assert.equal(p.webhook_api_version, '2');
  assert.deepEqual(p.whitelisted_destinations, ['US']);
  assert.equal(p.created_at, p.updated_at);
  assert.deepEqual((await req('GET', `/v2/messaging_profiles/${p.id}`)).json.data, p);
  await advance(s, '1m');
  const u = await req('PATCH', `/v2/messaging_profiles/${p.id}`, { name: 'Shop 2', enabled: false, webhook_url: '' });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.data.name, 'Shop 2');
  assert.equal(u.json.data.enabled, false);
  assert.equal(u.json.data.webhook_url, null);
  assert.notEqual(u.json.data.updated_at, p.updated_at);
  assertError(await req('PATCH', `/v2/messaging_profiles/${p.id}`, { name: 'x', enabled: 'yes' }), 400, '10015', '/enabled');
  assert.equal((await req('GET', `/v2/messaging_profiles/${p.id}`)).json.data.name, 'Shop 2', 'nothing changed');
  // Other tenants do not see it.
  assertError(await req('GET', `/v2/messaging_profiles/${p.id}`, undefined, 'intruder'), 404, '10005');
  assertError(await req('PATCH', `/v2/messaging_profiles/${p.id}`, { name: 'x' }, 'intruder'), 404, '10005');
  assertError(await req('DELETE', `/v2/messaging_profiles/${p.id}`, undefined, 'intruder'), 404, '10005');
  const d = await req('DELETE', `/v2/messaging_profiles/${p.id}`);
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.data.id, p.id);
  assertError(await req('GET', `/v2/messaging_profiles/${p.id}`), 404, '10005');
  assertError(await req('DELETE', `/v2/messaging_profiles/${p.id}`), 404, '10005');
});

test('create validates as the request schema says', async () => {
  const base = { name: 'V', whitelisted_destinations: ['US'] };
  const post = (body) => req('POST', '/v2/messaging_profiles', body);
  assertError(await post({ whitelisted_destinations: ['US'] }), 400, '10004', '/name');
  assertError(await post({ name: 'V' }), 400, '10004', '/whitelisted_destinations');
  assertError(await post({ ...base, name: '' }), 400, '10015', '/name');
  assertError(await post({ ...base, whitelisted_destinations: ['usa'] }), 400, '10015', '/whitelisted_destinations/0');
  assertError(await post({ ...base, webhook_api_version: '3' }), 400, '10015', '/webhook_api_version');
  assertError(await post({ ...base, webhook_url: 'ftp://x' }), 400, '10015', '/webhook_url');
  assertError(await post({ ...base, daily_spend_limit: 5 }), 400, '10015', '/daily_spend_limit');
  assertError(await post({ ...base, number_pool_settings: { toll_free_weight: 1, skip_unhealthy: true } }), 400, '10004', '/number_pool_settings/long_code_weight');
  assertError(await post({ ...base, number_pool_settings: { long_code_weight: -1, toll_free_weight: 1, skip_unhealthy: true } }), 400, '10015', '/number_pool_settings/long_code_weight');
  assertError(await post({ ...base, url_shortener_settings: {} }), 400, '10004', '/url_shortener_settings/domain');
  assertError(await post([1]), 400, '10015');
  assertError(await req('POST', '/v2/messaging_profiles', '{"name":', KEY), 400, '10023');
});

test('list: filters by name, pages, and shows the global profiles too', async () => {
  const key = 'list-tenant';
  for (const name of ['alpha', 'beta', 'alphabet']) assert.equal((await create({ name }, key)).status, 200);
  assert.equal((await s.request('PUT', '/_mock/messaging_profiles/global-1', { key: null, body: { name: 'global one' } })).status, 200);
  const names = async (q) => (await req('GET', `/v2/messaging_profiles${q}`, undefined, key)).json.data.map((p) => p.name);
  assert.deepEqual(await names('?filter[name][eq]=alpha'), ['alpha']);
  assert.deepEqual(await names('?filter[name]=beta'), ['beta']);
  assert.deepEqual((await names('?filter[name][contains]=alpha')).sort(), ['alpha', 'alphabet']);
  const all = await req('GET', '/v2/messaging_profiles?page[size]=2&page[number]=2', undefined, key);
  assert.equal(all.json.meta.total_results, 5, 'default, three, global');
  assert.equal(all.json.meta.total_pages, 3);
  assert.equal(all.json.data.length, 2);
  assertError(await req('GET', '/v2/messaging_profiles?page[size]=251', undefined, key), 400, '10015');
  // A global profile is seen by every tenant and changed only through the control API.
  assert.equal((await req('GET', '/v2/messaging_profiles/global-1', undefined, key)).json.data.name, 'global one');
  assertError(await req('PATCH', '/v2/messaging_profiles/global-1', { name: 'mine' }, key), 403, '10015');
  assertError(await req('DELETE', '/v2/messaging_profiles/global-1', undefined, key), 403, '10015');
});

test('numbers: registered by use, assigned by PATCH, and a message follows its number\'s profile', async () => {
  const key = 'num-tenant';
  const p = (await create({ name: 'assigned' }, key)).json.data;
  const def = (await req('GET', '/v2/messaging_profiles', undefined, key)).json.data.find((x) => x.name === 'Default');
  const sent = await req('POST', '/v2/messages', { ...SMS, from: '+13125550401' }, key);
  assert.equal(sent.json.data.messaging_profile_id, def.id);
  const list = await req('GET', '/v2/phone_numbers/messaging', undefined, key);
  assert.equal(list.json.data.length, 1);
  const n = list.json.data[0];
  assert.equal(n.phone_number, '+13125550401');
  assert.equal(n.messaging_profile_id, def.id);
  assert.equal(n.type, 'longcode');
  assert.match(n.id, /^[1-9]\d{17,18}$/);
  // By id or by number; another tenant's is a 404.
  assert.deepEqual((await req('GET', `/v2/phone_numbers/${n.id}/messaging`, undefined, key)).json.data, n);
  assert.equal((await req('GET', '/v2/phone_numbers/%2B13125550401/messaging', undefined, key)).json.data.id, n.id);
  assertError(await req('GET', `/v2/phone_numbers/${n.id}/messaging`, undefined, 'intruder'), 404, '10005');
  // Assign: later messages carry the new profile; earlier ones keep theirs.
  const a = await assign('+13125550401', p.id, key);
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.data.messaging_profile_id, p.id);
  const after = await req('POST', '/v2/messages', { ...SMS, from: '+13125550401' }, key);
  assert.equal(after.json.data.messaging_profile_id, p.id);
  assert.equal((await req('GET', `/v2/messages/${sent.json.data.id}`, undefined, key)).json.data.messaging_profile_id, def.id);
  // A new number is provisioned by its first PATCH; the profile's list has both.
  assert.equal((await assign('+18005550402', p.id, key)).json.data.type, 'tollfree');
  const mine = await req('GET', `/v2/messaging_profiles/${p.id}/phone_numbers`, undefined, key);
  assert.deepEqual(mine.json.data.map((x) => x.phone_number), ['+13125550401', '+18005550402']);
  const filtered = async (q) => (await req('GET', `/v2/phone_numbers/messaging${q}`, undefined, key)).json.data.map((x) => x.phone_number);
  assert.deepEqual(await filtered('?filter[type]=tollfree'), ['+18005550402']);
  assert.deepEqual(await filtered('?sort[phone_number]=desc'), ['+18005550402', '+13125550401']);
  assert.deepEqual(await filtered('?filter[phone_number][contains]=0401'), ['+13125550401']);
  assert.deepEqual(await filtered(`?filter[messaging_profile_id]=${def.id}`), []);
  assertError(await req('GET', '/v2/phone_numbers/messaging?filter[type]=fax', undefined, key), 400, '10015');
  // Errors: an unknown profile, a wrong type, an id that is neither a known id nor a number.
  assertError(await assign('+13125550401', 'ghost', key), 400, '10015', '/messaging_profile_id');
  assertError(await req('PATCH', '/v2/phone_numbers/%2B13125550401/messaging', { messaging_profile_id: 5 }, key), 400, '10015', '/messaging_profile_id');
  assertError(await assign('1234567890123456789', p.id, key), 404, '10005');
  // Deleting the profile moves its numbers back to the default.
  assert.equal((await req('DELETE', `/v2/messaging_profiles/${p.id}`, undefined, key)).status, 200);
  assert.deepEqual(await filtered(`?filter[messaging_profile_id]=${def.id}`), ['+13125550401', '+18005550402']);
  // "" takes a number out of its profile: back to the default.
  const q = (await create({ name: 'q' }, key)).json.data;
  await assign('+13125550401', q.id, key);
  assert.equal((await assign('+13125550401', '', key)).json.data.messaging_profile_id, def.id);
});

test('opt-outs: a STOP lists, START lifts, filters apply', async () => {
  const key = 'opt-tenant';
  const ours = '+13125550501';
  assert.equal((await req('POST', '/v2/messages', { ...SMS, from: ours, to: '+13125559501' }, key)).status, 200);
  const inbound = (from, text) => s.request('POST', '/_mock/inbound', { key: null, body: { from, to: ours, text, tenant: key } });
  assert.equal((await inbound('+13125559501', ' stop ')).status, 200);
  assert.equal((await inbound('+13125559502', 'UNSUBSCRIBE')).status, 200);
  const list = await req('GET', '/v2/messaging_optouts', undefined, key);
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.data.length, 2);
  const o = list.json.data.find((x) => x.to === '+13125559501');
  assert.equal(o.from, ours);
  assert.equal(o.keyword, 'STOP');
  assert.equal(typeof o.messaging_profile_id, 'string');
  assert.match(o.created_at, /^\d{4}-\d\d-\d\dT/);
  assertError(await req('POST', '/v2/messages', { ...SMS, from: ours, to: '+13125559501' }, key), 409, '40300', '/to');
  assert.equal((await req('GET', '/v2/messaging_optouts?filter[from]=%2B19999999999', undefined, key)).json.data.length, 0);
  assert.equal((await req('GET', `/v2/messaging_optouts?filter[messaging_profile_id]=${o.messaging_profile_id}`, undefined, key)).json.data.length, 2);
  assert.equal((await req('GET', '/v2/messaging_optouts?created_at[gte]=2100-01-01T00:00:00Z', undefined, key)).json.data.length, 0);
  assertError(await req('GET', '/v2/messaging_optouts?created_at[lte]=yesterday', undefined, key), 400, '10015');
  assert.equal((await req('GET', '/v2/messaging_optouts', undefined, 'intruder')).json.data.length, 0, 'per tenant');
  await inbound('+13125559501', 'START');
  assert.deepEqual((await req('GET', '/v2/messaging_optouts', undefined, key)).json.data.map((x) => x.to), ['+13125559502']);
});

test('group MMS: one message per recipient, one group; the rules of the endpoint', async () => {
  const key = 'group-tenant';
  const body = { from: '+13125550601', to: ['+13125559601', '+13125559602', '+13125559603'], text: 'group hello' };
  const g = await req('POST', '/v2/messages/group_mms', body, key);
  assert.equal(g.status, 200, g.text);
  const first = g.json.data;
  assert.equal(first.type, 'MMS');
  assert.equal(first.to[0].phone_number, '+13125559601');
  assert.deepEqual(first.cc.map((c) => c.phone_number), ['+13125559602', '+13125559603']);
  const members = await req('GET', `/v2/messages/group/${first.id}`, undefined, key);
  assert.equal(members.status, 200, members.text);
  assert.deepEqual(members.json.data.map((m) => m.to[0].phone_number), body.to);
  assert.equal(new Set(members.json.data.map((m) => m.id)).size, 3);
  // Any member's id names the group; another tenant, a plain message or junk is a 404.
  assert.equal((await req('GET', `/v2/messages/group/${members.json.data[2].id}`, undefined, key)).json.data.length, 3);
  assertError(await req('GET', `/v2/messages/group/${first.id}`, undefined, 'intruder'), 404, '10005');
  const plain = await req('POST', '/v2/messages', SMS, key);
  assertError(await req('GET', `/v2/messages/group/${plain.json.data.id}`, undefined, key), 404, '10005');
  assertError(await req('GET', '/v2/messages/group/not-a-uuid', undefined, key), 404, '10005');
  // The rules.
  const post = (b) => req('POST', '/v2/messages/group_mms', b, key);
  assertError(await post({ ...body, to: ['+13125559601'] }), 400, '40310', '/to');
  assertError(await post({ ...body, to: Array.from({ length: 9 }, (_, i) => `+1312555970${i}`) }), 400, '40310', '/to');
  assertError(await post({ ...body, to: ['+13125559601', '12345'] }), 400, '40310', '/to/1');
  assertError(await post({ ...body, to: ['+13125559601', '+13125559601'] }), 400, '40310', '/to/1');
  assertError(await post({ ...body, to: '+13125559601' }), 400, '10015', '/to');
  assertError(await post({ to: body.to, text: 'x' }), 400, '10004', '/from');
  assertError(await post({ ...body, from: 'MyShop' }), 400, '10016', '/from');
  // A recipient who opted out refuses the whole group; nothing is stored.
  await s.request('POST', '/_mock/inbound', { key: null, body: { from: '+13125559602', to: body.from, text: 'STOP', tenant: key } });
  const count = async () => (await s.request('GET', `/_mock/messages?tenant=${key}`, { key: null })).json.data.length;
  const before = await count();
  assertError(await post(body), 409, '40300', '/to');
  assert.equal(await count(), before);
});

test('auto-response settings: CRUD, and an inbound keyword gets the reply and the opt-out', async () => {
  const key = 'auto-tenant';
  const p = (await create({ name: 'auto' }, key)).json.data;
  const base = `/v2/messaging_profiles/${p.id}/autoresp_configs`;
  const c = await req('POST', base, { op: 'stop', keywords: ['halt', 'Basta'], country_code: 'US', resp_text: 'You are out.' }, key);
  assert.equal(c.status, 200, c.text);
  const cfg = c.json.data;
  assert.deepEqual(cfg.keywords, ['HALT', 'BASTA']);
  assert.equal(cfg.op, 'stop');
  const info = (await req('POST', base, { op: 'info', keywords: ['HELP'], country_code: '*', resp_text: 'Call us.' }, key)).json.data;
  assert.ok(!('resp_text' in (await req('POST', base, { op: 'start', keywords: ['GO'], country_code: 'GB' }, key)).json.data));
  const list = await req('GET', base, undefined, key);
  assert.deepEqual(list.json.data.map((x) => x.op), ['stop', 'info', 'start']);
  assert.deepEqual(list.json.meta, { page_number: 1, page_size: 3, total_pages: 1, total_results: 3 });
  assert.deepEqual((await req('GET', `${base}?country_code=US`, undefined, key)).json.data.map((x) => x.id), [cfg.id]);
  assert.deepEqual((await req('GET', `${base}/${cfg.id}`, undefined, key)).json.data, cfg);
  // Validation, and other tenants.
  assertError(await req('POST', base, { keywords: ['X'], country_code: 'US' }, key), 400, '10004', '/op');
  assertError(await req('POST', base, { op: 'pause', keywords: ['X'], country_code: 'US' }, key), 400, '10015', '/op');
  assertError(await req('POST', base, { op: 'stop', keywords: [], country_code: 'US' }, key), 400, '10015', '/keywords');
  assertError(await req('POST', base, { op: 'stop', keywords: ['two words'], country_code: 'US' }, key), 400, '10015', '/keywords/0');
  assertError(await req('POST', base, { op: 'stop', keywords: ['X'], country_code: 'usa' }, key), 400, '10015', '/country_code');
  assertError(await req('GET', `${base}/${cfg.id}`, undefined, 'intruder'), 404, '10005');
  assertError(await req('GET', `${base}/00000000-0000-4000-8000-000000000000`, undefined, key), 404, '10005');
  // An inbound HALT to a number of the profile: the reply goes out, then the sender is blocked.
  const ours = '+13125550901';
  await assign(ours, p.id, key);
  const inbound = (from, text) => s.request('POST', '/_mock/inbound', { key: null, body: { from, to: ours, text, tenant: key } });
  assert.equal((await inbound('+13125559901', ' halt ')).status, 200);
  const sent = await s.request('GET', `/_mock/messages?tenant=${key}&direction=outbound`, { key: null });
  const replyMsg = sent.json.data.find((m) => m.to[0].phone_number === '+13125559901');
  assert.ok(replyMsg, JSON.stringify(sent.json.data.map((m) => m.text)));
  assert.equal(replyMsg.text, 'You are out.');
  assert.equal(replyMsg.from.phone_number, ours);
  assert.equal(replyMsg.messaging_profile_id, p.id);
  assertError(await req('POST', '/v2/messages', { from: ours, to: '+13125559901', text: 'x' }, key), 409, '40300');
  const opt = (await req('GET', '/v2/messaging_optouts', undefined, key)).json.data;
  assert.deepEqual(opt.map((o) => [o.to, o.keyword]), [['+13125559901', 'HALT']]);
  // info replies without blocking; a GB-only setting does not answer a US number.
  await inbound('+13125559902', 'help');
  assert.equal((await req('POST', '/v2/messages', { from: ours, to: '+13125559902', text: 'x' }, key)).status, 200);
  await inbound('+13125559901', 'GO');
  assertError(await req('POST', '/v2/messages', { from: ours, to: '+13125559901', text: 'x' }, key), 409, '40300');
  // PUT replaces; DELETE answers "OK"; a deleted setting no longer answers.
  const u = await req('PUT', `${base}/${info.id}`, { op: 'start', keywords: ['GO'], country_code: 'US' }, key);
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.data.op, 'start');
  assert.ok(!('resp_text' in u.json.data));
  await inbound('+13125559901', 'go');
  assert.equal((await req('POST', '/v2/messages', { from: ours, to: '+13125559901', text: 'x' }, key)).status, 200, 'GO opted back in');
  const d = await req('DELETE', `${base}/${cfg.id}`, undefined, key);
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json, 'OK');
  assertError(await req('DELETE', `${base}/${cfg.id}`, undefined, key), 404, '10005');
  await inbound('+13125559901', 'HALT');
  assert.equal((await req('POST', '/v2/messages', { from: ours, to: '+13125559901', text: 'x' }, key)).status, 200, 'no setting, no built-in word');
  // A global profile's settings are the control API's.
  assertError(await req('GET', '/v2/messaging_profiles/global-1/autoresp_configs', undefined, key), 403, '10015');
});

test('WhatsApp and RCS: 403 10010, as for an account without them', async () => {
  for (const [m, p] of [['POST', '/v2/messages/whatsapp'], ['POST', '/v2/messages/rcs'], ['GET', '/v2/messages/rcs/deeplinks/agent-1']]) {
    assertError(await req(m, p, m === 'POST' ? { to: SMS.to } : undefined), 403, '10010');
  }
});
