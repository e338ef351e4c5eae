// docs/behaviour.md §6.5, tried as a hostile page would in a real browser (Debian's headless
// Chromium): a page of another origin, a loopback one on another port included, reads nothing
// of the control API and changes nothing, with or without --admin-token and a logged-in
// inspector; a page that reached the server under a name of its own (DNS rebinding) gets 403.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { chromium } from 'playwright-core';
import { start, send, SMS, SLOWDOWN } from '../integration/lib/server.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const T = { timeout: 60000 * SLOWDOWN };
// evil.test resolves to this machine inside the browser only (no DNS is asked).
const EVIL = 'evil.test';

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', `--host-resolver-rules=MAP ${EVIL} 127.0.0.1`],
  });
});
after(async () => {
  await browser?.close();
});

// The attacker's page: every way a page can try to read or change another origin's server.
// It reports what it managed in window.result.
const ATTACK = (target) => `<!doctype html><meta charset="utf-8"><title>attacker</title>
<form id="f" method="POST" action="${target}/_mock/reset" enctype="text/plain" target="sink"><input name='{"a":"' value='"}'></form>
<iframe name="sink"></iframe>
<script>
const T = ${JSON.stringify(target)};
const out = {};
async function tryRead(name, path, init) {
  try {
    const r = await fetch(T + path, init);
    out[name] = 'read ' + r.status + ' ' + (await r.text()).slice(0, 200);
  } catch (e) { out[name] = 'blocked'; }
}
async function tryWrite(name, path, init) {
  try { const r = await fetch(T + path, { mode: 'no-cors', ...init }); out[name] = 'sent ' + r.type; }
  catch (e) { out[name] = 'blocked'; }
}
(async () => {
  await tryRead('messages', '/_mock/messages');
  await tryRead('reports', '/_mock/reports');
  await tryRead('journal', '/_mock/requests', { credentials: 'include' });
  await tryRead('jsonReset', '/_mock/reset', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  await tryWrite('noCorsReset', '/_mock/reset', { method: 'POST', credentials: 'include' });
  await tryWrite('noCorsResetText', '/_mock/reset', { method: 'POST', body: '{}', headers: { 'content-type': 'text/plain' }, credentials: 'include' });
  await tryWrite('noCorsClock', '/_mock/clock', { method: 'POST', body: '{"advance":"30d"}', credentials: 'include' });
  await tryWrite('noCorsInbound', '/_mock/inbound', { method: 'POST', body: '{"from":"+13125550001","to":"+18445550001","text":"forged"}' });
  out.beacon = navigator.sendBeacon(T + '/_mock/reset', '{}');
  document.getElementById('f').submit();
  await new Promise((r) => setTimeout(r, 500));
  window.result = out;
})();
</script>`;

// Serves the attacker's page on a port of its own; origin is what the browser calls it.
async function attacker(target) {
  const srv = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(ATTACK(target));
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  return { port: srv.address().port, close: () => new Promise((r) => srv.close(r)) };
}

// What the server holds, read as a test (not a browser) would: messages, clock, tenants.
async function state(s, key) {
  const headers = key ? { authorization: `Bearer ${key}` } : {};
  const m = await s.request('GET', '/_mock/messages', { key: null, headers });
  const c = await s.request('GET', '/_mock/clock', { key: null, headers });
  return { messages: m.json.data.map((x) => x.id).sort(), now: c.json.now };
}

async function attack(s, pageOrigin, key) {
  const before = await state(s, key);
  const a = await attacker(`http://127.0.0.1:${s.port}`);
  // The developer logs into the inspector: the browser then holds its Basic credentials for
  // the server's origin and would attach them to any request that goes there.
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    if (key) {
      await page.goto(`http://dev:${key}@127.0.0.1:${s.port}/_mock/ui/icon.svg`);
      await page.goto(`http://127.0.0.1:${s.port}/`);
      await page.getByRole('heading', { name: 'Messages' }).waitFor({ timeout: 10000 * SLOWDOWN });
    }
    const url = pageOrigin.replace('PORT', a.port);
    await page.goto(`${url}/`);
    await page.waitForFunction(() => window.result !== undefined, null, { timeout: 20000 * SLOWDOWN });
    const result = await page.evaluate(() => window.result);
    for (const k of ['messages', 'reports', 'journal', 'jsonReset'])
      assert.equal(result[k], 'blocked', `${url} ${k}: ${result[k]}`);
    // Give a late request time to land before the state is compared.
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await state(s, key), before, `${url} changed the server: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await ctx.close();
    await a.close();
  }
}

test('a page of another origin neither reads nor changes the control API (default flags)', T, async () => {
  const s = await start();
  try {
    await send(s, { ...SMS, text: 'Your code is 482913' });
    await attack(s, `http://${EVIL}:PORT`);
    await attack(s, 'http://localhost:PORT');
    await attack(s, 'http://127.0.0.1:PORT');
  } finally {
    await s.stop();
  }
});

test('with --admin-token and the inspector logged in, another page still changes nothing', T, async () => {
  const s = await start(['--admin-token', 'adm-secret']);
  try {
    await send(s, { ...SMS, text: 'Your code is 482913' });
    await attack(s, `http://${EVIL}:PORT`, 'adm-secret');
    await attack(s, 'http://localhost:PORT', 'adm-secret');
  } finally {
    await s.stop();
  }
});

test('a page under a rebinding name reads nothing; the inspector on its own origin still works', T, async () => {
  const s = await start();
  const ctx = await browser.newContext();
  try {
    await send(s, { ...SMS, text: 'Your code is 482913' });
    const page = await ctx.newPage();
    // evil.test now points at the server: the page is "same-origin" with it, by name.
    const r = await page.goto(`http://${EVIL}:${s.port}/_mock/messages`);
    assert.equal(r.status(), 403);
    const body = await r.text();
    assert.match(body, /--allowed-hosts/);
    assert.doesNotMatch(body, /482913/);
    const ui = await page.goto(`http://${EVIL}:${s.port}/`);
    assert.equal(ui.status(), 403);
    // The inspector, opened as users open it, reads and changes through its own origin.
    await page.goto(`http://127.0.0.1:${s.port}/`);
    await page.getByText('Your code is 482913').first().waitFor({ timeout: 10000 * SLOWDOWN });
    await page.getByRole('link', { name: 'Control' }).click();
    await page.getByRole('button', { name: '+1d' }).click();
    await page.getByText(/Now: 2026-01-06/).waitFor({ timeout: 10000 * SLOWDOWN });
    // And as localhost, another name of the same machine.
    await page.goto(`http://localhost:${s.port}/`);
    await page.getByText('Your code is 482913').first().waitFor({ timeout: 10000 * SLOWDOWN });
  } finally {
    await ctx.close();
    await s.stop();
  }
});
