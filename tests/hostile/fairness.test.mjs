// docs/behaviour.md §3.3: a tenant's webhooks are not held behind other tenants' hanging
// receivers, however many tenants hang. The finding: with 60 tenants whose receivers hang, a new
// tenant's due webhook was 6.3 s late (the 256 deliveries in flight were all theirs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start, send, SMS, SLOWDOWN } from '../integration/lib/server.mjs';
import { startSink } from '../integration/lib/sink.mjs';

const FULL = process.env.MDRMOCK_HOSTILE_FULL === '1';
const HANGING = FULL ? 120 : 60;

test(`${HANGING} tenants whose receivers hang: a new tenant's webhook arrives at once`, { timeout: 120000 * SLOWDOWN }, async () => {
  const sink = await startSink();
  const s = await start(['--webhook-timeout', '10s', '--webhook-backoff', '20ms']);
  try {
    // Each hanging tenant: 8 messages (16 events once sent and finalized) to a receiver that
    // answers after a minute, far past the timeout.
    for (let t = 0; t < HANGING; t++)
      await Promise.all(Array.from({ length: 8 }, () => send(s, { ...SMS, webhook_url: `${sink.base}/slow/hang-${t}?ms=60000` }, `hang-${t}`)));
    await s.request('POST', '/_mock/clock', { key: null, body: { advance: '5s' } });
    const t0 = Date.now();
    await sink.until((r) => r.filter((x) => x.path.startsWith('/slow/')).length >= Math.min(150, HANGING), 20000 * SLOWDOWN);
    // The server now holds hundreds of hanging deliveries. A new tenant sends.
    const fresh = await send(s, { ...SMS, webhook_url: `${sink.base}/ok/fresh` }, 'fresh');
    const sentAt = Date.now();
    await s.request('POST', '/_mock/clock', { key: null, body: { advance: '1s' } });
    const got = await sink.until((r) => r.some((x) => x.path === '/ok/fresh' && x.json?.data?.payload?.id === fresh.id), 8000 * SLOWDOWN);
    const late = got.find((x) => x.path === '/ok/fresh').at - sentAt;
    const hanging = sink.received.filter((x) => x.path.startsWith('/slow/')).length;
    console.log(`# the new tenant's webhook came ${late} ms after its send, with ${hanging} deliveries of ${HANGING} tenants hanging (${Date.now() - t0} ms after they started)`);
    assert.ok(late < 1000 * SLOWDOWN, `the new tenant's webhook came ${late} ms late`);
  } finally {
    await s.stop();
    await sink.close();
  }
});
