// The five seed portal demos (www/portals/), end to end on the one-file build (www/biscotte.js):
// each shows the banner in its language, lists its cookie policy's necessary cookies, requests
// none of its trackers before consent, and runs each exactly once after "accept all".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { openPortal } from './lib/portal.mjs';

// Accept-all labels as in src/core/texts.rs.
const ACCEPT = { en: 'Accept all', fr: 'Tout accepter', ja: 'すべて同意する' };

const SEEDS = [
  { slug: 'data-corsica', lang: 'fr', settings: 'Paramètres des cookies', purpose: 'Conserver la langue que vous avez choisie' },
  { slug: 'codeforcary', lang: 'en', settings: 'Cookie settings', purpose: 'Keeps the language you picked' },
  { slug: 'pacificspatial', lang: 'ja', settings: 'Cookie 設定', purpose: '選択した表示言語を記憶するため' },
  { slug: 'datamidsouth', lang: 'en', settings: 'Cookie settings', purpose: 'Keeps the language you picked' },
  { slug: 'nterpolilli', lang: 'en', settings: 'Cookie settings', purpose: 'Keeps the language you picked' },
];
const NECESSARY = ['sessionid', 'django_language', 'csrftoken', 'cookies_preferences'];
const TRACKERS = ['/js/ga4.js', '/js/matomo.js', '/js/smarttag.js', '/portals/embed/video.html'];

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const fresh = () => openPortal(browser, server.url);

const count = (portal, path) => portal.requests.filter((p) => p === path).length;
const runs = (page) => page.evaluate(() => {
  const d = window.biscotteDemo ?? {};
  return { ga4: d.ga4Runs ?? 0, matomo: d.matomoRuns ?? 0, smarttag: d.smarttagRuns ?? 0, video: d.videoLoads ?? 0 };
});

for (const seed of SEEDS) {
  test(`${seed.slug}: banner in ${seed.lang}, trackers gated, then each runs exactly once after "accept all"`, async () => {
    const { context, page, portal, errors, warnings } = await fresh();
    await portal.goto(`/portals/${seed.slug}.html`);
    await portal.banner().waitFor();
    assert.equal(await portal.button('accept').textContent(), ACCEPT[seed.lang]);
    assert.equal(await page.locator('#biscotte').getAttribute('lang'), seed.lang, 'the banner says which language it speaks');
    // Japanese is not built in: nothing pasted, Biscotte loads its pack beside the script, and
    // only that one; English and French pages load none.
    const config = JSON.parse(await page.locator('#biscotte-config').textContent());
    assert.equal(config.texts, undefined, 'no texts pasted into the page');
    const packs = portal.requests.filter((p) => p.startsWith('/texts/'));
    assert.deepEqual(packs, seed.lang === 'ja' ? ['/texts/ja.json'] : [], 'language packs requested');
    for (const name of NECESSARY) {
      assert.equal(await page.locator('#cookies + p + table code', { hasText: name }).count(), 1, `policy table lists ${name}`);
    }
    assert.deepEqual(await runs(page), { ga4: 0, matomo: 0, smarttag: 0, video: 0 });
    for (const path of TRACKERS) assert.equal(portal.requested(path), false, `${path} not requested before consent`);
    assert.equal(await page.locator('iframe.video').getAttribute('src'), null);

    await portal.button('accept').click();
    await page.waitForFunction(() => {
      const d = window.biscotteDemo ?? {};
      return d.ga4Runs && d.matomoRuns && d.smarttagRuns && d.videoLoads;
    });
    await page.waitForFunction(() => document.querySelectorAll('script[type="text/plain"]').length === 0);
    assert.deepEqual(await runs(page), { ga4: 1, matomo: 1, smarttag: 1, video: 1 });
    for (const src of ['/js/ga4.js', '/js/matomo.js', '/js/smarttag.js']) {
      assert.equal(await page.locator(`script[src="${src}"]`).count(), 1, `one ${src} element`);
      assert.equal(count(portal, src), 1, `${src} fetched once`);
    }
    assert.equal(count(portal, '/portals/embed/video.html'), 1);
    assert.deepEqual(await page.evaluate(() => [window.biscotteDemo.ga4Queue, window.biscotteDemo.matomoQueue]), [2, 3],
      'the inline GA4 and Matomo snippets ran once, before their libraries');
    assert.match((await portal.consentCookie()).value, /\|statistical=1\|.*third_party=1/);
    assert.equal(await page.locator('[data-demo-status=matomo].on').count(), 1);
    assert.deepEqual(errors, []);
    assert.deepEqual(warnings.filter((w) => w.startsWith('Biscotte')), [], 'the demo configuration is valid');
    await context.close();
  });
}

test('data-corsica: after "reject all", the footer link opens the preferences with the seed cookies; Matomo alone runs only Matomo', async () => {
  const { context, page, portal, errors } = await fresh();
  await portal.goto('/portals/data-corsica.html');
  await portal.banner().waitFor();
  await portal.button('reject').click();
  await portal.banner().waitFor({ state: 'detached' });
  for (const path of TRACKERS) assert.equal(portal.requested(path), false, `${path} not requested after "reject all"`);
  await page.locator('footer').getByRole('link', { name: 'Paramètres des cookies' }).click();
  await portal.dialog().waitFor();
  const text = await portal.dialog().textContent();
  for (const name of NECESSARY) assert.ok(text.includes(name), `dialog lists ${name}`);
  assert.ok(text.includes(SEEDS[0].purpose), 'purpose in French');
  const matomo = page.locator('#biscotte [role=switch][data-category=statistical][data-service=matomo]');
  await matomo.evaluate((el) => { el.closest('details').open = true; });
  await matomo.click();
  await portal.button('save').click();
  await page.waitForFunction(() => window.biscotteDemo?.matomoRuns === 1);
  await page.waitForFunction(() => document.querySelectorAll('script[type="text/plain"][data-service=matomo]').length === 0);
  assert.equal(await page.evaluate(() => [Biscotte.accepted('statistical/matomo'), Biscotte.accepted('statistical/ga4')].join()), 'true,false');
  for (const path of ['/js/ga4.js', '/js/smarttag.js', '/portals/embed/video.html']) {
    assert.equal(portal.requested(path), false, `${path} still blocked`);
  }
  assert.equal(await page.locator('script[type="text/plain"][data-service=ga4]').count(), 2, 'GA4 stays inert');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the portal index lists the main demo and the five seed portals, each reachable', async () => {
  const { context, page, portal } = await fresh();
  await portal.goto('/');
  await page.locator('footer a[href="/portals/"]').click();
  await page.waitForURL('**/portals/');
  const links = await page.locator('ul.demos a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, ['/', ...SEEDS.map((s) => `/portals/${s.slug}.html`)]);
  for (const href of links) {
    const response = await page.request.get(server.url + href);
    assert.equal(response.status(), 200, href);
  }
  await context.close();
});
