// Integrations (issue 5): Google Consent Mode v2 order, proof of consent, nonce propagation under a strict CSP.
import { test, before, after } from 'node:test';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { serve } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { DEFAULT_CONFIG, fixtureOpener } from './lib/fixture.mjs';

let server, browser, open;
before(async () => { server = await serve(); browser = await launch(); open = fixtureOpener(browser, server); });
after(async () => { await browser?.close(); await server?.close(); });

const GTAG_STUB = '<script>window.dataLayer = window.dataLayer || []; function gtag(){ dataLayer.push(arguments); }</script>';
const commands = (page) => page.evaluate(() => window.dataLayer.map((a) => ({
  kind: Object.prototype.toString.call(a), args: Array.from(a),
})));

test('consent mode: default denied before any tag, update on decision and on the next page view', async () => {
  const config = { ...DEFAULT_CONFIG, consentMode: true };
  const { context, page } = await open('<p>gcm</p>', { config, head: GTAG_STUB });
  let layer = await commands(page);
  assert.equal(layer.length, 1);
  assert.deepEqual(layer[0].args.slice(0, 2), ['consent', 'default']);
  assert.deepEqual(layer[0].args[2], {
    ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied',
    functionality_storage: 'granted', personalization_storage: 'denied', security_storage: 'granted',
  });
  await page.locator('#biscotte [data-action=customise]').click();
  await page.locator('#biscotte [role=switch][data-category=statistical]:not([data-service])').click();
  await page.locator('#biscotte [data-action=save]').click();
  layer = await commands(page);
  assert.equal(layer.length, 2);
  assert.deepEqual(layer[1].args.slice(0, 2), ['consent', 'update']);
  assert.equal(layer[1].args[2].analytics_storage, 'granted');
  assert.equal(layer[1].args[2].ad_storage, 'denied');
  await page.reload();
  await page.waitForFunction(() => window.ready === true);
  layer = await commands(page);
  assert.deepEqual(layer.map((c) => c.args[1]), ['default', 'update'], 'stored choice: default then update');
  assert.equal(layer[1].args[2].analytics_storage, 'granted');
  await context.close();
});

test('consent mode without a gtag stub pushes arguments-like commands to dataLayer', async () => {
  const { context, page } = await open('<p>gcm</p>', { config: { ...DEFAULT_CONFIG, consentMode: { analytics_storage: 'statistical/matomo' } } });
  await page.locator('#biscotte .btn[data-action=accept]').click();
  const layer = await commands(page);
  assert.deepEqual(layer.map((c) => [c.kind, c.args[0], c.args[1]]), [
    ['[object Arguments]', 'consent', 'default'], ['[object Arguments]', 'consent', 'update'],
  ]);
  assert.equal(layer[1].args[2].analytics_storage, 'granted');
  await context.close();
});

test('proof of consent: one beacon per decision, matching the cookie, and a local copy', async () => {
  const context = await browser.newContext();
  const beacons = [];
  await context.route('**/consent-log', async (r) => { beacons.push(r.request().postData()); await r.fulfill({ status: 204 }); });
  const { page } = await open('<p>log</p>', { context, config: { ...DEFAULT_CONFIG, consentLogUrl: '/consent-log' } });
  await page.locator('#biscotte .btn[data-action=reject]').click();
  await page.waitForFunction(() => localStorage.getItem('biscotte:proof'));
  for (let i = 0; i < 50 && beacons.length < 1; i++) await page.waitForTimeout(50);
  assert.equal(beacons.length, 1);
  const record = JSON.parse(beacons[0]);
  const cookie = (await context.cookies()).find((c) => c.name === 'cookies_preferences');
  assert.equal(cookie.value.split('.')[2], record.id);
  assert.equal(record.browser, 'chrome');
  assert.equal(record.language, 'en');
  assert.equal(record.choices.statistical, false);
  assert.equal(record.choices['statistical/matomo'], false);
  assert.equal(await page.evaluate(() => localStorage.getItem('biscotte:proof')), beacons[0]);
  await context.close();
});

test('proof of consent: the local copy is written after the decision\'s task, or at once when the page is left or hidden first', async () => {
  const { context, page } = await open('<p>leave</p>');
  const [during, left] = await page.evaluate(() => {
    window.api.acceptAll();
    const during = localStorage.getItem('biscotte:proof');
    // What the browser fires when the visitor or the page navigates away, before the next frame.
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    return [during, localStorage.getItem('biscotte:proof')];
  });
  assert.equal(during, null, 'not in the decision\'s own task');
  assert.equal(JSON.parse(left).choices.statistical, true, 'written when the page is left');
  // A phone may discard a hidden tab without pagehide: hiding writes too.
  const hidden = await page.evaluate(() => {
    window.api.rejectAll();
    document.dispatchEvent(new Event('visibilitychange'));
    return localStorage.getItem('biscotte:proof').split('\n').map((l) => JSON.parse(l).choices.statistical);
  });
  assert.deepEqual(hidden, [true, false], 'both decisions kept, in order');
  await context.close();
});

/** Accepts, then the gated inline script must run with no CSP violation in the console. */
async function acceptRunsInlineWithoutViolations({ context, page }) {
  const violations = [];
  page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) violations.push(m.text()); });
  await page.locator('#biscotte .btn[data-action=accept]').click();
  await page.waitForFunction(() => window.inlineRan === true);
  assert.deepEqual(violations, []);
  await context.close();
}

test('strict CSP: activated inline scripts carry the nonce of Biscotte\'s own script', async () => {
  const csp = "script-src 'self' 'nonce-r4nd0m' 'wasm-unsafe-eval'";
  const body = '<script type="text/plain" data-category="statistical">window.inlineRan = true;</script>';
  await acceptRunsInlineWithoutViolations(await open(body, { csp, nonce: 'r4nd0m' }));
});

test('strict CSP: a gated script keeps its own nonce when Biscotte\'s script has none (allowed by its hash)', async () => {
  const hashCsp = (html) => {
    const own = html.match(/<script type="module" data-biscotte-script>([\s\S]*?)<\/script>/)[1];
    const hash = createHash('sha256').update(own).digest('base64');
    return `script-src 'self' 'sha256-${hash}' 'nonce-g4ted' 'wasm-unsafe-eval'`;
  };
  const body = '<script type="text/plain" data-category="statistical" nonce="g4ted">window.inlineRan = true;</script>';
  await acceptRunsInlineWithoutViolations(await open(body, { hashCsp }));
});

test('Global Privacy Control: the banner says so, nothing optional runs, the visitor can still opt in', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  const body = '<script type="text/plain" data-category="statistical">window.statRan = (window.statRan || 0) + 1;</script>';
  const { page } = await open(body, { context, config: { ...DEFAULT_CONFIG, policyUrl: 'cookies.html' } });
  assert.match(await page.locator('#biscotte .banner .gpc').textContent(), /Global Privacy Control/);
  assert.equal(await page.locator('#biscotte .banner a').getAttribute('href'), 'cookies.html', 'a relative policy link is shown');
  assert.equal(await page.evaluate(() => window.statRan ?? 0), 0);
  await page.locator('#biscotte .btn[data-action=accept]').click();
  await page.waitForFunction(() => window.statRan === 1);
  await context.close();
});

test('Global Privacy Control can be ignored by configuration: no notice', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  const { page } = await open('<p>x</p>', { context, config: { ...DEFAULT_CONFIG, globalPrivacyControl: false } });
  await page.locator('#biscotte .banner').waitFor();
  assert.equal(await page.locator('#biscotte .banner .gpc').count(), 0);
  await context.close();
});
