// Telnyx's message rules through the real binary (docs/behaviour.md §2.2): its own GSM-7
// set, the 10-part limit in both encodings, and the codes that go with them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, assertError, SMS } from './lib/server.mjs';

let s;
before(async () => { s = await start(); });
after(async () => { await s.stop(); });

const send = (text, extra = {}) => s.request('POST', '/v2/messages', { body: { ...SMS, text, ...extra } });

test('10 parts is the most: 1530 GSM-7 characters pass, 1531 are 40302', async () => {
  let r = await send('a'.repeat(1530));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.data.encoding, 'GSM-7');
  assert.equal(r.json.data.parts, 10);
  assertError(await send('a'.repeat(1531)), 400, '40302', '/text');
  // Escaped characters count double and a pair is never split: a part of 153 septets
  // holds 76 of them, so 760 fit in ten parts and 761 do not.
  r = await send('{'.repeat(760));
  assert.equal(r.json.data.parts, 10, r.text);
  assertError(await send('{'.repeat(761)), 400, '40302', '/text');
});

test('10 parts is the most in UCS-2 too: 670 units pass, 671 are 40302', async () => {
  const r = await send('\u0416'.repeat(670));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.data.encoding, 'UCS-2');
  assert.equal(r.json.data.parts, 10);
  assertError(await send('\u0416'.repeat(671)), 400, '40302', '/text');
  // An MMS is one part whatever its text.
  const mms = await send('a'.repeat(2000), { media_urls: ['https://example.com/a.png'] });
  assert.equal(mms.status, 200, mms.text);
  assert.equal(mms.json.data.parts, 1);
});

test('characters of GSM 03.38 that Telnyx leaves out make the text UCS-2', async () => {
  for (const ch of ['€', 'Δ', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', '¤', '§', 'Ç', '\f']) {
    const r = await send(`price: 5${ch}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.data.encoding, 'UCS-2', JSON.stringify(ch));
    assertError(await send(`price: 5${ch}`, { encoding: 'gsm7' }), 400, '10015', '/encoding');
  }
  // 161 characters with one euro sign: UCS-2, three parts of 67.
  const r = await send('a'.repeat(160) + '€');
  assert.equal(r.json.data.encoding, 'UCS-2');
  assert.equal(r.json.data.parts, 3);
});

test("Telnyx's Latin letters and signs stay GSM-7, one septet each", async () => {
  const latin = '£¥èéùìòØøÅåÆæßÉ¡ÄÖÑÜ¿äöñüà';
  const r = await send(latin.repeat(6) + 'abcd'); // 26 * 6 + 4 = 160 septets: one part
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.data.encoding, 'GSM-7');
  assert.equal(r.json.data.parts, 1);
  assert.equal((await send(latin.repeat(6) + 'abcde')).json.data.parts, 2);
});

test('v2 answers carry x-ratelimit-limit, -remaining and -reset; v1 and the control API do not', async () => {
  const r1 = await s.request('GET', '/v2/messages/834f3d53-8a3c-4aa0-a733-7f2d682a72df', { key: 'rl-tenant' });
  assert.equal(r1.status, 200, r1.text);
  assert.equal(r1.headers['x-ratelimit-limit'], '600');
  const first = Number(r1.headers['x-ratelimit-remaining']);
  assert.equal(first, 599);
  const reset = Number(r1.headers['x-ratelimit-reset']);
  assert.ok(reset >= 1 && reset <= 60, `reset ${reset}`);
  // Errors count too, and each tenant has its own window.
  const r2 = await s.request('POST', '/v2/messages', { key: 'rl-tenant', body: {} });
  assert.equal(r2.status, 400);
  assert.equal(Number(r2.headers['x-ratelimit-remaining']), 598);
  const other = await s.request('GET', '/v2/messages/834f3d53-8a3c-4aa0-a733-7f2d682a72df', { key: 'rl-other' });
  assert.equal(Number(other.headers['x-ratelimit-remaining']), 599);
  const v1 = await s.request('GET', '/reporting/mdr_requests', { key: 'rl-tenant' });
  assert.equal(v1.headers['x-ratelimit-limit'], undefined);
  const ctl = await s.request('GET', '/_mock/health', { key: null });
  assert.equal(ctl.headers['x-ratelimit-limit'], undefined);
  // Without credentials there is no tenant to count.
  const anon = await s.request('GET', '/v2/messages/x', { key: null });
  assert.equal(anon.status, 401);
  assert.equal(anon.headers['x-ratelimit-limit'], undefined);
});

test('--rate-limit sets the limit; it is reported, never enforced', async () => {
  const t = await start(['--rate-limit', '2']);
  try {
    const seen = [];
    for (let i = 0; i < 4; i++) {
      const r = await t.request('GET', '/v2/messages/834f3d53-8a3c-4aa0-a733-7f2d682a72df');
      assert.equal(r.status, 200, 'never a 429 of its own');
      seen.push([r.headers['x-ratelimit-limit'], r.headers['x-ratelimit-remaining']]);
    }
    assert.deepEqual(seen, [['2', '1'], ['2', '0'], ['2', '0'], ['2', '0']]);
    // A full reset starts the windows again.
    await t.request('POST', '/_mock/reset', { key: null });
    const r = await t.request('GET', '/v2/messages/834f3d53-8a3c-4aa0-a733-7f2d682a72df');
    assert.equal(r.headers['x-ratelimit-remaining'], '1');
  } finally {
    await t.stop();
  }
});
