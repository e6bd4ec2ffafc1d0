// Looks (issue 18): the default look and the DSFR theme (`theme: "dsfr"`, on the data.corsica demo),
// light and dark, at 1280×800, 375×667 and 320×568. Each banner and dialog has zero axe violations
// (contrast included), Accept and Reject look the same, × is a button with a name, the dialog has its
// header bar; at 1280 the bar puts its buttons beside the text. Screenshots are written to
// test-output/screenshots/looks-*.png for review (not compared).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serve } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { openPortal } from './lib/portal.mjs';
import { violations } from './lib/axe.mjs';

const SHOTS = resolve(import.meta.dirname, '../../test-output/screenshots');
const SIZES = [{ width: 1280, height: 800 }, { width: 375, height: 667 }, { width: 320, height: 568 }];
const THEMES = { default: { path: '/', close: 'Close and reject', dismiss: 'Close' },
  dsfr: { path: '/portals/data-corsica.html', close: 'Fermer et refuser', dismiss: 'Fermer' } };
const STYLES = ['background-color', 'color', 'font-weight', 'font-size', 'font-family', 'border-top-width', 'border-top-style',
  'border-top-color', 'border-radius', 'padding-top', 'padding-left'];

let server, browser;
before(async () => { server = await serve(); browser = await launch(); await mkdir(SHOTS, { recursive: true }); });
after(async () => { await browser?.close(); await server?.close(); });

async function look(locator) {
  const box = await locator.boundingBox();
  const style = await locator.evaluate((el, names) => Object.fromEntries(names.map((n) => [n, getComputedStyle(el).getPropertyValue(n)])), STYLES);
  return { width: box.width, height: box.height, style };
}

async function sameWeight(scope, what) {
  const accept = await look(scope.locator('[data-action=accept]'));
  assert.deepEqual(await look(scope.locator('.btn[data-action=reject]')), accept, `${what}: Accept and Reject look the same`);
  assert.ok(accept.width >= 44 && accept.height >= 44, `${what}: comfortable targets`);
}

for (const [theme, t] of Object.entries(THEMES)) {
  for (const colorScheme of ['light', 'dark']) {
    for (const viewport of SIZES) {
      const name = `${theme}-${colorScheme}-${viewport.width}x${viewport.height}`;
      test(`${name}: banner and dialog, axe 0, Accept = Reject, × named, dialog header`, async () => {
        const { context, page, portal, errors } = await openPortal(browser, server.url, { viewport, colorScheme });
        await portal.goto(t.path);
        const banner = portal.banner();
        await banner.waitFor();
        assert.equal(await page.locator('#biscotte').getAttribute('data-theme'), theme === 'dsfr' ? 'dsfr' : 'auto');
        await sameWeight(banner, `${name} banner`);
        assert.equal(await banner.getByRole('button', { name: t.close }).count(), 1, 'the banner × is a button named by its action');
        await page.screenshot({ path: `${SHOTS}/looks-${name}-banner.png` });
        assert.deepEqual(await violations(page), [], `${name} banner`);

        await portal.button('customise').click();
        const dialog = portal.dialog();
        await dialog.waitFor();
        const head = dialog.locator('.head');
        assert.equal(await head.locator('h2').count(), 1, 'the header bar holds the title');
        const close = head.getByRole('button', { name: t.dismiss, exact: true });
        assert.equal(await close.count(), 1, 'and a close button named by aria-label');
        assert.equal(await close.getAttribute('data-action'), 'dismiss', '× keeps the choices (ui and focus suites)');
        const headBg = await head.evaluate((h) => getComputedStyle(h).backgroundColor);
        assert.notEqual(headBg, 'rgba(0, 0, 0, 0)', 'the header is a bar of its own');
        await sameWeight(dialog, `${name} dialog`);
        await page.screenshot({ path: `${SHOTS}/looks-${name}-dialog.png` });
        await dialog.locator('details').evaluateAll((all) => all.forEach((d) => { d.open = true; }));
        await page.locator('#biscotte [role=switch][data-category=statistical]').first().click();
        assert.deepEqual(await violations(page), [], `${name} dialog`);
        assert.deepEqual(errors, []);
        await context.close();
      });
    }
  }
}

test('1280px, default look: the bar puts its buttons beside the text, in its right half', async () => {
  const { context, portal } = await openPortal(browser, server.url, { viewport: { width: 1280, height: 800 } });
  await portal.goto();
  const banner = await portal.banner().boundingBox();
  const text = await portal.page.locator('#biscotte .banner p').first().boundingBox();
  const reject = await portal.page.locator('#biscotte .banner .btn[data-action=reject]').boundingBox();
  const customise = await portal.button('customise').boundingBox();
  assert.ok(reject.x >= text.x + text.width, `buttons beside the text: ${JSON.stringify({ text, reject })}`);
  assert.ok(reject.x > banner.x + banner.width / 2, 'the buttons fill the right half');
  assert.ok(Math.abs(customise.y - reject.y) < 1, 'in one row');
  assert.ok(banner.height < 200, `a low bar (${banner.height}px)`);
  await context.close();
});

test('DSFR: Marianne first, bleu France, square buttons, the DSFR focus ring, a box at the bottom left', async () => {
  const { context, page, portal } = await openPortal(browser, server.url, { viewport: { width: 1280, height: 800 } });
  await portal.goto(THEMES.dsfr.path);
  const accept = portal.button('accept');
  await accept.waitFor();
  const s = await accept.evaluate((b) => {
    const c = getComputedStyle(b);
    return { font: c.fontFamily, bg: c.backgroundColor, radius: c.borderRadius };
  });
  assert.deepEqual(s, { font: 'Marianne, arial, sans-serif', bg: 'rgb(0, 0, 145)', radius: '0px' });
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.getElementById('biscotte').shadowRoot.activeElement;
    const c = getComputedStyle(el);
    return { action: el.dataset.action, outline: `${c.outlineWidth} ${c.outlineStyle} ${c.outlineColor}`, offset: c.outlineOffset };
  });
  assert.deepEqual(focused, { action: 'accept', outline: '2px solid rgb(10, 118, 246)', offset: '2px' });
  await accept.hover();
  assert.equal(await accept.evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(18, 18, 255)', 'hover: #1212ff');
  const box = await portal.banner().boundingBox();
  assert.ok(box.x <= 20 && box.width <= 640, `DSFR's banner: a box at the bottom left ${JSON.stringify(box)}`);
  await context.close();
});
