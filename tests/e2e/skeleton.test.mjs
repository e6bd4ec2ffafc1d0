// The walking skeleton, end to end, on the release wasm-opt'ed build: banner → choice → cookie → gated script.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { openPortal } from './lib/portal.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const fresh = () => openPortal(browser, server.url);

test('reject all: cookie written, analytics never requested nor run, even after reload', async () => {
  const { context, portal, errors } = await fresh();
  await portal.goto();
  await portal.banner().waitFor();
  assert.equal(await portal.button('accept').textContent(), 'Accept all');
  await portal.button('reject').click();
  await portal.banner().waitFor({ state: 'detached' });
  const cookie = await portal.consentCookie();
  assert.ok(cookie, 'cookies_preferences is set');
  assert.match(cookie.value, /^v1\.1\.[A-Za-z0-9_-]{16}\.\d+\.\d+\.necessary=1\|statistical=0\|third_party=0$/);
  assert.equal(cookie.path, '/');
  assert.equal(cookie.sameSite, 'Lax');
  assert.equal(cookie.secure, false, 'Secure only on https pages');
  const days = (cookie.expires - Date.now() / 1000) / 86400;
  assert.ok(days > 181 && days <= 182, `cookie lives 182 days, got ${days}`);
  await portal.page.reload();
  await portal.page.waitForFunction(() => document.querySelector('script[src$="start.js"]'));
  await portal.page.waitForTimeout(300);
  assert.equal(await portal.banner().count(), 0, 'no banner with a stored choice');
  assert.equal(await portal.runs('analyticsRuns'), 0);
  assert.equal(portal.requested('/js/analytics.js'), false, 'the gated script was never fetched');
  assert.equal(portal.requested('/js/embed.js'), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('accept all: analytics runs exactly once, at once, and once per later page view', async () => {
  const { context, portal, errors } = await fresh();
  await portal.goto();
  await portal.banner().waitFor();
  assert.equal(await portal.runs('analyticsRuns'), 0, 'nothing runs before the choice');
  await portal.button('accept').click();
  await portal.page.waitForFunction(() => window.biscotteDemo?.analyticsRuns === 1 && window.biscotteDemo?.thirdPartyRuns === 1);
  assert.match((await portal.consentCookie()).value, /statistical=1\|third_party=1$/);
  await portal.page.waitForTimeout(300);
  assert.equal(await portal.runs('analyticsRuns'), 1, 'exactly once');
  assert.equal(await portal.page.locator('[data-demo-status=statistical]').textContent(), 'Statistics script: running');
  await portal.page.reload();
  await portal.page.waitForFunction(() => window.biscotteDemo?.analyticsRuns === 1);
  await portal.page.waitForTimeout(300);
  assert.equal(await portal.banner().count(), 0, 'no banner with a stored choice');
  assert.equal(await portal.runs('analyticsRuns'), 1, 'exactly once after reload');
  assert.deepEqual(errors, []);
  await context.close();
});

for (const value of ['garbage', 'v1.1.short.1.2.statistical=1', 'v9.1.q2Xo3mZb8kT1vLwA.1.2.statistical=1', '%7B%22statistical%22%3Atrue%7D']) {
  test(`a corrupt or foreign cookie (${value}) is no choice: banner shown, nothing runs`, async () => {
    const { context, portal } = await fresh();
    const domain = new URL(server.url).hostname;
    await context.addCookies([{ name: 'cookies_preferences', value, domain, path: '/' }]);
    const warnings = [];
    portal.page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    await portal.goto();
    await portal.banner().waitFor();
    assert.equal(await portal.runs('analyticsRuns'), 0);
    assert.ok(warnings.some((w) => w.startsWith('Biscotte: the stored choice was ignored')), warnings.join('\n'));
    await context.close();
  });
}

test('the footer link reopens the preferences; saving statistical only runs analytics only', async () => {
  const { context, portal, errors } = await fresh();
  await portal.goto();
  await portal.button('reject').click();
  await portal.page.getByRole('link', { name: 'Cookie settings' }).click();
  await portal.dialog().waitFor();
  await portal.page.locator('#biscotte [role=switch][data-category=statistical]').click();
  await portal.button('save').click();
  await portal.page.waitForFunction(() => window.biscotteDemo?.analyticsRuns === 1);
  assert.match((await portal.consentCookie()).value, /statistical=1\|third_party=0$/);
  assert.equal(await portal.runs('thirdPartyRuns'), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
