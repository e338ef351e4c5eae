// docs/behaviour.md §6.5: what a browser may do. The Host must name the server; the API admits
// loopback origins (or --cors-origin's), the control API and the downloads their own origin
// (or --control-origin's); anything else a browser sends is refused before it has an effect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start, runOnce, send, SMS, SEED_ID } from './lib/server.mjs';

const DEV = 'http://localhost:5173'; // a front end under development
const OTHER = 'http://app.test:5173'; // a page of another site
const preflight = (s, path, origin, headers = {}) => s.request('OPTIONS', path, {
  key: null, checkJson: false,
  headers: { origin, 'access-control-request-method': 'POST', ...headers },
});
const own = (s) => `http://${s.host}:${s.port}`;
const refused = (r, flag, what = '') => {
  assert.equal(r.status, 403, `${what} ${r.text}`);
  assert.equal(r.json.errors[0].code, '10010');
  assert.match(r.json.errors[0].detail, new RegExp(flag));
};

test('the API admits loopback origins by default: preflight, answers, errors; other origins are 403', async () => {
  const s = await start(['--admin-token', 'adm']);
  try {
    let r = await preflight(s, '/v2/messages', DEV, { 'access-control-request-headers': 'authorization, content-type, x-stainless-os' });
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
    assert.equal(r.headers['access-control-allow-origin'], DEV);
    assert.equal(r.headers.vary, 'Origin');
    assert.match(r.headers['access-control-allow-methods'], /\bPOST\b/);
    assert.match(r.headers['access-control-allow-methods'], /\bDELETE\b/);
    assert.equal(r.headers['access-control-allow-headers'], 'authorization, content-type, x-stainless-os');
    assert.equal(r.headers['access-control-max-age'], '600');
    assert.equal(r.headers['content-type'], undefined);
    // A list of header names that is not one gets the fixed list.
    r = await preflight(s, '/v2/messages', 'http://127.0.0.1:3000', { 'access-control-request-headers': 'x-a: (b)' });
    assert.equal(r.status, 204);
    assert.match(r.headers['access-control-allow-headers'], /^Authorization, Content-Type/);
    assert.equal((await preflight(s, '/v2/messages', 'https://[::1]:8443')).status, 204);
    // Real calls from the dev page carry its origin back, and the headers a page may read.
    r = await s.request('POST', '/v2/messages', { body: SMS, headers: { origin: DEV } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['access-control-allow-origin'], DEV);
    assert.match(r.headers['access-control-expose-headers'], /x-ratelimit-remaining/);
    // Errors too: the page sees a 401 as a 401, not as a CORS failure.
    r = await s.request('GET', '/v2/messages/nope', { key: null, headers: { origin: DEV } });
    assert.equal(r.status, 401);
    assert.equal(r.headers['access-control-allow-origin'], DEV);
    // A page of another site: neither its preflight nor its call gets through.
    refused(await s.request('OPTIONS', '/v2/messages', { key: null, headers: { origin: OTHER } }), '--cors-origin');
    r = await s.request('POST', '/v2/messages', { body: { ...SMS, text: 'from elsewhere' }, headers: { origin: OTHER } });
    refused(r, '--cors-origin');
    assert.equal(r.headers['access-control-allow-origin'], undefined);
    // Look-alikes of loopback are other sites.
    for (const o of ['http://localhost.evil.test', 'http://127.0.0.1.evil.test:80', 'null', 'file://', 'http://localhost:80/path'])
      refused(await s.request('GET', '/v2/messaging_profiles', { headers: { origin: o } }), '--cors-origin');
    // A client that is not a browser gets Telnyx's headers only.
    r = await s.request('POST', '/v2/messages', { body: SMS });
    assert.equal(r.headers['access-control-allow-origin'], undefined);
    // Two sends went in; the journal shows the refusals (so a developer sees why their page
    // failed) and no preflight that was answered.
    const j = await s.request('GET', '/_mock/requests', { key: 'adm' });
    const seen = j.json.data.map((e) => `${e.method} ${e.status}`);
    assert.deepEqual(seen.filter((x) => !x.endsWith(' 403')), ['POST 200', 'GET 401', 'POST 200']);
    assert.equal(seen.filter((x) => x.endsWith(' 403')).length, 7);
    assert.equal((await s.request('GET', '/_mock/messages', { key: 'adm' })).json.data.length, 3);
  } finally {
    await s.stop();
  }
});

test('the control API and the downloads answer their own origin only; another page reads and changes nothing', async () => {
  const s = await start(['--admin-token', 'adm']);
  try {
    const m = await send(s, { ...SMS, text: 'OTP 123456' });
    // Its own pages (the inspector) call it with their origin.
    let r = await s.request('GET', '/_mock/messages', { key: 'adm', headers: { origin: own(s) } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['access-control-allow-origin'], own(s));
    r = await s.request('POST', '/_mock/clock', { key: 'adm', body: { advance: '1s' }, headers: { origin: own(s) } });
    assert.equal(r.status, 200);
    // Any other origin, loopback ones on another port included, and with the inspector's
    // Basic credentials a browser would attach: 403, no CORS headers, nothing changed.
    const basic = `Basic ${Buffer.from('x:adm').toString('base64')}`;
    for (const origin of [DEV, OTHER, `http://localhost:${s.port}`, 'null']) {
      r = await s.request('GET', '/_mock/messages', { key: null, headers: { origin, authorization: basic } });
      refused(r, '--control-origin');
      assert.equal(r.headers['access-control-allow-origin'], undefined);
      refused(await s.request('POST', '/_mock/reset', { key: null, body: '', headers: { origin, authorization: basic, 'content-type': 'text/plain' } }), '--control-origin');
      refused(await s.request('POST', '/_mock/reset', { key: null, headers: { origin, authorization: basic } }), '--control-origin');
      refused(await s.request('OPTIONS', '/_mock/reset', { key: null, headers: { origin } }), '--control-origin');
      refused(await s.request('GET', '/_mock/reports', { key: null, headers: { origin, authorization: basic } }), '--control-origin');
      refused(await s.request('GET', `/downloads/x/y.csv`, { key: null, headers: { origin } }), '--control-origin');
    }
    // A request the browser marks cross-site without an Origin (an <img>, a no-cors GET).
    refused(await s.request('GET', '/_mock/messages', { key: 'adm', headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' } }), '--control-origin');
    refused(await s.request('GET', '/v2/messaging_profiles', { headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' } }), '--cors-origin');
    // ...but a link to the inspector that the user follows opens it.
    r = await s.request('GET', '/', { key: 'adm', checkJson: false, headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' } });
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /text\/html/);
    refused(await s.request('GET', '/_mock/messages', { key: 'adm', headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' } }), '--control-origin');
    // Same-site and same-origin calls, and calls that are not a browser's, go on.
    r = await s.request('GET', '/_mock/messages', { key: 'adm', headers: { 'sec-fetch-site': 'same-origin' } });
    assert.equal(r.status, 200);
    // Nothing above changed anything: the message is there, the clock moved once.
    r = await s.request('GET', `/v2/messages/${m.id}`);
    assert.equal(r.status, 200);
    r = await s.request('GET', '/_mock/clock', { key: 'adm' });
    assert.equal(r.json.now, '2026-01-05T12:00:01.000Z');
  } finally {
    await s.stop();
  }
});

test('a state-changing control call must say JSON, with or without a body: else 415 and nothing changes', async () => {
  const s = await start();
  try {
    const m = await send(s);
    for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx']) {
      const r = await s.request('POST', '/_mock/reset', { headers: { 'content-type': ct } });
      assert.equal(r.status, 415, `${ct}: ${r.text}`);
      assert.equal(r.json.errors[0].code, '10014');
      assert.match(r.json.errors[0].detail, /application\/json/);
    }
    // No Content-Type at all, sent by hand.
    const raw = await rawPost(s, '/_mock/reset');
    assert.equal(raw.status, 415);
    assert.equal((await s.request('GET', `/v2/messages/${m.id}`)).status, 200);
    // DELETE is always preflighted by a browser: curl -X DELETE keeps working.
    assert.equal((await s.request('DELETE', '/_mock/faults', { headers: {} })).status, 200);
    // With the type, the reset runs.
    assert.equal((await s.request('POST', '/_mock/reset', { headers: { 'content-type': 'application/json' } })).status, 200);
    assert.equal((await s.request('GET', `/v2/messages/${m.id}`)).status, 404);
  } finally {
    await s.stop();
  }
});

// A POST with no Content-Type header at all (the helper would add one).
async function rawPost(s, path) {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const sock = net.connect(s.port, s.host, () => sock.end(`POST ${path} HTTP/1.1\r\nHost: ${s.host}:${s.port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`));
    let data = '';
    sock.on('data', (d) => (data += d));
    sock.on('end', () => resolve({ status: Number(data.split(' ')[1]), text: data }));
    sock.on('error', reject);
    sock.setTimeout(5000, () => reject(new Error('no answer')));
  });
}

test('--cors-origin replaces the loopback default (* admits any page on the API, none turns CORS off); --control-origin lists pages for /_mock', async () => {
  const s = await start(['--cors-origin', OTHER, '--cors-origin', 'http://other.test', '--control-origin', 'http://tools.test:8080']);
  try {
    let r = await s.request('GET', '/v2/messaging_profiles', { headers: { origin: OTHER } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['access-control-allow-origin'], OTHER);
    assert.equal(r.headers.vary, 'Origin');
    refused(await s.request('GET', '/v2/messaging_profiles', { headers: { origin: DEV } }), '--cors-origin');
    r = await s.request('GET', '/_mock/messages', { headers: { origin: 'http://tools.test:8080' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['access-control-allow-origin'], 'http://tools.test:8080');
    refused(await s.request('GET', '/_mock/messages', { headers: { origin: OTHER } }), '--control-origin');
  } finally {
    await s.stop();
  }
  const any = await start(['--cors-origin', '*']);
  try {
    const r = await any.request('GET', '/v2/messaging_profiles', { headers: { origin: OTHER } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['access-control-allow-origin'], '*');
    // The control API still answers its own origin only.
    refused(await any.request('GET', '/_mock/messages', { headers: { origin: OTHER } }), '--control-origin');
  } finally {
    await any.stop();
  }
  const off = await start([], { env: { MDRMOCK_CORS_ORIGIN: 'none' } });
  try {
    refused(await off.request('GET', '/v2/messaging_profiles', { headers: { origin: DEV } }), '--cors-origin');
    const r = await off.request('GET', '/_mock/health', { headers: { origin: own(off) } });
    assert.equal(r.status, 200);
  } finally {
    await off.stop();
  }
  // The control API sees every tenant: only named origins may be listed for it.
  for (const args of [['--control-origin', '*'], ['--control-origin', 'none'], ['--cors-origin', 'localhost:5173'], ['--cors-origin', 'http://a.test/path'], ['--allowed-hosts', 'a.test:80'], ['--allowed-hosts', 'http://a.test']]) {
    const r = await runOnce(['--port', '0', ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(args[0]));
  }
});

test('the Host must name the server: a rebinding name is 403 saying which flag admits it', async () => {
  const s = await start(['--allowed-hosts', 'mdrmock', '--allowed-hosts', '.corp.test']);
  try {
    const m = await send(s);
    const host = (h, path = '/_mock/messages') => s.request('GET', path, { headers: { host: h } });
    for (const h of ['evil.test', `evil.test:${s.port}`, 'mdrmock.evil.test', 'corp.test.evil', '10.1.2.3', '192.168.1.10:80', '[fe80::1]', 'localhost@evil.test', 'a b']) {
      const r = await host(h);
      refused(r, '--allowed-hosts', JSON.stringify(h));
      assert.doesNotMatch(r.text, /OTP|test-key/);
      refused(await host(h, `/v2/messages/${m.id}`), '--allowed-hosts');
      refused(await s.request('OPTIONS', '/v2/messages', { key: null, headers: { host: h, origin: DEV } }), '--allowed-hosts');
    }
    for (const h of ['localhost', `localhost:${s.port}`, 'LOCALHOST.', 'app.localhost:1', '127.0.0.1', '127.9.9.9:80', '[::1]', `[::1]:${s.port}`, 'host.docker.internal:12111', 'mdrmock', 'MDRMOCK:12111', 'corp.test', 'a.b.corp.test:8']) {
      const r = await host(h);
      assert.equal(r.status, 200, `${h}: ${r.text}`);
    }
  } finally {
    await s.stop();
  }
  // Bound to every interface, any IP literal names it (a LAN address, a container's).
  const all = await start(['--host', '0.0.0.0']);
  try {
    const r = await all.request('GET', '/_mock/health', { headers: { host: '192.168.1.10:12111' } });
    assert.equal(r.status, 200);
    refused(await all.request('GET', '/_mock/health', { headers: { host: 'evil.test' } }), '--allowed-hosts');
  } finally {
    await all.stop();
  }
});
