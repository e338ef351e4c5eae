// Every send method of the official SDK's messages resource against the real binary, and
// schedule then cancel (docs/behaviour.md §2.1, §2.3).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Telnyx, { BadRequestError, PermissionDeniedError } from 'telnyx';
import { start, advance, recordingFetch } from '../../integration/lib/server.mjs';

let s, client;
const to = '+18665550002';
before(async () => {
  s = await start();
  client = new Telnyx({ apiKey: 'KEY_PATHS', baseURL: `${s.url}/v2`, maxRetries: 0, fetch: recordingFetch });
  assert.equal((await s.request('PUT', '/_mock/messaging_profiles/sdk-pool', { key: null, body: {} })).status, 200);
});
after(async () => { await s.stop(); });

const clockNow = async () => Date.parse((await s.request('GET', '/_mock/clock', { key: null })).json.now);

test('sendLongCode, sendShortCode, sendNumberPool, sendWithAlphanumericSender', async () => {
  const lc = await client.messages.sendLongCode({ from: '+18445550001', to, text: 'long code' });
  assert.equal(lc.data.from.phone_number, '+18445550001');
  assert.equal(lc.data.to[0].status, 'queued');
  const sc = await client.messages.sendShortCode({ from: '54321', to, text: 'short code' });
  assert.equal(sc.data.from.phone_number, '54321');
  const pool = await client.messagingProfiles.create({
    name: 'sdk pool', whitelisted_destinations: ['US'],
    number_pool_settings: { long_code_weight: 1, toll_free_weight: 1, skip_unhealthy: false },
  });
  await client.phoneNumbers.messaging.update('+13125550301', { messaging_profile_id: pool.data.id });
  const np = await client.messages.sendNumberPool({ messaging_profile_id: pool.data.id, to, text: 'pool' });
  assert.equal(np.data.messaging_profile_id, pool.data.id);
  assert.equal(np.data.from.phone_number, '+13125550301', 'the pool\'s only number');
  const al = await client.messages.sendWithAlphanumericSender({ from: 'SdkShop', messaging_profile_id: 'sdk-pool', to, text: 'alpha' });
  assert.equal(al.data.from.phone_number, 'SdkShop');
  // Each is a message like any other.
  const got = await client.messages.retrieve(al.data.id);
  assert.equal(got.data.text, 'alpha');
  await assert.rejects(client.messages.sendLongCode({ from: 'SdkShop', to, text: 'x' }), (e) => {
    assert.ok(e instanceof BadRequestError, e.constructor.name);
    assert.equal(e.error.errors[0].code, '10016');
    return true;
  });
});

test('schedule, then cancelScheduled; too late is PermissionDeniedError (403)', async () => {
  const t = await clockNow();
  const sched = await client.messages.schedule({ from: '+18445550001', to, text: 'later', send_at: new Date(t + 3600000).toISOString() });
  assert.equal(sched.data.to[0].status, 'scheduled');
  const cancelled = await client.messages.cancelScheduled(sched.data.id);
  assert.equal(cancelled.id, sched.data.id);
  assert.equal(cancelled.to[0].status, 'cancelled');
  assert.equal((await client.messages.retrieve(sched.data.id)).data.to[0].status, 'cancelled');
  const soon = await client.messages.schedule({ from: '+18445550001', to, text: 'soon', send_at: new Date(t + 5 * 60000).toISOString() });
  await advance(s, '4m30s');
  await assert.rejects(client.messages.cancelScheduled(soon.data.id), (e) => {
    assert.ok(e instanceof PermissionDeniedError, e.constructor.name);
    assert.equal(e.status, 403);
    return true;
  });
  await assert.rejects(client.messages.schedule({ from: '+18445550001', to, text: 'x', send_at: new Date(t).toISOString() }), (e) => {
    assert.ok(e instanceof BadRequestError);
    assert.deepEqual(e.error.errors[0].source, { pointer: '/send_at' });
    return true;
  });
});
