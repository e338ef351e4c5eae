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
