// docs/behaviour.md §6.5: CORS on the API and the control API, OPTIONS preflights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start, SMS } from './lib/server.mjs';

const ORIGIN = 'http://app.test:5173';
const preflight = (s, path, headers = {}) => s.request('OPTIONS', path, {
  key: null, checkJson: false,
  headers: { origin: ORIGIN, 'access-control-request-method': 'POST', ...headers },
});

test('CORS by default: any origin; a preflight on any path is 204 with what it may send', async () => {
  const s = await start(['--admin-token', 'adm']);
  try {
    let r = await preflight(s, '/v2/messages', { 'access-control-request-headers': 'authorization, content-type, x-stainless-os' });
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
    assert.equal(r.headers['access-control-allow-origin'], '*');
    assert.match(r.headers['access-control-allow-methods'], /\bPOST\b/);
    assert.match(r.headers['access-control-allow-methods'], /\bDELETE\b/);
    assert.equal(r.headers['access-control-allow-headers'], 'authorization, content-type, x-stainless-os');
    assert.equal(r.headers['access-control-max-age'], '600');
    assert.equal(r.headers['content-type'], undefined);
    // No credentials on a preflight, even where the admin token guards the call itself.
    r = await preflight(s, '/_mock/clock');
    assert.equal(r.status, 204);
    assert.match(r.headers['access-control-allow-headers'], /Authorization/);
    // A list of header names that is not one gets the fixed list.
    r = await preflight(s, '/v2/messages', { 'access-control-request-headers': 'x-a: (b)' });
    assert.match(r.headers['access-control-allow-headers'], /^Authorization, Content-Type/);
    // Real calls from a browser carry the origin, and the headers a page may read.
    r = await s.request('POST', '/v2/messages', { body: SMS, headers: { origin: ORIGIN } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['access-control-allow-origin'], '*');
    assert.match(r.headers['access-control-expose-headers'], /x-ratelimit-remaining/);
    r = await s.request('GET', '/_mock/health', { key: 'adm', headers: { origin: ORIGIN } });
    assert.equal(r.headers['access-control-allow-origin'], '*');
    // Errors too: a page sees a 401 as a 401, not as a CORS failure.
    r = await s.request('GET', '/_mock/health', { key: null, headers: { origin: ORIGIN } });
    assert.equal(r.status, 401);
    assert.equal(r.headers['access-control-allow-origin'], '*');
    // A client that is not a browser gets Telnyx's headers only.
    r = await s.request('POST', '/v2/messages', { body: SMS });
    assert.equal(r.headers['access-control-allow-origin'], undefined);
    // Preflights are not API calls: they are not in the journal.
    const j = await s.request('GET', '/_mock/requests', { key: 'adm' });
    assert.deepEqual(j.json.data.map((e) => e.method), ['POST', 'POST']);
  } finally {
    await s.stop();
  }
});

test('--cors-origin lists the origins allowed; none turns CORS off', async () => {
  const s = await start(['--cors-origin', ORIGIN, '--cors-origin', 'http://other.test']);
  try {
    let r = await s.request('GET', '/_mock/health', { headers: { origin: ORIGIN } });
    assert.equal(r.headers['access-control-allow-origin'], ORIGIN);
    assert.equal(r.headers.vary, 'Origin');
    r = await s.request('GET', '/_mock/health', { headers: { origin: 'http://evil.test' } });
    assert.equal(r.headers['access-control-allow-origin'], undefined);
    assert.equal(r.headers.vary, 'Origin');
    r = await preflight(s, '/v2/messages');
    assert.equal(r.headers['access-control-allow-origin'], ORIGIN);
  } finally {
    await s.stop();
  }
  const off = await start([], { env: { MDRMOCK_CORS_ORIGIN: 'none' } });
  try {
    const r = await off.request('GET', '/_mock/health', { headers: { origin: ORIGIN } });
    assert.equal(r.headers['access-control-allow-origin'], undefined);
    assert.equal((await preflight(off, '/v2/messages')).status, 204);
  } finally {
    await off.stop();
  }
});
