// Start-up and interaction order (issue 17, docs/adr/018-start-up-and-interaction.md), with the
// one-file script first in <head> as the README recommends: on a return visit, accepted gated
// scripts run as the parser reaches them (before the page's next script, before DOMContentLoaded),
// in document order; the Accept click closes the banner and lets the page's own listeners and the
// next frame come first, then runs the released tags in order. Observed through the order of
// events, never through timings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serve } from './lib/server.mjs';
import { launch, watchErrors } from './lib/browser.mjs';

const DIST = resolve(import.meta.dirname, '../../dist');
const HEAD = `<script>window.order = []; document.addEventListener('DOMContentLoaded', () => order.push('DOMContentLoaded'));</script>
<script type="application/json" id="biscotte-config">{ "categories": [{ "id": "statistical" }, { "id": "third_party" }] }</script>
<script src="/dist/biscotte.js"></script>`;
const gated = (category, code) => `<script type="text/plain" data-category="${category}">${code}</script>`;
const TAGS = 20;

const FIXTURES = {
  // Gated scripts between the page's own, an external one among them.
  '/fixture/return.html': `<h1>Return</h1>
${gated('statistical', "order.push('g1:' + document.readyState)")}
<script>order.push('p1')</script>
${gated('third_party', "order.push('refused')")}
<script type="text/plain" data-category="statistical" src="/fixture/ext.js"></script>
${gated('statistical', "order.push('g2:' + !!window.extRan)")}
<p>${'Text of the page. '.repeat(200)}</p>
<script>order.push('p2')</script>
${gated('statistical', "order.push('g3')")}`,
  '/fixture/ext.js': "window.extRan = true; order.push('ext');",
  // The page opens the preferences while it parses, before start's document half.
  '/fixture/open-early.html': '<h1>Early</h1><script>Biscotte.showPreferences()</script><p>After.</p>',
  // A phone's page whose own content is one short heading: the banner's text is larger.
  '/fixture/phone.html': '<h1>Dataset</h1><p>Counts.</p>',
  // Twenty tags, each noting whether the banner was still there when it ran.
  '/fixture/tags.html': `<h1>Tags</h1>${Array.from({ length: TAGS }, (_, i) => gated('statistical',
    `order.push('tag${i}:' + !document.getElementById('biscotte').shadowRoot.querySelector('.banner'))`)).join('\n')}`,
};

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function fresh(options = {}) {
  const context = await browser.newContext(options);
  await context.route((url) => /^\/(fixture|dist)\//.test(url.pathname), async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path.startsWith('/dist/')) return route.fulfill({ body: await readFile(resolve(DIST, path.slice(6))), contentType: 'text/javascript' });
    const body = FIXTURES[path];
    if (body === undefined) return route.fulfill({ status: 404, body: 'not found' });
    if (path.endsWith('.js')) return route.fulfill({ body, contentType: 'text/javascript' });
    return route.fulfill({ body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>f</title>${HEAD}</head><body>${body}</body></html>`, contentType: 'text/html' });
  });
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

/** A stored choice, as a return visit has it: statistics accepted, third-party refused (README, the cookies_preferences value). */
function storeChoice(context, url) {
  const now = Math.floor(Date.now() / 1000);
  return context.addCookies([{ name: 'cookies_preferences', value: `v1.1.q2Xo3mZb8kT1vLwA.${now}.${now}.necessary=1|statistical=1|third_party=0`, url }]);
}

test('return visit: an accepted gated script runs where the parser reaches it, before the next script and DOMContentLoaded; order kept; refused stays inert', async () => {
  const { context, page, errors } = await fresh();
  await storeChoice(context, server.url);
  await page.goto(server.url + '/fixture/return.html');
  assert.equal(await page.evaluate(() => window.Biscotte.accepted('statistical') && !window.Biscotte.accepted('third_party')), true);
  await page.waitForFunction(() => window.order.includes('g3') && window.order.includes('DOMContentLoaded'));
  await page.waitForTimeout(200);
  const order = await page.evaluate(() => window.order);
  assert.deepEqual(order.slice(0, 2), ['g1:loading', 'p1'], 'the first gated script ran while parsing, before the next script');
  assert.ok(order.indexOf('g1:loading') < order.indexOf('DOMContentLoaded'));
  assert.deepEqual(order.filter((o) => /^(g|ext)/.test(o)), ['g1:loading', 'ext', 'g2:true', 'g3'], 'gated scripts in document order, the inline one after the external one it follows');
  assert.ok(!order.includes('refused'), 'a refused category stays inert');
  assert.equal(await page.locator('#biscotte .banner').count(), 0, 'no banner on a return visit');
  assert.deepEqual(errors, []);
  await context.close();
});

test('return visit: preferences opened while the page parses stay open when start\'s document half comes', async () => {
  const { context, page, errors } = await fresh();
  await storeChoice(context, server.url);
  await page.goto(server.url + '/fixture/open-early.html');
  await page.waitForFunction(() => window.order.includes('DOMContentLoaded'));
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 100)))));
  assert.equal(await page.locator('#biscotte dialog[open]').count(), 1, 'the dialog is still open');
  assert.equal(await page.locator('#biscotte .banner').count(), 0, 'no banner on a return visit');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Accept: the click\'s own listeners and the next frame come first, then the released tags run in order, each after the banner closed', async () => {
  const { context, page, errors } = await fresh();
  await page.goto(server.url + '/fixture/tags.html');
  await page.locator('#biscotte [data-action=accept]').waitFor();
  await page.evaluate(() => window.addEventListener('click', () => {
    order.push('click');
    requestAnimationFrame(() => order.push('frame'));
  }));
  await page.locator('#biscotte [data-action=accept]').click();
  await page.waitForFunction((n) => window.order.filter((o) => o.startsWith('tag')).length === n, TAGS);
  await page.waitForTimeout(200);
  const order = (await page.evaluate(() => window.order)).filter((o) => o !== 'DOMContentLoaded');
  const tags = Array.from({ length: TAGS }, (_, i) => `tag${i}:true`);
  assert.deepEqual(order, ['click', 'frame', ...tags], 'listeners, then a frame, then every tag in order with the banner gone');
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a 375x667 phone the banner never becomes the largest contentful paint: the page\'s own heading stays it', async () => {
  const { context, page, errors } = await fresh({ viewport: { width: 375, height: 667 } });
  await page.goto(server.url + '/fixture/phone.html');
  await page.locator('#biscotte .banner').waitFor();
  const entries = await page.evaluate(() => new Promise((done) => {
    // Two frames after the banner is laid out, every entry so far (buffered).
    requestAnimationFrame(() => requestAnimationFrame(() => {
      new PerformanceObserver((list) => done(list.getEntries().map((e) => e.element?.tagName ?? null)))
        .observe({ type: 'largest-contentful-paint', buffered: true });
    }));
  }));
  // An element inside the banner's shadow root is reported as null.
  assert.equal(entries.at(-1), 'H1', `largest contentful paints: ${JSON.stringify(entries)}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('return visit: a gated inline script the parser is still filling waits for its whole text, also when activation yields in between', async () => {
  // The page arrives in two pieces, the second 400 ms later, cut inside a gated inline script.
  // Before it, an external gated script, then a gated one that keeps the main thread 12 ms (past
  // activation's slice, so the queue yields and is read again) and a short one.
  const first = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>f</title>${HEAD}</head><body><h1>Streamed</h1>
<script type="text/plain" data-category="statistical" src="/dist-fixture/ext.js"></script>
${gated('statistical', "order.push('busy'); for (const t = performance.now(); performance.now() - t < 12;);")}
${gated('statistical', "order.push('short')")}
<p>${'Text of the page. '.repeat(50)}</p>
<script type="text/plain" data-category="statistical">order.push('cut-`;
  const rest = `whole')</script><p>End.</p></body></html>`;
  const streamed = await serve(undefined, {
    handle: async (req, res, url) => {
      if (url.pathname === '/dist/biscotte.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile(resolve(DIST, 'biscotte.js')));
      } else if (url.pathname === '/dist-fixture/ext.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end("order.push('ext')");
      } else if (url.pathname === '/streamed.html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.write(first);
        setTimeout(() => res.end(rest), 400);
      } else {
        res.writeHead(204).end();
      }
      return true;
    },
  });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await storeChoice(context, streamed.url);
    await page.goto(streamed.url + '/streamed.html');
    await page.waitForFunction(() => window.order.includes('DOMContentLoaded'));
    await page.waitForTimeout(200);
    const order = (await page.evaluate(() => window.order)).filter((o) => o !== 'DOMContentLoaded');
    assert.deepEqual(order, ['ext', 'busy', 'short', 'cut-whole'], 'the cut script ran once, whole, after the others');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await streamed.close();
  }
});
