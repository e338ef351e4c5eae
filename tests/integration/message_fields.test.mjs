// The fields of the message object the official schemas have (docs/behaviour.md §2.2, §2.4):
// outbound and inbound, before and after the message is final, and in webhooks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, SMS, advance } from './lib/server.mjs';
import { startSink } from './lib/sink.mjs';

let s, sink;
before(async () => { s = await start(); sink = await startSink(); });
after(async () => { await s.stop(); await sink.close(); });

test('outbound: num_chars, cost_breakdown with cost, campaign fields, wait_seconds', async () => {
  const r = await s.request('POST', '/v2/messages', { body: { ...SMS, text: 'Grüße €5 😀' } });
  assert.equal(r.status, 200, r.text);
  const m = r.json.data;
  assert.equal(m.num_chars, 10, 'code points, not bytes or UTF-16 units');
  assert.equal(m.cost, null);
  assert.equal(m.cost_breakdown, null);
  assert.equal(m.tcr_campaign_id, null);
  assert.equal(m.tcr_campaign_billable, false);
  assert.equal(m.tcr_campaign_registered, null);
  assert.equal(m.smart_encoding_applied, false);
  assert.equal(m.wait_seconds, 0);
  assert.equal(typeof m.messaging_profile_id, 'string');
  assert.ok(!('status' in m.from), 'an outbound sender has no status');
  await advance(s, '5s');
  const done = (await s.request('GET', `/v2/messages/${m.id}`)).json.data;
  assert.deepEqual(done.cost, { amount: '0.0040', currency: 'USD' });
  assert.deepEqual(done.cost_breakdown, {
    rate: { amount: '0.0040', currency: 'USD' },
    carrier_fee: { amount: '0.0000', currency: 'USD' },
  });
});

test('a cancel answers the message without wait_seconds', async () => {
  const now = Date.parse((await s.request('GET', '/_mock/clock', { key: null })).json.now);
  const r = await s.request('POST', '/v2/messages', { body: { ...SMS, send_at: new Date(now + 3600e3).toISOString() } });
  const c = await s.request('DELETE', `/v2/messages/${r.json.data.id}`);
  assert.equal(c.status, 200, c.text);
  assert.ok(!('wait_seconds' in c.json), c.text);
  assert.equal(c.json.smart_encoding_applied, false);
});

test('inbound: from.status, media with content_type, size and hash_sha256; the webhook has no meta', async () => {
  const key = 'fields-tenant';
  // The number's default profile sends its webhooks to the sink.
  const profiles = await s.request('GET', '/v2/messaging_profiles', { key });
  const def = profiles.json.data[0];
  assert.equal((await s.request('PATCH', `/v2/messaging_profiles/${def.id}`, { key, body: { webhook_url: `${sink.base}/ok/in` } })).status, 200);
  const media = ['https://cdn.example.com/a/photo.JPG?x=1', 'https://cdn.example.com/b/file'];
  const r = await s.request('POST', '/_mock/inbound', { key: null, body: { from: '+13125559801', to: '+13125550801', text: 'pic', media_urls: media, tenant: key } });
  assert.equal(r.status, 200, r.text);
  const m = r.json.data;
  assert.equal(m.messaging_profile_id, def.id);
  assert.equal(m.type, 'MMS');
  assert.equal(m.media[0].content_type, 'image/jpeg');
  assert.equal(m.media[1].content_type, 'application/octet-stream');
  for (const x of m.media) {
    assert.match(x.hash_sha256, /^[0-9a-f]{64}$/);
    assert.ok(Number.isInteger(x.size) && x.size >= 1000 && x.size < 100000, String(x.size));
    assert.ok(!('sha256' in x));
  }
  assert.notEqual(m.media[0].hash_sha256, m.media[1].hash_sha256);
  assert.ok(!('wait_seconds' in m) && !('smart_encoding_applied' in m));
  await sink.until((got) => got.some((g) => g.json?.data?.event_type === 'message.received'));
  const hook = sink.received.find((g) => g.json?.data?.event_type === 'message.received').json;
  assert.ok(!('meta' in hook), JSON.stringify(hook));
  assert.deepEqual(hook.data.payload.media, m.media);
  // The server marks it delivered once the sink answered: poll, with a deadline.
  let got;
  for (const deadline = Date.now() + 5000; Date.now() < deadline;) {
    got = (await s.request('GET', `/v2/messages/${m.id}`, { key })).json.data;
    if (got.from.status === 'delivered') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(got.from.status, 'delivered', 'after its webhook');
  assert.equal(m.from.status, 'received');
});
