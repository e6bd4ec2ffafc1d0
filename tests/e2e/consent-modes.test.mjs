// The trackers' own consent modes (issue 14): Microsoft UET, Microsoft Clarity, Matomo and Piano
// Analytics each get their default before any decision and an update after each one, in the shape
// the vendor documents; a stub of each vendor's queue or function, set up before Biscotte, records
// the calls in order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serve } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { fixtureOpener } from './lib/fixture.mjs';

let server, browser, open;
before(async () => { server = await serve(); browser = await launch(); open = fixtureOpener(browser, server); });
after(async () => { await browser?.close(); await server?.close(); });

const config = (matomoKey = 'matomo') => ({
  categories: [
    { id: 'statistical', services: [{ preset: 'matomo' }, { preset: 'clarity' }, { preset: 'atinternet' }] },
    { id: 'third_party', services: [{ preset: 'uet' }, { preset: 'youtube' }] },
  ],
  consentModes: { uet: 'third_party/uet', clarity: 'statistical/clarity', [matomoKey]: 'statistical/matomo', piano: 'statistical' },
});

// Loaded trackers: each vendor's object or function, recording what it is given.
const STUBS = `<script>
  window.calls = [];
  const record = (vendor) => (...args) => { calls.push([vendor, ...JSON.parse(JSON.stringify(args))]); };
  window.uetq = { push: record('uet') };
  window._paq = { push: record('matomo') };
  window.clarity = record('clarity');
  window.pa = { consent: { setMode: record('piano') } };
</script>`;

const DEFAULTS = [
  ['uet', 'consent', 'default', { ad_storage: 'denied' }],
  ['clarity', 'consentv2', { ad_Storage: 'denied', analytics_Storage: 'denied' }],
  ['matomo', ['requireConsent']],
  ['piano', 'opt-out'],
];
const updates = (stats, ads) => [
  ['uet', 'consent', 'update', { ad_storage: ads ? 'granted' : 'denied' }],
  ['clarity', 'consentv2', { ad_Storage: 'denied', analytics_Storage: stats ? 'granted' : 'denied' }],
  ['matomo', [stats ? 'setConsentGiven' : 'forgetConsentGiven']],
  ['piano', stats ? 'opt-in' : 'opt-out'],
];

const calls = (page) => page.evaluate(() => window.calls);
const toggleStatistical = async (page) => {
  await page.locator('#biscotte [role=switch][data-category=statistical]:not([data-service])').click();
  await page.locator('#biscotte [data-action=save]').click();
};

test('consent modes: defaults first, the update after the click, both after a reload, and the withdrawal', async () => {
  const { context, page, errors } = await open('<p>modes</p>', { config: config(), head: STUBS });
  assert.deepEqual(await calls(page), DEFAULTS, 'each default before any decision');
  await page.locator('#biscotte [data-action=customise]').click();
  await toggleStatistical(page);
  assert.deepEqual(await calls(page), [...DEFAULTS, ...updates(true, false)], 'the update after the choice');
  assert.equal(await page.evaluate(() => window.pdl.consent.defaultPreset.PA), 'opt-in', "Piano's SDK, if it loads now, starts opted in");

  await page.reload();
  await page.waitForFunction(() => window.ready === true);
  assert.deepEqual(await calls(page), [...DEFAULTS, ...updates(true, false)], 'the stored choice: defaults, then its update');

  await page.evaluate(() => { window.calls.length = 0; window.api.showPreferences(); });
  await toggleStatistical(page);
  assert.deepEqual(await calls(page), updates(false, false), 'withdrawal');
  assert.deepEqual(errors, []);
  await context.close();
});

test('consent modes: accept all grants UET too; Matomo in cookie-consent mode gets the cookie commands', async () => {
  const { context, page } = await open('<p>modes</p>', { config: config('matomoCookies'), head: STUBS });
  await page.locator('#biscotte .btn[data-action=accept]').click();
  const matomo = (await calls(page)).filter(([vendor]) => vendor === 'matomo');
  assert.deepEqual(matomo, [['matomo', ['requireCookieConsent']], ['matomo', ['setCookieConsentGiven']]]);
  assert.deepEqual((await calls(page)).find(([v, , command]) => v === 'uet' && command === 'update'), updates(true, true)[0]);
  await page.evaluate(() => window.api.rejectAll());
  assert.deepEqual((await calls(page)).at(-2), ['matomo', ['forgetCookieConsentGiven']]);
  await context.close();
});

test('consent modes without the trackers: each queue is created as the vendor snippet does, and read in order', async () => {
  const { context, page } = await open('<p>modes</p>', { config: config() });
  await page.locator('#biscotte .btn[data-action=reject]').click();
  const seen = await page.evaluate(() => ({
    uetq: JSON.parse(JSON.stringify(window.uetq)),
    paq: window._paq,
    clarity: typeof window.clarity === 'function' ? JSON.parse(JSON.stringify(window.clarity.q)) : null,
    pdl: window.pdl,
  }));
  assert.deepEqual(seen.uetq, ['consent', 'default', { ad_storage: 'denied' }, 'consent', 'update', { ad_storage: 'denied' }]);
  assert.deepEqual(seen.paq, [['requireConsent'], ['forgetConsentGiven']]);
  const denied = { ad_Storage: 'denied', analytics_Storage: 'denied' };
  assert.deepEqual(seen.clarity, [['consentv2', denied], ['consentv2', denied]]);
  assert.deepEqual(seen.pdl, { requireConsent: true, consent: { defaultPreset: { PA: 'opt-out' } } });
  // Clarity's own snippet keeps the queueing function Biscotte made, and its calls join the queue.
  await page.evaluate(() => { (function (c, l, a) { c[a] = c[a] || function () { (c[a].q = c[a].q || []).push(arguments); }; })(window, document, 'clarity'); window.clarity('set', 'page', 'home'); });
  assert.deepEqual(await page.evaluate(() => JSON.parse(JSON.stringify(window.clarity.q.at(-1)))), ['set', 'page', 'home']);
  await context.close();
});

test('no consentModes: no tracker queue is created', async () => {
  const { context, page } = await open('<p>none</p>');
  await page.locator('#biscotte .btn[data-action=accept]').click();
  assert.deepEqual(await page.evaluate(() => [typeof window.uetq, typeof window._paq, typeof window.clarity, typeof window.pdl]),
    ['undefined', 'undefined', 'undefined', 'undefined']);
  await context.close();
});

test('one-file script first in <head>: the defaults are queued before the page\'s next script, a stored choice\'s update too', async () => {
  const context = await browser.newContext();
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>one file</title>
    <script type="application/json" id="biscotte-config">${JSON.stringify(config())}</script>
    <script src="/dist/biscotte.js"></script>
    <script>window.seen = { uetq: JSON.parse(JSON.stringify(window.uetq)), paq: window._paq, clarity: window.clarity && JSON.parse(JSON.stringify(window.clarity.q)), pdl: JSON.parse(JSON.stringify(window.pdl)) };</script>
    </head><body><p>page</p></body></html>`;
  await context.route('**/one-file.html', (r) => r.fulfill({ contentType: 'text/html', body: page }));
  await context.route('**/dist/biscotte.js', async (r) => r.fulfill({
    contentType: 'text/javascript', body: await readFile(resolve(import.meta.dirname, '../../dist/biscotte.js')),
  }));
  const tab = await context.newPage();
  await tab.goto(server.url + '/one-file.html');
  await tab.waitForFunction(() => window.seen);
  let seen = await tab.evaluate(() => window.seen);
  assert.deepEqual(seen.uetq, ['consent', 'default', { ad_storage: 'denied' }]);
  assert.deepEqual(seen.paq, [['requireConsent']]);
  assert.deepEqual(seen.clarity, [['consentv2', { ad_Storage: 'denied', analytics_Storage: 'denied' }]]);
  assert.deepEqual(seen.pdl, { requireConsent: true, consent: { defaultPreset: { PA: 'opt-out' } } });
  await tab.locator('#biscotte .btn[data-action=accept]').click();
  await tab.reload();
  await tab.waitForFunction(() => window.seen);
  seen = await tab.evaluate(() => window.seen);
  assert.deepEqual(seen.paq, [['requireConsent'], ['setConsentGiven']], 'the stored choice, before the page\'s Matomo snippet');
  assert.deepEqual(seen.uetq.slice(3), ['consent', 'update', { ad_storage: 'granted' }]);
  assert.equal(seen.pdl.consent.defaultPreset.PA, 'opt-in');
  await context.close();
});
