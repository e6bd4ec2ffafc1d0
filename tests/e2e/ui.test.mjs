// The banner and dialog as a visitor uses them, on the release build: keyboard only, Accept and Reject
// alike to the pixel, withdrawal from the footer link, Escape and focus return, and screenshots
// (light, dark, fr, ja, box + RTL) written to test-output/screenshots/ for review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serve } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { openPortal } from './lib/portal.mjs';

const SHOTS = resolve(import.meta.dirname, '../../test-output/screenshots');

let server, browser;
before(async () => { server = await serve(); browser = await launch(); await mkdir(SHOTS, { recursive: true }); });
after(async () => { await browser?.close(); await server?.close(); });

const BUILT_IN = ['en', 'fr'];

/** The demo portal for a visitor whose portal language is `lang`; a language that is not built
 * in gets its pack (dist/texts/<lang>.json) in the page's config, as an integrator pastes it. */
async function fresh(options = {}, lang) {
  const opened = await openPortal(browser, server.url, options);
  if (lang) {
    await opened.context.addCookies([{ name: 'django_language', value: lang, domain: new URL(server.url).hostname, path: '/' }]);
  }
  if (lang && !BUILT_IN.includes(lang)) {
    const pack = await readFile(resolve(import.meta.dirname, `../../dist/texts/${lang}.json`), 'utf8');
    await opened.page.route(server.url + '/', async (route) => {
      const page = await (await route.fetch()).text();
      const withPack = page.replace('{ "policyUrl": "/cookies.html" }', `{ "policyUrl": "/cookies.html", "texts": { "${lang}": ${pack} } }`);
      assert.notEqual(withPack, page, 'the demo config block changed: update fresh()');
      await route.fulfill({ body: withPack, contentType: 'text/html' });
    });
  }
  return opened;
}

/** The deeply focused element (through the shadow root), described for assertions. */
function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return 'body';
    const where = el.closest('dialog') ? 'dialog' : el.closest('.banner') ? 'banner' : el.getRootNode() !== document ? 'host' : 'page';
    const what = el.getAttribute('role') === 'switch' ? `switch:${el.dataset.category}`
      : el.classList.contains('close') ? 'close' : el.classList.contains('floating') ? 'floating'
      : el.dataset.action ?? el.tagName.toLowerCase();
    return `${where}/${what}`;
  });
}

/** Presses Tab until `want` is focused (at most `max` times); returns every stop on the way. */
async function tabTo(page, want, max = 20) {
  const stops = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    stops.push(now);
    if (now === want) return stops;
  }
  assert.fail(`never reached ${want}; stops: ${stops.join(', ')}`);
}

test('keyboard only: focus enters the banner, every control is reached, Escape returns, a choice is saved', async () => {
  const { context, page, portal, errors } = await fresh();
  await portal.goto();
  await portal.banner().waitFor();
  assert.equal(await focused(page), 'banner/a', 'focus moved into the banner (its policy link)');
  assert.deepEqual(await tabTo(page, 'banner/close'), ['banner/accept', 'banner/reject', 'banner/customise', 'banner/close']);
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(page), 'banner/customise');
  await page.keyboard.press('Enter');
  await portal.dialog().waitFor();
  assert.match(await focused(page), /^dialog\//, 'focus moved into the dialog');
  // Escape closes it: back to the banner, focus back on Customise.
  await page.keyboard.press('Escape');
  await portal.dialog().waitFor({ state: 'detached' });
  assert.equal(await portal.banner().isVisible(), true, 'undecided: the banner is back');
  assert.equal(await focused(page), 'banner/customise', 'focus returned to the opener');
  assert.equal(await portal.consentCookie(), undefined, 'Escape decides nothing');
  await page.keyboard.press('Space');
  await portal.dialog().waitFor();
  const stops = await tabTo(page, 'dialog/save');
  for (const want of ['dialog/switch:necessary', 'dialog/summary', 'dialog/switch:statistical', 'dialog/switch:third_party', 'dialog/accept', 'dialog/reject']) {
    assert.ok(stops.includes(want), `${want} reachable; stops: ${stops.join(', ')}`);
  }
  assert.ok(stops.every((s) => s.startsWith('dialog/')), `focus stays in the modal dialog: ${stops.join(', ')}`);
  // Back to the statistical switch with Shift-Tab, Space turns it on, then Enter on Save.
  for (let i = 0; i < 10 && (await focused(page)) !== 'dialog/switch:statistical'; i++) await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(page), 'dialog/switch:statistical');
  await page.keyboard.press('Space');
  assert.equal(await page.locator('#biscotte [role=switch][data-category=statistical]').getAttribute('aria-checked'), 'true');
  await page.keyboard.press('Space');
  assert.equal(await page.locator('#biscotte [role=switch][data-category=statistical]').getAttribute('aria-checked'), 'false');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#biscotte [role=switch][data-category=statistical]').getAttribute('aria-checked'), 'true');
  await tabTo(page, 'dialog/save');
  await page.keyboard.press('Enter');
  await portal.dialog().waitFor({ state: 'detached' });
  assert.match((await portal.consentCookie()).value, /\.necessary=1\|statistical=1\|third_party=0$/);
  assert.equal(await portal.banner().count(), 0);
  await page.waitForFunction(() => window.biscotteDemo?.analyticsRuns === 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the close (×) control is labelled and means reject', async () => {
  const { context, page, portal } = await fresh({}, 'fr');
  await portal.goto();
  const close = page.getByRole('button', { name: 'Fermer et refuser' });
  assert.equal(await close.textContent(), '×');
  await close.click();
  assert.match((await portal.consentCookie()).value, /statistical=0\|third_party=0$/);
  await context.close();
});

const STYLES = ['background-color', 'color', 'font-weight', 'font-size', 'font-family', 'border-top-width', 'border-top-style', 'border-top-color', 'border-radius', 'padding-top', 'padding-left'];

async function look(locator) {
  const box = await locator.boundingBox();
  const style = await locator.evaluate((el, names) => Object.fromEntries(names.map((n) => [n, getComputedStyle(el).getPropertyValue(n)])), STYLES);
  return { width: box.width, height: box.height, style };
}

test('a portal language Biscotte has no texts for: the banner speaks English, marked so, and the console says so', async () => {
  const { context, page, portal, warnings } = await openPortal(browser, server.url);
  await context.addCookies([{ name: 'django_language', value: 'zh', domain: new URL(server.url).hostname, path: '/' }]);
  await portal.goto();
  await portal.banner().waitFor();
  assert.equal(await page.locator('#biscotte').getAttribute('lang'), 'en');
  assert.ok(warnings.some((w) => w.includes('"zh", which has no texts') && w.includes('add texts.zh')), warnings.join('\n'));
  await context.close();
});

for (const [lang, viewport] of [['en', { width: 1280, height: 800 }], ['de', { width: 1280, height: 800 }], ['fr', { width: 375, height: 700 }], ['ja', { width: 375, height: 700 }]]) {
  test(`Accept and Reject look the same (${lang}, ${viewport.width}px): same box, same styles, banner and dialog`, async () => {
    for (const colorScheme of ['light', 'dark']) {
      const { context, page, portal } = await fresh({ viewport, colorScheme }, lang);
      await portal.goto();
      await portal.banner().waitFor();
      assert.equal(await page.locator('#biscotte').getAttribute('lang'), lang, 'the banner speaks the portal language');
      const accept = await look(page.locator('#biscotte .banner [data-action=accept]'));
      const reject = await look(page.locator('#biscotte .banner .btn[data-action=reject]'));
      assert.deepEqual(reject, accept, `${colorScheme} banner`);
      assert.ok(accept.height >= 44 && accept.width >= 44, 'a comfortable target');
      assert.notEqual(accept.style['background-color'], 'rgba(0, 0, 0, 0)', 'a filled button');
      await portal.button('customise').click();
      await portal.dialog().waitFor();
      const a2 = await look(page.locator('#biscotte dialog [data-action=accept]'));
      const r2 = await look(page.locator('#biscotte dialog [data-action=reject]'));
      assert.deepEqual(r2, a2, `${colorScheme} dialog`);
      await context.close();
    }
  });
}

test('withdrawal: accept, then the footer link reopens the dialog showing the choice, and Reject all withdraws it', async () => {
  const { context, page, portal, errors } = await fresh();
  await portal.goto();
  await portal.button('accept').click();
  await page.waitForFunction(() => window.biscotteDemo?.analyticsRuns === 1);
  assert.match((await portal.consentCookie()).value, /statistical=1\|third_party=1$/);
  const link = page.getByRole('link', { name: 'Cookie settings' });
  await link.click();
  await portal.dialog().waitFor();
  const stat = page.locator('#biscotte [role=switch][data-category=statistical]');
  assert.equal(await stat.getAttribute('aria-checked'), 'true', 'the dialog shows the stored choice');
  // Escape with a stored choice: nothing changes, focus goes back to the footer link.
  await page.keyboard.press('Escape');
  await portal.dialog().waitFor({ state: 'detached' });
  assert.equal(await focused(page), 'page/a', 'focus back on the footer link');
  assert.equal(await portal.banner().count(), 0, 'no banner after Escape when decided');
  await link.click();
  await portal.dialog().waitFor();
  await page.locator('#biscotte dialog [data-action=reject]').click();
  await portal.dialog().waitFor({ state: 'detached' });
  assert.match((await portal.consentCookie()).value, /\.necessary=1\|statistical=0\|third_party=0$/);
  assert.equal(await focused(page), 'page/a', 'focus back on the footer link after deciding');
  await page.reload();
  await page.waitForFunction(() => document.getElementById('biscotte') === null && document.readyState === 'complete');
  assert.equal(await portal.runs('analyticsRuns'), 0, 'after withdrawal, nothing runs on the next page');
  assert.deepEqual(errors, []);
  await context.close();
});

/** Restarts Biscotte on the page with another configuration (the module is already initialised). */
function restart(page, config) {
  return page.evaluate(async (c) => {
    const m = await import('/pkg/biscotte.js');
    m.start(c);
  }, config);
}

/** Fails when the element's content is wider than its box, or the box leaves the viewport. */
async function fits(locator, what) {
  const m = await locator.evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth, r: el.getBoundingClientRect().toJSON(), vw: innerWidth, vh: innerHeight }));
  assert.ok(m.sw <= m.cw, `${what}: no horizontal overflow (${m.sw} > ${m.cw})`);
  assert.ok(m.r.left >= 0 && m.r.right <= m.vw && m.r.top >= 0 && m.r.bottom <= m.vh + 1, `${what}: inside the viewport ${JSON.stringify(m)}`);
}

for (const [name, options, lang] of [
  ['light', { colorScheme: 'light' }], ['dark', { colorScheme: 'dark' }], ['fr', { colorScheme: 'light' }, 'fr'],
  ['ja', { colorScheme: 'light', viewport: { width: 390, height: 760 } }, 'ja'],
]) {
  test(`screenshots: banner and dialog (${name}), nothing overflows`, async () => {
    const { context, page, portal, errors } = await fresh({ viewport: { width: 1280, height: 760 }, ...options }, lang);
    await portal.goto();
    await portal.banner().waitFor();
    if (lang) assert.equal(await page.locator('#biscotte').getAttribute('lang'), lang);
    await fits(portal.banner(), `${name} banner`);
    await page.screenshot({ path: `${SHOTS}/banner-${name}.png` });
    await portal.button('customise').click();
    await portal.dialog().waitFor();
    await page.locator('#biscotte details').first().evaluate((d) => { d.open = true; });
    await fits(portal.dialog(), `${name} dialog`);
    await page.screenshot({ path: `${SHOTS}/dialog-${name}.png` });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('screenshots: box layout, dark theme forced, right to left; floating button after a decision', async () => {
  const { context, page, portal, errors } = await fresh({ colorScheme: 'light', viewport: { width: 1280, height: 760 } });
  await portal.goto();
  await portal.banner().waitFor();
  await restart(page, { layout: 'box', theme: 'dark', languages: ['ar', 'en'], language: 'ar', floatingButton: true, policyUrl: '/cookies.html' });
  await portal.banner().waitFor();
  const host = page.locator('#biscotte');
  assert.equal(await host.getAttribute('dir'), 'rtl');
  const box = await portal.banner().boundingBox();
  assert.ok(box.x < 640 && box.width < 640, `a box in the left corner in RTL: ${JSON.stringify(box)}`);
  assert.equal(await portal.banner().evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(31, 35, 41)', 'dark forced');
  await fits(portal.banner(), 'box banner');
  await page.screenshot({ path: `${SHOTS}/banner-box-rtl-dark.png` });
  await portal.button('reject').click();
  const floating = page.getByRole('button', { name: 'Cookie settings' });
  await floating.waitFor();
  await page.screenshot({ path: `${SHOTS}/floating-rtl-dark.png` });
  await floating.click();
  await portal.dialog().waitFor();
  await page.screenshot({ path: `${SHOTS}/dialog-rtl-dark.png` });
  await page.keyboard.press('Escape');
  await portal.dialog().waitFor({ state: 'detached' });
  assert.equal(await focused(page), 'host/floating', 'focus back on the floating button');
  assert.deepEqual(errors, []);
  await context.close();
});

test('theming: custom properties set on #biscotte by the portal reach the shadow root', async () => {
  const { context, page, portal } = await fresh({ colorScheme: 'dark' });
  await portal.goto();
  await portal.banner().waitFor();
  await page.addStyleTag({ content: '#biscotte { --bsc-accent: rgb(122, 31, 92); --bsc-radius: 3px; }' });
  const accept = page.locator('#biscotte .banner [data-action=accept]');
  assert.equal(await accept.evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(122, 31, 92)');
  assert.equal(await accept.evaluate((b) => getComputedStyle(b).borderTopLeftRadius), '3px');
  await context.close();
});

test('the banner is an overlay: showing it and opening the dialog shift no page content (CLS 0)', async () => {
  const { context, page, portal } = await fresh();
  await page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__shifts.push(e.value); })
      .observe({ type: 'layout-shift', buffered: true });
  });
  const before = await (async () => { await portal.goto(); await portal.banner().waitFor(); return page.locator('h1').boundingBox(); })();
  await portal.button('customise').click();
  await portal.dialog().waitFor();
  await page.keyboard.press('Escape');
  await portal.button('reject').click();
  assert.deepEqual(await page.locator('h1').boundingBox(), before, 'the heading never moved');
  const shifts = await page.evaluate(() => window.__shifts);
  assert.equal(shifts.reduce((a, b) => a + b, 0), 0, `layout shifts: ${shifts}`);
  await context.close();
});
