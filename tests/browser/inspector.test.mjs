// The web inspector in a real browser (docs/inspector.md §3): Debian's headless Chromium driven
// by playwright-core, against the real binary. Every page's console errors and failed requests
// fail the test; a screenshot of each page goes to build/screenshots/ for review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { T, LONG, WAIT, launch, open as openPage } from './lib.mjs';
import { start, SMS, send } from '../integration/lib/server.mjs';
import { startSink } from '../integration/lib/sink.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});
const open = (s, path, viewport) => openPage(browser, s, path, viewport);

const rowOf = (page, id) => page.locator(`tr[data-id="${id}"]`);

test('a message sent through the API appears live; its status moves when the clock is advanced from Control', T, async () => {
  const s = await start(['--clock', 'frozen']);
  const p = await open(s);
  try {
    await p.page.getByRole('heading', { name: 'Messages' }).waitFor({ timeout: WAIT });
    await p.page.locator('#live.on').waitFor({ timeout: WAIT });
    const m = await send(s, { ...SMS, text: 'Live from the API' });
    const row = rowOf(p.page, m.id);
    await row.waitFor({ timeout: WAIT }); // no reload: the feed brought it
    assert.match(await row.innerText(), /Live from the API/);
    assert.match(await row.locator('.status').innerText(), /queued/);
    await p.shot('messages');
    // Control: +1d, then back to the list, where it is delivered.
    await p.page.getByRole('link', { name: 'Control' }).click();
    await p.page.getByRole('button', { name: '+1d' }).click();
    await p.page.getByText(/Now: .*\(frozen\)/).waitFor({ timeout: WAIT });
    await p.shot('control');
    await p.page.getByRole('link', { name: 'Messages' }).click();
    await p.page.locator(`tr[data-id="${m.id}"] .status`, { hasText: 'delivered' }).waitFor({ timeout: WAIT });
    // Its detail: the JSON as GET /v2/messages/{id} answers it, and the timeline.
    await rowOf(p.page, m.id).getByRole('link', { name: 'details' }).click();
    await p.page.locator('pre.json').waitFor({ timeout: WAIT });
    const shown = JSON.parse(await p.page.locator('pre.json').innerText());
    const api = await s.request('GET', `/v2/messages/${m.id}`);
    assert.deepEqual(shown, api.json);
    const steps = await p.page.locator('ol.timeline .status').allInnerTexts();
    assert.deepEqual(steps, ['queued', 'sending', 'sent', 'delivered']);
    await p.shot('message');
    p.check();
  } finally {
    await p.close();
    await s.stop();
  }
});

test('a reply typed in the conversation is an inbound message the API returns; STOP blocks the next send', T, async () => {
  const s = await start(['--clock', 'frozen']);
  const m = await send(s, { ...SMS, text: 'Your code is 123456' });
  const p = await open(s, `/#/chat/${encodeURIComponent(SMS.from)}/${encodeURIComponent(SMS.to)}`);
  try {
    await p.page.locator(`li.bubble.out[data-id="${m.id}"]`).waitFor({ timeout: WAIT });
    const box = p.page.getByRole('textbox', { name: `Reply as ${SMS.to}` });
    await box.fill('Thanks, got it');
    await box.press('Enter');
    await p.page.locator('li.bubble.in', { hasText: 'Thanks, got it' }).waitFor({ timeout: WAIT });
    const inbound = (await s.request('GET', `/_mock/messages?direction=inbound&number=${encodeURIComponent(SMS.to)}`, { key: null })).json.data;
    assert.equal(inbound.length, 1);
    assert.deepEqual([inbound[0].from.phone_number, inbound[0].to[0].phone_number, inbound[0].text], [SMS.to, SMS.from, 'Thanks, got it']);
    const got = await s.request('GET', `/v2/messages/${inbound[0].id}`);
    assert.equal(got.status, 200);
    assert.equal(got.json.data.direction, 'inbound');
    await p.shot('conversation');
    // STOP from the other phone: the next send to it is refused.
    await box.fill('STOP');
    await box.press('Enter');
    await p.page.locator('li.bubble.in', { hasText: 'STOP' }).waitFor({ timeout: WAIT });
    const refused = await s.request('POST', '/v2/messages', { body: SMS });
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.json.errors[0].code, '40300');
    p.check();
  } finally {
    await p.close();
    await s.stop();
  }
});

test('a failed webhook shows as failed, with its error, live on the Webhooks page', T, async () => {
  const sink = await startSink();
  const s = await start(['--clock', 'frozen', '--webhook-attempts', '1']);
  const p = await open(s, '/#/webhooks');
  try {
    await p.page.getByRole('heading', { name: 'Webhooks' }).waitFor({ timeout: WAIT });
    await p.page.locator('#live.on').waitFor({ timeout: WAIT });
    const bad = await send(s, { ...SMS, webhook_url: `${sink.base}/fail/x` });
    const good = await send(s, { ...SMS, webhook_url: `${sink.base}/ok/y` });
    await s.request('POST', '/_mock/clock', { key: null, body: { advance: '1s' } });
    const failedRow = p.page.locator('tr.fail', { hasText: bad.id.slice(0, 8) }).first();
    await failedRow.waitFor({ timeout: WAIT });
    assert.match(await failedRow.innerText(), /failed 500/);
    const okRow = p.page.locator('tbody tr:not(.fail)', { hasText: good.id.slice(0, 8) }).first();
    await okRow.waitFor({ timeout: WAIT });
    assert.match(await okRow.innerText(), /\bok 200\b/);
    await p.shot('webhooks');
    // The failed attempt's message: what was sent, signed, and what the receiver answered.
    await failedRow.getByRole('link').click();
    const ex = p.page.locator('details.exchange.fail').first();
    await ex.waitFor({ timeout: WAIT });
    await ex.locator('summary').click();
    const [log] = (await s.request('GET', `/_mock/webhooks?message_id=${bad.id}&detail=true`, { key: null })).json.data;
    const [seen] = sink.received.filter((x) => x.json?.data?.payload?.id === bad.id);
    assert.deepEqual(JSON.parse(await ex.locator('pre.request-body').innerText()), JSON.parse(seen.body));
    assert.equal(log.request.body, seen.body);
    const headers = await ex.locator('pre.headers').innerText();
    assert.ok(headers.includes(`telnyx-signature-ed25519: ${seen.headers['telnyx-signature-ed25519']}`), headers);
    assert.ok(headers.includes(`telnyx-timestamp: ${seen.headers['telnyx-timestamp']}`), headers);
    assert.equal(await ex.locator('pre.response').innerText(), '500\nno');
    await p.shot('message-webhook');
    p.check();
  } finally {
    await p.close();
    await s.stop();
    await sink.close();
  }
});

// The rows of a CSV whose fields are all quoted and hold no line breaks (the report files).
const csvLines = (text) => text.split('\r\n').filter(Boolean).map((l) => [...l.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1].replace(/""/g, '"')));

test('Reports: every report with its status, live; the CSV preview is the first rows of the download', T, async () => {
  const s = await start(['--clock', 'frozen']);
  const p = await open(s, '/#/reports');
  try {
    await p.page.getByRole('heading', { name: 'Reports' }).waitFor({ timeout: WAIT });
    await p.page.locator('#live.on').waitFor({ timeout: WAIT });
    for (let i = 0; i < 14; i++) await send(s, { ...SMS, text: `report row ${i}, "quoted"` });
    await s.request('POST', '/_mock/clock', { key: null, body: { advance: '1m' } });
    const created = await s.request('POST', '/reporting/mdr_requests', { body: { start_time: '2026-01-01T00:00:00Z', call_types: [2], report_name: 'browser', include_message_body: true } });
    assert.equal(created.status, 200, created.text);
    const id = created.json.id;
    // It appears without a reload, pending; advancing the clock completes it.
    const row = p.page.locator(`table.reports tr[data-id="${id}"]`);
    await row.waitFor({ timeout: WAIT });
    assert.match(await row.innerText(), /pending/);
    await s.request('POST', '/_mock/clock', { key: null, body: { advance: '5s' } });
    await p.page.locator(`table.reports tr[data-id="${id}"] .r-complete`).waitFor({ timeout: WAIT });
    await row.getByRole('link', { name: 'preview' }).click();
    const table = p.page.locator('table.csv');
    await table.waitFor({ timeout: WAIT });
    const href = await p.page.locator('a.download').getAttribute('href');
    const u = new URL(href);
    const file = await s.request('GET', u.pathname + u.search, { key: null, checkJson: false });
    assert.equal(file.status, 200);
    const lines = csvLines(file.text);
    assert.equal(lines.length, 15, 'a header and 14 rows');
    const shown = await table.evaluate((t) => [...t.querySelectorAll('tr')].map((r) => [...r.children].map((c) => c.textContent)));
    assert.deepEqual(shown, lines.slice(0, 11), 'the header and the first 10 rows, cell for cell');
    assert.match(await p.page.locator('section.preview').innerText(), /The first 10 rows/);
    await p.shot('reports');
    p.check();
  } finally {
    await p.close();
    await s.stop();
  }
});

test('Control: faults added and deleted, a tenant reset, the public key; usable at a phone\'s width', T, async () => {
  const s = await start(['--clock', 'frozen']);
  const p = await open(s, '/#/control', { width: 375, height: 800 });
  try {
    await p.page.getByRole('heading', { name: 'Control' }).waitFor({ timeout: WAIT });
    const key = (await s.request('GET', '/_mock/webhook_key', { key: null })).json.public_key;
    assert.equal(await p.page.locator('code.key').innerText(), key);
    await p.page.getByLabel('Path').fill('/v2/messages');
    await p.page.getByLabel('Status').fill('503');
    await p.page.getByRole('button', { name: 'Add fault' }).click();
    await p.page.getByRole('button', { name: /Delete fault \d+/ }).waitFor({ timeout: WAIT });
    assert.equal((await s.request('POST', '/v2/messages', { body: SMS })).status, 503);
    await p.page.getByRole('button', { name: /Delete fault \d+/ }).click();
    await p.page.getByText('No faults.').waitFor({ timeout: WAIT });
    assert.equal((await s.request('POST', '/v2/messages', { body: SMS })).status, 200);
    // A tenant's reset: that tenant's messages go, another's stay.
    await send(s, SMS, 'key-b');
    await p.page.locator('form.reset').getByLabel('Tenant (API key)').fill('test-key');
    await p.page.getByRole('button', { name: 'Reset' }).click();
    await p.page.getByText('Tenant reset.').waitFor({ timeout: WAIT });
    const left = (await s.request('GET', '/_mock/messages?per_page=250', { key: null })).json.data.filter((m) => !m.tenant?.startsWith('t_') || true);
    assert.ok(left.some((m) => m.text === SMS.text), 'key-b\'s message stays');
    assert.equal((await s.request('GET', '/_mock/messages?tenant=test-key', { key: null })).json.data.length, 0);
    // Nothing is wider than the phone's screen.
    const width = await p.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `the page is ${width} px wide at 375`);
    await p.shot('control-phone');
    p.check();
  } finally {
    await p.close();
    await s.stop();
  }
});

test('the page stays fast with 100,000 messages: one page of 50 rows is sent, not everything', LONG, async () => {
  const s = await start(['--clock', 'frozen', '--quiet']);
  try {
    const agent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: 32 });
    const n = Number(process.env.INSPECTOR_MESSAGES ?? 100000);
    for (let i = 0; i < n; i += 200) await Promise.all(Array.from({ length: Math.min(200, n - i) }, (_, k) => s.request('POST', '/v2/messages', { body: { ...SMS, text: `bulk ${i + k}` }, agent, checkJson: false })));
    agent.destroy();
    const p = await open(s);
    try {
      await p.page.locator('tbody tr').first().waitFor({ timeout: WAIT * 3 });
      assert.equal(await p.page.locator('tbody tr').count(), 50);
      assert.match(await p.page.locator('.count').innerText(), new RegExp(`^${n + 1} messages`));
      // The next page is the next 50, from the server.
      await p.page.getByRole('button', { name: 'Older' }).click();
      await p.page.getByText(/^page 2 of /).waitFor({ timeout: WAIT * 3 });
      assert.equal(await p.page.locator('tbody tr').count(), 50);
      p.check();
    } finally {
      await p.close();
    }
  } finally {
    await s.stop();
  }
});
