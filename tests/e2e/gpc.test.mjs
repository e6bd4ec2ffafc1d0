// Global Privacy Control as a signal, recorded (issue 14, ADR 016). Chromium has no switch for
// navigator.globalPrivacyControl: an init script defines it before any page script, as the
// integrations suite does. With `globalPrivacyControl: "refuse"` the signal is a refusal: no
// banner, gated markup stays inert, the footer link opens the dialog and an opt-in there holds;
// the cookie and the proof say the signal was present. Also: the banner's buttons answer only
// about the purposes it asks about again after a revision (refusal kept apart), and its dialog
// shows the choices that stand.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { DEFAULT_CONFIG, fixtureOpener } from './lib/fixture.mjs';

let server, browser, open;
before(async () => { server = await serve(); browser = await launch(); open = fixtureOpener(browser, server); });
after(async () => { await browser?.close(); await server?.close(); });

const BODY = `<script type="text/plain" data-category="statistical">window.statRan = (window.statRan || 0) + 1;</script>
  <footer><a href="#" id="settings" data-biscotte-open>Cookie settings</a></footer>`;
const REFUSE = { ...DEFAULT_CONFIG, globalPrivacyControl: 'refuse', consentLogUrl: '/consent-log' };

async function withGpc() {
  const context = await browser.newContext();
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  return context;
}

const consentCookie = async (context) => (await context.cookies()).find((c) => c.name === 'cookies_preferences')?.value;
const proofs = (page) => page.evaluate(() => (localStorage.getItem('biscotte:proof') ?? '').split('\n').filter(Boolean).map((l) => JSON.parse(l)));

test('refuse: the signal refuses without a banner, records itself, and an opt-in from the footer link holds', async () => {
  const context = await withGpc();
  const beacons = [];
  await context.route('**/consent-log', async (r) => { beacons.push(JSON.parse(r.request().postData())); await r.fulfill({ status: 204 }); });
  const { page, errors } = await open(BODY, { context, config: REFUSE });
  assert.equal(await page.locator('#biscotte .banner').count(), 0, 'no banner');
  assert.equal(await page.evaluate(() => window.statRan ?? 0), 0, 'gated markup stays inert');
  const log = await page.evaluate(() => window.log);
  assert.equal(log.length, 1);
  assert.equal(log[0][0], 'consent');
  assert.equal(log[0][1].statistical, false);
  assert.equal(log[0][1].necessary, true);
  let value = await consentCookie(context);
  assert.match(value, /^v1\.1\.[A-Za-z0-9_-]{16}\.\d+\.\d+\.necessary=1\|statistical=0\|statistical\/matomo=0\|statistical\/ga4=0\|third_party=0\|third_party\/youtube=0\.g$/);
  let kept = await proofs(page);
  assert.equal(kept.length, 1);
  assert.equal(kept[0].gpc, true);
  assert.equal(kept[0].id, value.split('.')[2]);
  assert.equal(kept[0].choices.statistical, false);
  for (let i = 0; i < 50 && beacons.length < 1; i++) await page.waitForTimeout(50);
  assert.deepEqual(beacons, kept, 'the proof reaches consentLogUrl too');

  await page.locator('#settings').click();
  const dialog = page.locator('#biscotte dialog');
  await dialog.waitFor();
  assert.match(await dialog.locator('.gpc').textContent(), /Global Privacy Control/);
  assert.equal(await dialog.locator('[role=switch][data-category=statistical]:not([data-service])').getAttribute('aria-checked'), 'false');
  await dialog.locator('[role=switch][data-category=statistical]:not([data-service])').click();
  await dialog.locator('[data-action=save]').click();
  await page.waitForFunction(() => window.statRan === 1);
  value = await consentCookie(context);
  assert.match(value, /\.necessary=1\|statistical=1\|statistical\/matomo=1\|statistical\/ga4=1\|third_party=0\|third_party\/youtube=0\.g$/);
  kept = await proofs(page);
  assert.equal(kept.length, 2);
  assert.equal(kept[1].gpc, true, 'the opt-in is recorded with the signal present');
  assert.equal(kept[1].choices.statistical, true);
  assert.equal(kept[1].id, kept[0].id, 'the same consent history');

  await page.reload();
  await page.waitForFunction(() => window.ready === true);
  await page.waitForFunction(() => window.statRan === 1);
  assert.equal(await page.locator('#biscotte .banner').count(), 0, 'the opt-in stands over the signal');
  assert.equal((await proofs(page)).length, 2, 'no new record on the next page view');
  assert.deepEqual(errors, []);
  await context.close();
});

test('refuse: showPreferences() opens the dialog and acceptAll() opts in over the signal', async () => {
  const context = await withGpc();
  const { page } = await open(BODY, { context, config: REFUSE });
  assert.equal(await page.locator('#biscotte .banner').count(), 0);
  await page.evaluate(() => window.api.showPreferences());
  await page.locator('#biscotte dialog .gpc').waitFor();
  await page.evaluate(() => window.api.acceptAll());
  await page.waitForFunction(() => window.statRan === 1);
  assert.match(await consentCookie(context), /\.necessary=1\|statistical=1\|.*third_party=1\|third_party\/youtube=1\.g$/);
  await context.close();
});

test('refuse: without the signal the banner asks as usual', async () => {
  const { context, page } = await open(BODY, { config: REFUSE });
  await page.locator('#biscotte .banner').waitFor();
  assert.equal(await page.locator('#biscotte .banner .gpc').count(), 0);
  assert.equal(await consentCookie(context), undefined);
  await context.close();
});

test('notice: the banner asks, and the decision records that the signal was present', async () => {
  const context = await withGpc();
  const { page } = await open(BODY, { context, config: DEFAULT_CONFIG });
  await page.locator('#biscotte .banner .gpc').waitFor();
  assert.equal(await consentCookie(context), undefined, 'nothing decided before the visitor does');
  await page.locator('#biscotte .banner [data-action=reject]').first().click();
  assert.match(await consentCookie(context), /statistical=0.*\.g$/);
  assert.equal((await proofs(page))[0].gpc, true);
  await context.close();
});

/**
 * A page of revision 2, which adds the purpose `maps`, opened by a visitor whose record of a day
 * ago (revision 1) says `choices`; with `unchanged`, the other categories last changed in revision 1.
 */
async function revised(choices, { unchanged = false } = {}) {
  const context = await browser.newContext();
  const now = Math.floor(Date.now() / 1000) - 86400;
  await context.addCookies([{ name: 'cookies_preferences', value: `v1.1.q2Xo3mZb8kT1vLwA.${now}.${now}.${choices}`, url: server.url }]);
  const categories = DEFAULT_CONFIG.categories.map((c) => (unchanged ? { ...c, revision: 1 } : c));
  const config = { ...DEFAULT_CONFIG, revision: 2, categories: [...categories, { id: 'maps', label: 'Maps', revision: 2 }] };
  const { page } = await open(BODY, { context, config });
  return { context, page };
}

test('a revision adds a purpose: the banner asks again, and its Accept all answers only about the new one', async () => {
  const { context, page } = await revised('necessary=1|statistical=0|statistical/matomo=0|statistical/ga4=0|third_party=0|third_party/youtube=0');
  await page.locator('#biscotte .banner').waitFor();
  await page.locator('#biscotte .banner [data-action=accept]').click();
  const value = await consentCookie(context);
  assert.match(value, /^v1\.2\..*\.necessary=1\|statistical=0\|statistical\/matomo=0\|statistical\/ga4=0\|third_party=0\|third_party\/youtube=0\|maps=1$/);
  assert.equal(await page.evaluate(() => window.statRan ?? 0), 0, 'the refusal made a day ago stands');
  await context.close();
});

test('a revision adds a purpose: Customise shows the choices that stand, the new purpose off, and Save keeps them', async () => {
  const { context, page } = await revised('necessary=1|statistical=1|statistical/matomo=1|statistical/ga4=1|third_party=1|third_party/youtube=1', { unchanged: true });
  await page.locator('#biscotte .banner [data-action=customise]').click();
  const dialog = page.locator('#biscotte dialog');
  await dialog.waitFor();
  const on = (category) => dialog.locator(`[role=switch][data-category=${category}]:not([data-service])`).getAttribute('aria-checked');
  assert.equal(await on('statistical'), 'true', 'accepted in revision 1, unchanged since');
  assert.equal(await on('third_party'), 'true');
  assert.equal(await on('maps'), 'false', 'the purpose asked about is not pre-ticked');
  await dialog.locator('[data-action=save]').click();
  assert.match(await consentCookie(context), /\.necessary=1\|statistical=1\|statistical\/matomo=1\|statistical\/ga4=1\|third_party=1\|third_party\/youtube=1\|maps=0$/);
  await context.close();
});

test('a revision that changes nothing refused shows no banner', async () => {
  const context = await browser.newContext();
  const now = Math.floor(Date.now() / 1000) - 86400;
  const refused = `v1.1.q2Xo3mZb8kT1vLwA.${now}.${now}.necessary=1|statistical=0|statistical/matomo=0|statistical/ga4=0|third_party=0|third_party/youtube=0`;
  await context.addCookies([{ name: 'cookies_preferences', value: refused, url: server.url }]);
  const { page } = await open(BODY, { context, config: { ...DEFAULT_CONFIG, revision: 2 } });
  assert.equal(await page.locator('#biscotte .banner').count(), 0);
  assert.equal((await page.evaluate(() => window.log))[0][1].statistical, false);
  await context.close();
});

test('refuse, one-file script first in <head>: the refusal is written and its proof kept before the page is parsed', async () => {
  const context = await withGpc();
  const page_ = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>head</title><link rel="icon" href="data:,">
    <script type="application/json" id="biscotte-config">${JSON.stringify(REFUSE)}</script>
    <script src="/biscotte.js"></script><script>window.cookieAtHead = document.cookie;</script></head>
    <body><main><h1>Head</h1>${BODY}</main></body></html>`;
  await context.route(`${server.url}/head.html`, (r) => r.fulfill({ contentType: 'text/html', body: page_ }));
  await context.route('**/consent-log', (r) => r.fulfill({ status: 204 }));
  const page = await context.newPage();
  await page.goto(`${server.url}/head.html`);
  await page.waitForFunction(() => localStorage.getItem('biscotte:proof'));
  assert.match(await page.evaluate(() => window.cookieAtHead), /cookies_preferences=v1\..*statistical=0.*\.g/, 'written before the next script');
  const kept = await proofs(page);
  assert.equal(kept.length, 1);
  assert.equal(kept[0].gpc, true);
  assert.equal(await page.locator('#biscotte .banner').count(), 0);
  assert.equal(await page.evaluate(() => window.statRan ?? 0), 0);
  await context.close();
});
