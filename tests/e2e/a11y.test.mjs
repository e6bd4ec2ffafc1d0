// WCAG 2.0/2.1/2.2 A and AA checks by axe-core (npm) on the release build: the banner and the open
// preferences dialog, in the light and the dark theme. axe scans open shadow roots by default.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './lib/server.mjs';
import { launch, watchErrors } from './lib/browser.mjs';
import { Portal } from './lib/portal.mjs';
import { violations } from './lib/axe.mjs';


let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });


for (const colorScheme of ['light', 'dark']) {
  test(`banner: zero axe violations (${colorScheme})`, async () => {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const portal = new Portal(page, server.url);
    await portal.goto();
    await portal.banner().waitFor();
    const bg = await portal.banner().evaluate((b) => getComputedStyle(b).backgroundColor);
    assert.equal(bg, colorScheme === 'dark' ? 'rgb(31, 35, 41)' : 'rgb(255, 255, 255)', 'the theme follows prefers-color-scheme');
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`preferences dialog: zero axe violations (${colorScheme})`, async () => {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const portal = new Portal(page, server.url);
    await portal.goto();
    await portal.button('customise').click();
    await portal.dialog().waitFor();
    // Open every disclosure (services, cookie tables) and switch one on, so axe sees every state.
    await page.locator('#biscotte details').evaluateAll((all) => all.forEach((d) => { d.open = true; }));
    await page.locator('#biscotte [role=switch][data-category=statistical]').click();
    assert.equal(await page.locator('#biscotte dialog table').count() > 0, true, 'a cookie table is shown');
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('floating "Cookie settings" button: zero axe violations (light and dark)', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    const portal = new Portal(page, server.url);
    await portal.goto();
    await portal.banner().waitFor();
    await page.evaluate(async () => (await import('/pkg/biscotte.js')).start({ floatingButton: true }));
    await portal.button('reject').click();
    await page.locator('#biscotte .floating').waitFor();
    assert.deepEqual(await violations(page), [], colorScheme);
    await context.close();
  }
});

test('reduced motion: the switch has no transition', async () => {
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await context.newPage();
  const portal = new Portal(page, server.url);
  await portal.goto();
  await portal.button('customise').click();
  const duration = await page.locator('#biscotte [role=switch][data-category=statistical]')
    .evaluate((s) => getComputedStyle(s, '::after').transitionDuration);
  assert.equal(duration, '0s');
  await context.close();
  const normal = await browser.newContext();
  const page2 = await normal.newPage();
  const portal2 = new Portal(page2, server.url);
  await portal2.goto();
  await portal2.button('customise').click();
  const moving = await page2.locator('#biscotte [role=switch][data-category=statistical]')
    .evaluate((s) => getComputedStyle(s, '::after').transitionDuration);
  assert.notEqual(moving, '0s', 'without the preference the knob slides');
  await normal.close();
});
