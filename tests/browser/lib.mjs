// The browser tier's shared part: Debian's headless Chromium (playwright-core, no browser
// download) and a page that records every console error and failed request.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { SLOWDOWN } from '../integration/lib/server.mjs';

const root = new URL('../../', import.meta.url).pathname;
export const shots = `${root}build/screenshots`;
mkdirSync(shots, { recursive: true });
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const T = { timeout: 60000 * SLOWDOWN };
export const LONG = { timeout: 240000 * SLOWDOWN };
export const WAIT = 10000 * SLOWDOWN;

export const launch = () => chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });

// A page on server s that records console errors and failed requests; check() asserts none.
export async function open(browser, s, path = '/', viewport = { width: 1280, height: 800 }) {
  const ctx = await browser.newContext({ viewport });
  const page = await ctx.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  page.on('requestfailed', (r) => {
    // The event stream is cut when the page closes: not a failure of the page.
    if (!r.url().includes('/_mock/events')) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(`http://${s.host}:${s.port}${path}`);
  return {
    page,
    problems,
    requests,
    async shot(name) { await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true }); },
    check() { assert.deepEqual(problems, [], problems.join('\n')); },
    close: () => ctx.close(),
  };
}

