// The official SDK accepts our webhook deliveries: client.webhooks.unwrap
// verifies the Ed25519 signature with the key from GET /_mock/webhook_key,
// and rejects a tampered body.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Telnyx from 'telnyx';
import { start, advance, recordingFetch } from '../../integration/lib/server.mjs';
import { startSink } from '../../integration/lib/sink.mjs';

let s, sink, client;
before(async () => {
  sink = await startSink();
  s = await start();
  client = new Telnyx({ apiKey: 'KEY_HOOKS', baseURL: `${s.url}/v2`, maxRetries: 0, fetch: recordingFetch });
});
after(async () => {
  await s.stop();
  await sink.close();
});

test('client.webhooks.unwrap accepts our deliveries and rejects a tampered one', async () => {
  const { data: m } = await client.messages.send({ from: '+18445550001', to: '+18665550002', text: 'signed', webhook_url: `${sink.base}/ok/sdk` });
  await advance(s, '3s');
  const got = await sink.until((r) => r.filter((x) => x.json?.data?.payload?.id === m.id).length >= 2);
  const key = (await s.request('GET', '/_mock/webhook_key', { key: null })).json.public_key;
  const mine = got.filter((x) => x.json.data.payload.id === m.id);
  for (const d of mine) {
    const event = await client.webhooks.unwrap(d.body, { headers: d.headers, key });
    assert.equal(event.data.payload.id, m.id);
  }
  assert.deepEqual(mine.map((d) => d.json.data.event_type), ['message.sent', 'message.finalized']);
  const tampered = mine[1].body.replace('"delivered"', '"delivery_failed"');
  assert.notEqual(tampered, mine[1].body);
  await assert.rejects(client.webhooks.unwrap(tampered, { headers: mine[1].headers, key }), /signature/i);
  // The key given to the client works the same way.
  const withKey = new Telnyx({ apiKey: 'KEY_HOOKS', baseURL: `${s.url}/v2`, publicKey: key, maxRetries: 0, fetch: recordingFetch });
  const event = await withKey.webhooks.unwrap(mine[0].body, { headers: mine[0].headers });
  assert.equal(event.data.event_type, 'message.sent');
});
