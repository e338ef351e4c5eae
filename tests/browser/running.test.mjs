// The inspector as users run it: with the clock running (the default), every page but Messages
// and Chat redraws every two seconds (docs/inspector.md §2). A redraw must never take away what
// a person is doing (docs/inspector.md §3): text typed into a form, the focus and the cursor,
// an open fold, and the CSV preview is downloaded once, not on every redraw. The finding: a
// Control form emptied within 5 s of typing, an opened webhook attempt folded shut, the
// Reports page downloading its preview again and again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { T, WAIT, launch, open as openPage } from './lib.mjs';
import { start, SMS, send, SLOWDOWN } from '../integration/lib/server.mjs';
import { startSink } from '../integration/lib/sink.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});
const open = (s, path) => openPage(browser, s, path);
// Long enough for three redraws of a running clock's page.
const REDRAWS_MS = 6500;
// The page redrew: the clock line it shows moved on.
const redraws = async (page, ms) => {
  const before = await page.locator('#clock-value').innerText().catch(() => null);
  await page.waitForTimeout(ms);
  return before;
};

test('Control, clock running: what a person types stays, with its focus and cursor, across redraws', T, async () => {
  const s = await start([], { clock: false });
  const p = await open(s, '/#/control');
  try {
    await p.page.getByRole('heading', { name: 'Control' }).waitFor({ timeout: WAIT });
    await p.page.getByText(/\(running/).waitFor({ timeout: WAIT });
    const path = p.page.getByLabel('Path');
    await path.fill('/v2/messaging_profiles');
    await p.page.getByLabel('Count').fill('3');
    const advance = p.page.getByLabel('Advance by');
    await advance.click();
    await p.page.keyboard.type('90');
    const shown = await redraws(p.page, REDRAWS_MS);
    // It did redraw (the clock's line moved), and nothing typed went.
    assert.notEqual(await p.page.locator('#clock-value').innerText(), shown, 'the page never redrew');
    assert.equal(await path.inputValue(), '/v2/messaging_profiles');
    assert.equal(await p.page.getByLabel('Count').inputValue(), '3');
    assert.equal(await advance.inputValue(), '90');
    // Still the field being typed into: the next keys go on where the cursor was.
    assert.equal(await p.page.evaluate(() => document.activeElement?.name), 'advance');
    await p.page.keyboard.type('s');
    assert.equal(await advance.inputValue(), '90s');
    await p.page.getByRole('button', { name: 'Advance', exact: true }).click();
    await p.page.getByText(/Now: 2026-|Now: 20\d\d-/).waitFor({ timeout: WAIT });
    // The fault form, filled across redraws, adds the fault it shows.
    await p.page.getByRole('button', { name: 'Add fault' }).click();
    await p.page.locator('table.faults').getByText('/v2/messaging_profiles').waitFor({ timeout: WAIT });
    const f = await s.request('GET', '/_mock/faults', { key: null });
    assert.equal(f.json.data[0].path, '/v2/messaging_profiles');
    assert.equal(f.json.data[0].count, 3);
    p.check();
  } finally {
    await p.close();
    await s.stop();
  }
});

test('a webhook attempt opened on the message page stays open while the clock runs', T, async () => {
  const sink = await startSink();
  const s = await start(['--webhook-attempts', '1'], { clock: false });
  try {
    const m = await send(s, { ...SMS, webhook_url: `${sink.base}/fail/x` });
    const t0 = Date.now();
    while ((await s.request('GET', `/_mock/webhooks?message_id=${m.id}`, { key: null })).json.data.length === 0 && Date.now() - t0 < WAIT)
      await new Promise((r) => setTimeout(r, 100));
    const p = await open(s, `/#/message/${m.id}`);
    try {
      const ex = p.page.locator('details.exchange').first();
      await ex.waitFor({ timeout: WAIT });
      await ex.locator('summary').click();
      assert.equal(await ex.evaluate((d) => d.open), true);
      const shown = await p.page.locator('ol.timeline').innerText();
      await p.page.waitForTimeout(REDRAWS_MS);
      // The timeline moved on (the page redrew), and the fold is still open.
      assert.notEqual(await p.page.locator('ol.timeline').innerText(), shown, 'the page never redrew');
      assert.equal(await p.page.locator('details.exchange').first().evaluate((d) => d.open), true, 'the fold shut on a redraw');
      p.check();
    } finally {
      await p.close();
    }
  } finally {
    await s.stop();
    await sink.close();
  }
});

test('Reports, clock running: a preview is downloaded once, not on every redraw', T, async () => {
  const s = await start(['--report-delay', '1s'], { clock: false });
  try {
    for (let i = 0; i < 12; i++) await send(s, { ...SMS, text: `row ${i}` });
    const created = await s.request('POST', '/reporting/mdr_requests', { body: { start_time: '2020-01-01T00:00:00Z', call_types: [2], report_name: 'running' } });
    assert.equal(created.status, 200, created.text);
    const id = created.json.id;
    const t0 = Date.now();
    while ((await s.request('GET', `/reporting/mdr_requests/${id}`)).json.data?.status !== 'COMPLETE' && Date.now() - t0 < 10000 * SLOWDOWN)
      await new Promise((r) => setTimeout(r, 200));
    const p = await open(s, `/#/reports?preview=${id}`);
    try {
      await p.page.locator('table.csv').waitFor({ timeout: WAIT });
      await p.page.waitForTimeout(REDRAWS_MS);
      const downloads = p.requests.filter((u) => u.includes('/downloads/'));
      const reads = p.requests.filter((u) => u.includes('/_mock/reports'));
      assert.ok(reads.length >= 3, `the page redrew ${reads.length} times`);
      assert.equal(downloads.length, 1, downloads.join('\n'));
      await p.page.locator('table.csv').waitFor({ timeout: WAIT });
      p.check();
    } finally {
      await p.close();
    }
  } finally {
    await s.stop();
  }
});
