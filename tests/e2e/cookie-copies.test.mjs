// Another site cannot grant consent for this one (issue 13): a sibling subdomain's copy of
// cookies_preferences on the parent domain, beside this host's own refusal, means "ask again",
// whatever order the browser sends them in; deciding here deletes the other copy first. The page
// is served as www.portal.test (Chromium maps *.portal.test to loopback; page.route answers).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './lib/server.mjs';
import { CHROMIUM_ARGS } from './lib/browser.mjs';

let server, browser;
before(async () => {
  server = await serve();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP *.portal.test 127.0.0.1'],
  });
});
after(async () => { await browser?.close(); await server?.close(); });

const SCRIPT = resolve(import.meta.dirname, '../../www/biscotte.js');
const now = () => Math.floor(Date.now() / 1000);
const record = (stats) => `v1.1.q2Xo3mZb8kT1vLwA.${now()}.${now()}.necessary=1|statistical=${stats}|third_party=0`;
const CONFIG = { categories: [{ id: 'statistical' }, { id: 'third_party' }] };
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>copies</title><link rel="icon" href="data:,">
<script type="application/json" id="biscotte-config">${JSON.stringify(CONFIG)}</script>
<script src="/biscotte.js"></script></head><body><main><h1>Copies</h1>
<script type="text/plain" data-category="statistical">window.statRan = (window.statRan || 0) + 1;</script></main></body></html>`;

async function open(cookies) {
  const context = await browser.newContext();
  const origin = `http://www.portal.test:${new URL(server.url).port}`;
  // Both from page.route: a real request from this "public" host to the loopback server would be
  // refused by Chromium's Private Network Access rules.
  await context.route(`${origin}/copies.html`, (r) => r.fulfill({ contentType: 'text/html', body: PAGE }));
  await context.route(`${origin}/biscotte.js`, async (r) => r.fulfill({ contentType: 'text/javascript', body: await readFile(SCRIPT) }));
  await context.addCookies(cookies.map((c) => ({ name: 'cookies_preferences', path: '/', ...c })));
  const page = await context.newPage();
  const messages = [];
  page.on('console', (m) => messages.push(m.text()));
  await page.goto(`${origin}/copies.html`);
  return { context, page, messages };
}

test('a sibling\'s grant on the parent domain beside a refusal here: the banner asks again and nothing optional runs', async () => {
  const { context, page, messages } = await open([
    { value: record(1), domain: '.portal.test' },
    { value: record(0), domain: 'www.portal.test' },
  ]);
  await page.locator('#biscotte .banner').waitFor();
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.statRan ?? 0), 0);
  assert.ok(messages.some((m) => /several stored choices disagree/.test(m)), messages.join('\n'));
  await context.close();
});

test('deciding here deletes the parent domain\'s copy first, so the choice holds on the next page', async () => {
  const { context, page } = await open([
    { value: record(1), domain: '.portal.test' },
    { value: record(0), domain: 'www.portal.test' },
  ]);
  await page.locator('#biscotte .btn[data-action=reject]').click();
  const copies = (await context.cookies()).filter((c) => c.name === 'cookies_preferences');
  assert.deepEqual(copies.map((c) => c.domain), ['www.portal.test'], 'only this host\'s own copy is left');
  assert.match(copies[0].value, /statistical=0/);
  await page.reload();
  await page.waitForTimeout(300);
  assert.equal(await page.locator('#biscotte .banner').count(), 0, 'the choice holds: no banner');
  assert.equal(await page.evaluate(() => window.statRan ?? 0), 0);
  await context.close();
});

test('a single copy of this host applies as before', async () => {
  const { context, page } = await open([{ value: record(1), domain: 'www.portal.test' }]);
  await page.waitForFunction(() => window.statRan === 1);
  await context.close();
});
