// docs/inspector.md: the inspector's files and the OpenAPI document, served by the binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start } from './lib/server.mjs';

const root = new URL('../../', import.meta.url).pathname;
const raw = (s, path, headers = {}) => s.request('GET', path, { key: null, checkJson: false, headers });
const basic = (user, pass) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

test('the inspector at / and /_mock/ui/, its files, and the OpenAPI document', async () => {
  const s = await start();
  try {
    for (const path of ['/', '/_mock/ui', '/_mock/ui/']) {
      const r = await raw(s, path);
      assert.equal(r.status, 200, path);
      assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(r.text, readFileSync(`${root}server/ui/index.html`, 'utf8'));
      assert.match(r.headers['content-security-policy'], /default-src 'self'/);
      assert.equal(r.headers['cache-control'], 'no-cache');
      assert.equal(r.headers['content-length'], String(Buffer.byteLength(r.text)));
    }
    for (const [file, type] of [['app.js', 'text/javascript; charset=utf-8'], ['style.css', 'text/css; charset=utf-8'], ['icon.svg', 'image/svg+xml']]) {
      const r = await raw(s, `/_mock/ui/${file}`);
      assert.equal(r.status, 200, file);
      assert.equal(r.headers['content-type'], type);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.text, readFileSync(`${root}server/ui/${file}`, 'utf8'));
      assert.equal(r.headers['content-security-policy'], undefined);
    }
    let r = await raw(s, '/_mock/openapi.yaml');
    assert.equal(r.headers['content-type'], 'application/yaml; charset=utf-8');
    assert.equal(r.text, readFileSync(`${root}schema/openapi.yaml`, 'utf8'));
    r = await raw(s, '/_mock/openapi.json');
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(r.text, readFileSync(`${root}schema/openapi.json`, 'utf8'));
    assert.ok(JSON.parse(r.text).paths['/_mock/openapi.json']);
    // Unknown files, and the document under the inspector's path, are the usual 404.
    for (const path of ['/_mock/ui/nope.js', '/_mock/ui/openapi.yaml', '/_mock/ui/..%2Fstore.c', '/index.html']) {
      r = await s.request('GET', path, { key: null });
      assert.equal(r.status, 404, path);
      assert.equal(r.json.errors[0].code, '10005');
    }
  } finally {
    await s.stop();
  }
});

test('--no-ui: / and /_mock/ui/ are 404 again; the OpenAPI document stays', async () => {
  const s = await start(['--no-ui']);
  try {
    for (const path of ['/', '/_mock/ui/', '/_mock/ui/app.js']) assert.equal((await s.request('GET', path, { key: null })).status, 404, path);
    assert.equal((await raw(s, '/_mock/openapi.json')).status, 200);
  } finally {
    await s.stop();
  }
  const env = await start([], { env: { MDRMOCK_UI: 'false' } });
  try {
    assert.equal((await env.request('GET', '/', { key: null })).status, 404);
  } finally {
    await env.stop();
  }
});

test('--admin-token guards the inspector: a browser is asked for the token as a password', async () => {
  const s = await start(['--admin-token', 's3cret']);
  try {
    let r = await s.request('GET', '/', { key: null });
    assert.equal(r.status, 401);
    assert.equal(r.headers['www-authenticate'], 'Basic realm="mdrmock", charset="UTF-8"');
    r = await s.request('GET', '/_mock/ui/app.js', { key: null, headers: { authorization: basic('me', 'wrong') } });
    assert.equal(r.status, 401);
    assert.equal((await raw(s, '/', { authorization: basic('me', 's3cret') })).status, 200);
    assert.equal((await raw(s, '/_mock/ui/app.js', { authorization: basic('', 's3cret') })).status, 200);
    assert.equal((await raw(s, '/', { authorization: 'Bearer s3cret' })).status, 200);
    // The control API takes the browser's Basic credentials too (the page's own calls)...
    r = await s.request('GET', '/_mock/clock', { key: null, headers: { authorization: basic('me', 's3cret') } });
    assert.equal(r.status, 200);
    // ...but its 401 asks nothing: a client that is not a browser gets no prompt header.
    r = await s.request('GET', '/_mock/clock', { key: null });
    assert.equal(r.status, 401);
    assert.equal(r.headers['www-authenticate'], undefined);
    for (const bad of ['Basic !!!', 'Basic ' + Buffer.from('no-colon-s3cret').toString('base64'), basic('me', 's3cretX'), basic('me', 's3cre')]) {
      assert.equal((await s.request('GET', '/_mock/clock', { key: null, headers: { authorization: bad } })).status, 401, bad);
    }
  } finally {
    await s.stop();
  }
});
