// Phones (issue 18): on a page wider than the screen (a wide data table, on purpose), at 375×667 and
// 320×568, as a phone lays it out (isMobile: the layout viewport grows to the page's width) and as a
// narrow desktop window does, Accept all, Reject all and × are fully on screen, the dialog is not
// clipped, its cookie table stacks with names whole and never scrolls sideways. The seed demos
// themselves no longer overflow. Screenshots go to test-output/screenshots/phone-*.png for review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serve } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { fixtureOpener } from './lib/fixture.mjs';
import { openPortal } from './lib/portal.mjs';
import { CONFIG, WIDE } from './lib/wide.mjs';

const SHOTS = resolve(import.meta.dirname, '../../test-output/screenshots');
const SIZES = [{ width: 375, height: 667 }, { width: 320, height: 568 }];
const SEEDS = ['codeforcary', 'data-corsica', 'datamidsouth', 'nterpolilli', 'pacificspatial'];

let server, browser, open;
before(async () => {
  server = await serve(); browser = await launch(); open = fixtureOpener(browser, server);
  await mkdir(SHOTS, { recursive: true });
});
after(async () => { await browser?.close(); await server?.close(); });

/** Fails unless the locator's box lies wholly inside the visual viewport. */
async function onScreen(locator, what) {
  const m = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { r: [r.left, r.top, r.right, r.bottom], vv: [visualViewport.width, visualViewport.height] };
  });
  const [l, t, r, b] = m.r;
  assert.ok(r > l && b > t, `${what}: has a box`);
  assert.ok(l >= 0 && t >= 0 && r <= m.vv[0] + 0.5 && b <= m.vv[1] + 0.5, `${what}: inside the visual viewport ${JSON.stringify(m)}`);
}

for (const size of SIZES) {
  for (const isMobile of [true, false]) {
    const name = `${size.width}x${size.height}${isMobile ? '-mobile' : ''}`;
    test(`overflowing page, ${name}: both buttons and × on screen, the dialog unclipped, its cookie table stacked`, async () => {
      const context = await browser.newContext({ viewport: size, isMobile, hasTouch: isMobile });
      const { page, errors } = await open(WIDE, { context, config: CONFIG,
        head: '<meta name="viewport" content="width=device-width, initial-scale=1">' });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width > size.width + 100, `the page overflows on purpose (${width}px)`);
      const banner = page.locator('#biscotte .banner');
      await banner.waitFor();
      for (const [sel, what] of [['[data-action=accept]', 'Accept all'], ['.btn[data-action=reject]', 'Reject all'], ['.close', '×']]) {
        await onScreen(banner.locator(sel), `${name} banner ${what}`);
      }
      await page.screenshot({ path: `${SHOTS}/phone-banner-${name}.png` });

      await banner.locator('[data-action=customise]').click();
      const dialog = page.locator('#biscotte dialog');
      await dialog.waitFor();
      await onScreen(dialog, `${name} dialog`);
      await onScreen(dialog.locator('.close'), `${name} dialog ×`);
      await dialog.locator('details').evaluateAll((all) => all.forEach((d) => { d.open = true; }));
      const table = dialog.locator('table').first();
      const m = await dialog.evaluate((d) => ({ sw: d.scrollWidth, cw: d.clientWidth }));
      assert.ok(m.sw <= m.cw, `${name}: the dialog never scrolls sideways (${m.sw} > ${m.cw})`);
      assert.equal(await table.evaluate((t) => getComputedStyle(t).display), 'block', 'below 40rem the table stacks');
      // django_language whole: its text is one line box, not broken mid-word.
      const lines = await table.locator('td', { hasText: 'django_language' }).evaluate((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return range.getClientRects().length;
      });
      assert.equal(lines, 1, `${name}: django_language on one line`);
      assert.match(await table.locator('td', { hasText: 'django_language' }).evaluate((td) => getComputedStyle(td, '::before').content), /Name/, 'each value says its column');
      await page.screenshot({ path: `${SHOTS}/phone-dialog-${name}.png` });
      await dialog.evaluate((d) => { d.scrollTop = d.scrollHeight; });
      await page.screenshot({ path: `${SHOTS}/phone-dialog-end-${name}.png` });
      await onScreen(dialog.locator('[data-action=save]'), `${name} dialog Save (scrolled to)`);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}

test('at 1280px the cookie table is a table again, names on one line', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page } = await open('', { context, config: CONFIG });
  await page.locator('#biscotte [data-action=customise]').click();
  await page.locator('#biscotte details').evaluateAll((all) => all.forEach((d) => { d.open = true; }));
  const table = page.locator('#biscotte dialog table').first();
  assert.equal(await table.evaluate((t) => getComputedStyle(t).display), 'table');
  assert.equal(await table.locator('th').count(), 4);
  const height = await table.locator('td', { hasText: 'cookies_preferences' }).evaluate((td) => {
    const range = document.createRange();
    range.selectNodeContents(td);
    return range.getClientRects().length;
  });
  assert.equal(height, 1);
  await context.close();
});

for (const slug of SEEDS) {
  test(`${slug}: the demo itself fits 320 and 375px (no sideways scroll), the banner on screen`, async () => {
    for (const size of SIZES) {
      const { context, page } = await openPortal(browser, server.url, { viewport: size, isMobile: true, hasTouch: true });
      await page.goto(`${server.url}/portals/${slug}.html`);
      await page.locator('#biscotte .banner').waitFor();
      const m = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: innerWidth }));
      assert.ok(m.sw <= size.width, `${slug} at ${size.width}: the page is ${m.sw}px wide`);
      await onScreen(page.locator('#biscotte .banner .btn[data-action=reject]'), `${slug} Reject all`);
      await context.close();
    }
  });
}
