// The distributed builds, end to end: the one-file classic script dist/biscotte.js (top of <head>
// before or after its config block, defer, async, data-* attributes, loaded twice, CSP with and
// without 'wasm-unsafe-eval', nonce-only CSP) and the two-file
// ES-module build dist/biscotte.mjs + dist/biscotte_bg.wasm. Fixture pages and dist/ are served
// through page.route; the gated stand-in scripts come from www/js/ on the test server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as esbuild from 'esbuild';
import { resolve } from 'node:path';
import { serve } from './lib/server.mjs';
import { launch, watchErrors } from './lib/browser.mjs';
import { Portal } from './lib/portal.mjs';

const DIST = resolve(import.meta.dirname, '../../dist');
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

const GATED = `
  <main><h1>Fixture</h1><span data-demo-status="statistical"></span></main>
  <script type="text/plain" data-category="statistical" src="/js/analytics.js"></script>
  <script type="text/plain" data-category="third_party" src="/js/embed.js"></script>`;

const page = (head, body = GATED, lang = 'en') =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Fixture</title>${head}</head><body>${body}</body></html>`;

// path → [body, csp, the page's charset (utf-8 when not given)]
const FIXTURES = {
  '/fixture/head.html': [page(`
    <script type="application/json" id="biscotte-config">{
      "texts": { "en": { "acceptAll": "Accept everything" } },
      "categories": [{ "id": "statistical", "services": [{ "id": "dyn", "urls": ["*/fixture/dynamic.js"] }] }, { "id": "third_party" }]
    }</script>
    <script src="/dist/biscotte.js"></script>
    <script src="/fixture/inject.js"></script>`), CSP],
  '/fixture/inject.js': [`const s = document.createElement('script'); s.src = '/fixture/dynamic.js'; document.head.append(s);`],
  '/fixture/dynamic.js': ['window.dynamicRuns = (window.dynamicRuns || 0) + 1;'],
  '/fixture/late.html': [page(`
    <script src="/dist/biscotte.js"></script>
    <script type="application/json" id="biscotte-config">{ "texts": { "en": { "acceptAll": "Accept everything" } } }</script>`), CSP],
  '/fixture/defer.html': [page(`
    <script defer src="/dist/biscotte.js" data-language="fr" data-cookie-name="consent_demo" data-revision="3"></script>
    <script type="application/json" id="biscotte-config">{ "revision": 2, "texts": { "fr": { "rejectAll": "Non merci" } } }</script>`), CSP],
  '/fixture/async.html': [page('<script async src="/dist/biscotte.js"></script>'), CSP],
  '/fixture/twice.html': [page('<script src="/dist/biscotte.js"></script><script src="/dist/biscotte.js" data-language="fr"></script>'), CSP],
  '/fixture/no-wasm-csp.html': [page('<script src="/dist/biscotte.js"></script>'), "script-src 'self'"],
  '/fixture/nonce.html': [page('<script nonce="r4nd0m" src="/static/consent.js"></script>', `${GATED}
  <script type="text/plain" data-category="statistical">window.inlineRan = (window.inlineRan || 0) + 1;</script>`),
  "script-src 'nonce-r4nd0m' 'wasm-unsafe-eval'"],
  '/fixture/esm.html': [page(`
    <script type="application/json" id="biscotte-config">{ "policyUrl": "/cookies.html" }</script>
    <script type="module" src="/fixture/start.mjs"></script>`), CSP],
  '/fixture/start.mjs': [`import init, { start, accepted } from '/dist/biscotte.mjs';
await init();
start(document.getElementById('biscotte-config').textContent);
window.esm = { accepted };
`],
};

// The deepest configuration the JSON reader takes (MAX_DEPTH 32: the object and 31 arrays), and
// one level deeper: the release wasm's stack (64 KiB, wasm-pack.toml) must hold the first.
const nested = (depth) => `{ "x": ${'['.repeat(depth - 1)}${']'.repeat(depth - 1)} }`;
// The browser's JSON.parse reads the configuration (src/web/json.rs): its own message for text
// that is not JSON, and a repeated key keeps its last value.
FIXTURES['/fixture/not-json.html'] = [page(`
    <script type="application/json" id="biscotte-config">{ "layout": "box", }</script>
    <script src="/dist/biscotte.js"></script>`)];
FIXTURES['/fixture/cut-short.html'] = [page(`
    <script type="application/json" id="biscotte-config">{ "texts": { "en": { "bannerText": "see </script> here" } } }</script>
    <script src="/dist/biscotte.js"></script>`), CSP];
FIXTURES['/fixture/repeated-key.html'] = [page(`
    <script type="application/json" id="biscotte-config">{ "layout": "bar", "theme": "dark", "layout": "box" }</script>
    <script src="/dist/biscotte.js"></script>`)];
for (const [name, depth] of [['deep', 32], ['too-deep', 33]]) {
  FIXTURES[`/fixture/${name}.html`] = [page(`
    <script type="application/json" id="biscotte-config">${nested(depth)}</script>
    <script src="/dist/biscotte.js"></script>`)];
}

// A page in Windows-1252 (a legacy portal), loading the one-file script by either URL above.
const legacyPage = (src) => page(`<script src="${src}"></script>`).replace('<meta charset="utf-8">', '<meta charset="windows-1252">');
FIXTURES['/fixture/cp1252.html'] = [legacyPage('/static/cp1252.js'), CSP, 'windows-1252'];
FIXTURES['/fixture/cp1252-no-bom.html'] = [legacyPage('/static/cp1252-no-bom.js'), CSP, 'windows-1252'];
const inlinePage = (script) => page(`<script>${script}</script>`);
FIXTURES['/fixture/reminified.html'] = [page('<script src="/static/reminified.js"></script>'), CSP];
FIXTURES['/fixture/bundled.html'] = [page('<script src="/static/bundled.js"></script>'), CSP];

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function fresh() {
  const context = await browser.newContext();
  await context.route((url) => /^\/(fixture|dist|static)\//.test(url.pathname), async (route) => {
    let path = new URL(route.request().url()).pathname;
    if (path === '/static/consent.js') path = '/dist/biscotte.js';
    // The one-file script served as Windows-1252, as a misconfigured server may: as built (its
    // byte-order mark decides), and without the mark.
    const legacy = { '/static/cp1252.js': 0, '/static/cp1252-no-bom.js': 3 }[path];
    if (legacy !== undefined) {
      const body = (await readFile(resolve(DIST, 'biscotte.js'))).subarray(legacy);
      return route.fulfill({ body, contentType: 'text/javascript; charset=windows-1252' });
    }
    // The one-file script pasted into a page, as someone may try (served, it is not changed).
    if (path === '/fixture/inline.html') {
      const script = (await readFile(resolve(DIST, 'biscotte.js'), 'utf8')).replace(/^\uFEFF/, '');
      return route.fulfill({ body: inlinePage(script), contentType: 'text/html; charset=utf-8' });
    }
    // The one-file script minified again, as a site's asset pipeline may (no byte-order mark
    // after it: the UTF-8 page's charset reads it), or bundled into an app's script.
    const rebuilt = { '/static/reminified.js': { minify: true }, '/static/bundled.js': { minify: true, bundle: true } }[path];
    if (rebuilt) {
      const built = await esbuild.build({ entryPoints: [resolve(DIST, 'biscotte.js')], write: false, logLevel: 'silent', ...rebuilt });
      return route.fulfill({ body: Buffer.from(built.outputFiles[0].contents), contentType: 'text/javascript' });
    }
    if (path.startsWith('/dist/')) {
      const type = path.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
      const body = await readFile(resolve(DIST, path.slice('/dist/'.length))).catch(() => null);
      return body ? route.fulfill({ body, contentType: type }) : route.fulfill({ status: 404, body: 'not found' });
    }
    const [body, csp, charset = 'utf-8'] = FIXTURES[path] ?? [];
    if (body === undefined) return route.fulfill({ status: 404, body: 'not found' });
    const headers = csp ? { 'content-security-policy': csp } : {};
    return route.fulfill({ body, headers, contentType: /\.m?js$/.test(path) ? 'text/javascript' : `text/html; charset=${charset}` });
  });
  const page = await context.newPage();
  return { context, page, portal: new Portal(page, server.url), errors: watchErrors(page) };
}

test('one-file script at the top of <head>, no defer: guards scripts added while parsing, gates, remembers', async () => {
  const { context, page, portal, errors } = await fresh();
  await portal.goto('/fixture/head.html');
  await portal.banner().waitFor();
  assert.equal(await portal.button('accept').textContent(), 'Accept everything', 'the config block before the script was read');
  assert.equal(portal.requested('/fixture/inject.js'), true);
  assert.equal(portal.requested('/fixture/dynamic.js'), false, 'a script created by a later <head> script is held');
  const api = await page.evaluate(() => Object.keys(window.Biscotte).filter((k) => typeof window.Biscotte[k] === 'function'));
  for (const name of ['start', 'show', 'showPreferences', 'acceptAll', 'rejectAll', 'accepted']) {
    assert.ok(api.includes(name), `Biscotte.${name}`);
  }
  assert.ok(!api.includes('initSync'), 'no wasm-bindgen internals');
  assert.equal(await page.evaluate(() => window.Biscotte.accepted('statistical')), false);
  assert.equal(portal.requested('/js/analytics.js'), false, 'nothing gated is fetched before the choice');
  await portal.button('accept').click();
  await page.waitForFunction(() => window.biscotteDemo?.analyticsRuns === 1 && window.biscotteDemo?.thirdPartyRuns === 1);
  assert.equal(await page.evaluate(() => window.Biscotte.accepted('statistical')), true);
  await page.waitForFunction(() => window.dynamicRuns === 1);
  await page.reload();
  await page.waitForFunction(() => window.biscotteDemo?.analyticsRuns === 1);
  assert.equal(await portal.banner().count(), 0, 'no banner with a stored choice');
  assert.deepEqual(errors, []);
  await context.close();
});

test('one-file script at the top of <head> with the config block after it: waits for the document, reads the block, says so', async () => {
  const { context, page, portal, errors } = await fresh();
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await portal.goto('/fixture/late.html');
  await portal.banner().waitFor();
  assert.equal(await portal.button('accept').textContent(), 'Accept everything');
  assert.ok(warnings.some((w) => w.startsWith('Biscotte: #biscotte-config comes after the Biscotte script')), warnings.join('\n'));
  await portal.button('accept').click();
  await page.waitForFunction(() => window.biscotteDemo?.analyticsRuns === 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('one-file script with defer: data-* attributes override and merge with the config block', async () => {
  const { context, portal, errors } = await fresh();
  await portal.goto('/fixture/defer.html');
  await portal.banner().waitFor();
  assert.equal(await portal.button('accept').textContent(), 'Tout accepter', 'data-language="fr" on an English page');
  assert.equal(await portal.button('reject').textContent(), 'Non merci', 'texts from the config block');
  await portal.button('reject').click();
  await portal.banner().waitFor({ state: 'detached' });
  const cookies = await context.cookies();
  assert.equal(cookies.find((c) => c.name === 'cookies_preferences'), undefined);
  const cookie = cookies.find((c) => c.name === 'consent_demo');
  assert.match(cookie?.value ?? '', /^v1\.3\..*statistical=0\|third_party=0$/, 'data-cookie-name and data-revision (3 beats the block\'s 2)');
  assert.equal(portal.requested('/js/analytics.js'), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('one-file script with async: banner, then the accepted scripts run once', async () => {
  const { context, page, portal, errors } = await fresh();
  await portal.goto('/fixture/async.html');
  await portal.banner().waitFor();
  assert.equal(await portal.runs('analyticsRuns'), 0);
  await portal.button('accept').click();
  await page.waitForFunction(() => window.biscotteDemo?.analyticsRuns === 1 && window.biscotteDemo?.thirdPartyRuns === 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('one-file script included twice: the second copy says so and does nothing, one banner', async () => {
  const { context, page, portal, errors } = await fresh();
  await portal.goto('/fixture/twice.html');
  await portal.banner().waitFor();
  assert.equal(await page.locator('#biscotte').count(), 1);
  assert.equal(await portal.button('accept').textContent(), 'Accept all', 'the first copy (no data-language) started');
  assert.deepEqual(errors, ['Biscotte: loaded twice; this copy does nothing']);
  await context.close();
});

test("one-file script under a CSP without 'wasm-unsafe-eval': one clear error, no banner, nothing gated runs", async () => {
  const { context, page, portal, errors } = await fresh();
  const logged = page.waitForEvent('console', { predicate: (m) => m.text().startsWith('Biscotte:') });
  await portal.goto('/fixture/no-wasm-csp.html');
  assert.match((await logged).text(), /^Biscotte: WebAssembly could not start .*'wasm-unsafe-eval'/);
  await page.waitForFunction(() => document.readyState === 'complete');
  assert.equal(await page.evaluate(() => typeof window.Biscotte), 'undefined');
  assert.equal(await page.locator('#biscotte').count(), 0);
  assert.equal(await portal.runs('analyticsRuns'), 0);
  assert.equal(portal.requested('/js/analytics.js'), false);
  assert.equal(await page.locator('script[type="text/plain"]').count(), 2, 'gated markup stays inert');
  assert.ok(errors.some((e) => e.startsWith('Biscotte: WebAssembly could not start')), errors.join('\n'));
  await context.close();
});

test('one-file script on a Windows-1252 page and server: its byte-order mark makes it UTF-8, with or without Uint8Array.fromBase64', async () => {
  for (const native of [true, false]) {
    const { context, page, portal, errors } = await fresh();
    if (!native) await page.addInitScript(() => { delete Uint8Array.fromBase64; });
    await portal.goto('/fixture/cp1252.html');
    await portal.banner().waitFor();
    assert.equal(await page.evaluate(() => typeof Uint8Array.fromBase64), native ? 'function' : 'undefined');
    assert.equal(await page.evaluate(() => document.characterSet), 'windows-1252');
    await portal.button('accept').click();
    await page.waitForFunction(() => window.biscotteDemo?.analyticsRuns === 1);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("V8's compile hint comes first in both builds, after the one-file script's byte-order mark (their functions compile while they stream in, not on first call)", async () => {
  const script = await readFile(resolve(DIST, 'biscotte.js'));
  assert.deepEqual([...script.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(script.subarray(3, 35).toString('latin1'), '//# allFunctionsCalledOnLoad\n/*!');
  const module = await readFile(resolve(DIST, 'biscotte.mjs'), 'utf8');
  assert.match(module, /^\/\/# allFunctionsCalledOnLoad\nexport /);
});

/** Loads a page whose one-file script was changed on its way: one console error matching `why`, no banner, no API, nothing gated fetched. */
async function failsClosed(fixture, why) {
  const { context, page, portal, errors } = await fresh();
  await portal.goto(fixture);
  await page.waitForFunction(() => document.readyState === 'complete');
  assert.equal(await page.locator('#biscotte').count(), 0);
  assert.equal(await page.evaluate(() => typeof window.Biscotte), 'undefined');
  assert.equal(portal.requested('/js/analytics.js'), false);
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0], why);
  return { context, page };
}

test('one-file script stripped of its byte-order mark and read as Windows-1252: one clear error, nothing gated runs', async () => {
  const { context } = await failsClosed('/fixture/cp1252-no-bom.html', /^Biscotte: WebAssembly could not start .*not decoded as UTF-8/s);
  await context.close();
});

test('one-file script minified again by a site (esbuild: legal comments stay where they are): it starts and gates', async () => {
  const { context, page, portal, errors } = await fresh();
  await portal.goto('/fixture/reminified.html');
  await portal.banner().waitFor();
  await portal.button('accept').click();
  await page.waitForFunction(() => window.biscotteDemo?.analyticsRuns === 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('one-file script bundled into another script (esbuild --bundle moves its comments to the end): one clear error, nothing gated runs', async () => {
  const { context } = await failsClosed('/fixture/bundled.html', /^Biscotte: WebAssembly could not start .*changed on its way.*bundled with its comments moved/s);
  await context.close();
});

test('one-file script pasted inline into a page: one clear error, none of it shows as text, nothing gated runs', async () => {
  const { context, page } = await failsClosed('/fixture/inline.html', /^Biscotte: WebAssembly could not start .*changed on its way.*pasted into the page/s);
  assert.equal(await page.evaluate(() => document.querySelectorAll('head > script, body > script:not([type])').length), 1, 'one script element: nothing in it ended it early');
  assert.equal(await page.evaluate(() => document.body.innerText.includes('function')), false, 'no code shows on the page');
  await context.close();
});

test('one-file script renamed, under a nonce-only CSP: activated scripts, inline and external, carry its nonce', async () => {
  const { context, page, portal, errors } = await fresh();
  await portal.goto('/fixture/nonce.html');
  await portal.banner().waitFor();
  await portal.button('accept').click();
  await page.waitForFunction(() => window.inlineRan === 1 && window.biscotteDemo?.analyticsRuns === 1);
  assert.deepEqual(errors, [], 'no CSP violation');
  await context.close();
});

test('ES-module build: dist/biscotte.mjs fetches dist/biscotte_bg.wasm beside it, shows the banner, gates', async () => {
  const { context, page, portal, errors } = await fresh();
  await portal.goto('/fixture/esm.html');
  await portal.banner().waitFor();
  assert.ok(portal.requested('/dist/biscotte_bg.wasm'), 'the .wasm next to the module');
  assert.equal(portal.requested('/js/analytics.js'), false);
  await portal.button('accept').click();
  await page.waitForFunction(() => window.biscotteDemo?.analyticsRuns === 1 && window.biscotteDemo?.thirdPartyRuns === 1);
  assert.equal(await page.evaluate(() => window.esm.accepted('third_party')), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a configuration nested as deep as the reader allows starts normally; one level deeper is refused, and the banner still shows', async () => {
  for (const [name, want] of [['deep', 'x: unknown key'], ['too-deep', 'nesting too deep']]) {
    const { context, page, portal, errors } = await fresh();
    const messages = [];
    page.on('console', (m) => messages.push(m.text()));
    await portal.goto(`/fixture/${name}.html`);
    await portal.banner().waitFor();
    assert.ok(messages.some((m) => m.includes(want)), `${name}: ${messages.join('\n')}`);
    assert.ok(!errors.some((e) => /could not start|unreachable|RuntimeError/.test(e)), `${name}: ${errors.join('\n')}`);
    await context.close();
  }
});

test('configuration text that is not JSON: the browser\'s message, the default banner, nothing optional runs', async () => {
  const { context, page, portal, errors } = await fresh();
  const messages = [];
  page.on('console', (m) => messages.push(m.text()));
  await portal.goto('/fixture/not-json.html');
  await portal.banner().waitFor();
  assert.ok(messages.some((m) => /config: invalid JSON: SyntaxError/.test(m)), messages.join('\n'));
  assert.equal(await page.evaluate(() => document.getElementById('biscotte').getAttribute('data-layout')), 'bar', 'the default layout');
  assert.equal(portal.requested('/js/analytics.js'), false);
  assert.ok(!errors.some((e) => /could not start|unreachable|RuntimeError/.test(e)), errors.join('\n'));
  await context.close();
});

test('a </script> inside the configuration block: the console says the block ended early and how to write it', async () => {
  const { context, page, portal } = await fresh();
  const messages = [];
  page.on('console', (m) => messages.push(m.text()));
  await portal.goto('/fixture/cut-short.html');
  await portal.banner().waitFor();
  assert.ok(messages.some((m) => /config: invalid JSON: SyntaxError.*ends early.*<\\\/script>/.test(m)), messages.join('\n'));
  assert.equal(portal.requested('/js/analytics.js'), false);
  await context.close();
});

test('a repeated configuration key keeps its last value, as JSON.parse reads it', async () => {
  const { context, page, portal } = await fresh();
  const messages = [];
  page.on('console', (m) => messages.push(m.text()));
  await portal.goto('/fixture/repeated-key.html');
  await portal.banner().waitFor();
  assert.equal(await page.evaluate(() => document.getElementById('biscotte').getAttribute('data-layout')), 'box');
  assert.equal(await page.evaluate(() => document.getElementById('biscotte').getAttribute('data-theme')), 'dark');
  assert.deepEqual(messages.filter((m) => m.includes('Biscotte')), []);
  await context.close();
});

test('start() with an object JSON.stringify refuses (a cycle, a function): a console error and the default banner, not silence', async () => {
  for (const make of ['(() => { const o = { layout: "box" }; o.self = o; return o; })()', '(() => () => 1)()']) {
    const { context, page, portal, errors } = await fresh();
    const messages = [];
    page.on('console', (m) => messages.push(m.text()));
    await portal.goto('/fixture/repeated-key.html');
    await portal.banner().waitFor();
    await page.evaluate(`window.Biscotte.start(${make})`);
    await page.waitForFunction(() => document.getElementById('biscotte')?.getAttribute('data-layout') === 'bar');
    assert.ok(messages.some((m) => /config: invalid JSON: (TypeError|JSON\.stringify gave nothing)/.test(m)), messages.join('\n'));
    assert.equal(portal.requested('/js/analytics.js'), false);
    assert.ok(!errors.some((e) => /unreachable|RuntimeError/.test(e)), errors.join('\n'));
    await context.close();
  }
});
