// The flows that matter, in Firefox and WebKit (Chromium has the full playwright-core suite in
// tests/e2e/), on the release build scripts/build.py makes, both the one-file script and the ES
// module + wasm: first visit, reject, accept, reload, the dialog's partial choice, the guard on a
// script the page creates, and the strict-CSP page. Each test is named "<engine>: <build>: …".
// The server's request log is the proof of what was fetched; each test's stand-ins live under a
// path of its own, so nothing one test loaded counts in another.
import { describe, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { selectedEngines, startSession } from './lib/drivers.mjs';
import { DIST, STRICT_CSP, gated, page, site } from './lib/site.mjs';

const BUILDS = { js: 'one-file script', esm: 'ES module' };
const WAIT_MS = 30_000; // an upper bound for the loaded machine, never a measure of speed

/** Gives requests a page would wrongly make the time to reach the server before an absence is asserted. */
const settle = () => sleep(400);

let server;
before(async () => {
  for (const f of ['biscotte.js', 'biscotte.mjs', 'biscotte_bg.wasm']) {
    assert.ok(existsSync(`${DIST}/${f}`), `dist/${f} is missing: run python3 scripts/build.py first`);
  }
  server = await site();
});
after(() => server?.close());

for (const engine of selectedEngines()) {
  describe(engine, () => {
    let session, d;
    before(async () => { session = await startSession(engine); d = session.driver; });
    after(() => session?.quit());
    // A fresh visitor: no cookie, no stored proof, nothing of the last test's page.
    beforeEach(async () => {
      await d.get(server.url + '/engines/blank.html');
      await d.manage().deleteAllCookies();
      await d.executeScript('localStorage.clear(); sessionStorage.clear();');
    });

    const run = (script, ...args) => d.executeScript(script, ...args);
    const until = (what, script, ...args) => d.wait(async () => Boolean(await run(script, ...args)), WAIT_MS, `${engine}: waiting for ${what}`);
    const untilServer = (what, check) => d.wait(async () => check(), WAIT_MS, `${engine}: waiting for ${what}`);
    const banner = () => run("return !!document.getElementById('biscotte')?.shadowRoot?.querySelector('.banner')");
    const runs = () => run('return window.runs || {}');
    const problems = () => run('return window.problems || ["watch.js did not run"]');
    const api = (call, ...args) => run(`const a = window.Biscotte || window.esmApi; return a.${call}(...arguments)`, ...args);
    const cookie = () => d.manage().getCookie('cookies_preferences').then((c) => c.value, (e) => {
      if (e.name === 'NoSuchCookieError') return undefined;
      throw e;
    });

    /** Loads `path` and waits until Biscotte has started and the document is complete. */
    async function visit(path) {
      await d.get(server.url + path);
      await until('Biscotte to start', "return document.readyState === 'complete' && !!(window.Biscotte || window.esmApi)");
    }

    /** Clicks, as the visitor does (a WebDriver click), the element in Biscotte's shadow root matching `selector`. */
    async function click(selector) {
      await until(`${selector} in Biscotte's shadow root`, "return !!document.getElementById('biscotte')?.shadowRoot?.querySelector(arguments[0])", selector);
      const el = await run("return document.getElementById('biscotte').shadowRoot.querySelector(arguments[0])", selector);
      await el.click();
    }

    let n = 0;
    /** A page of `build` with gated markup under a fresh token: { path, tok, t(name) }. */
    function fixture(build, { strict = false, head = '' } = {}) {
      const tok = `${engine}-${build}-${++n}`;
      const path = `/engines/${tok}/${build}.html`;
      server.pages.set(path, [page(build, { body: gated(tok, { strict }), head: head.replaceAll('$T', `/t/${tok}`) }), strict ? STRICT_CSP : null]);
      return { path, tok, requested: (name = '') => server.requested(`/t/${tok}/${name}`) };
    }

    for (const [build, what] of Object.entries(BUILDS)) {
      test(`${engine}: ${what}: first visit shows the banner and requests nothing gated`, async () => {
        const f = fixture(build);
        await visit(f.path);
        await until('the banner', "return !!document.getElementById('biscotte')?.shadowRoot?.querySelector('.banner [data-action=accept]')");
        assert.equal(await api('accepted', 'statistical'), false);
        await settle();
        assert.deepEqual(f.requested(), [], 'no gated request before a choice');
        assert.deepEqual(await runs(), {});
        assert.equal(await cookie(), undefined, 'no decision stored');
        assert.deepEqual(await problems(), []);
      });

      test(`${engine}: ${what}: reject keeps every gated script, frame and image unrequested, after a reload too`, async () => {
        const f = fixture(build);
        await visit(f.path);
        await click('.banner [data-action=reject]');
        await until('the banner to close', "return !document.getElementById('biscotte')?.shadowRoot?.querySelector('.banner')");
        assert.match(await cookie() ?? '', /\.necessary=1\|statistical=0\|third_party=0$/);
        await settle();
        assert.deepEqual(f.requested(), [], 'nothing gated requested after Reject all');
        await visit(f.path);
        await settle();
        assert.equal(await banner(), false, 'the choice is kept: no banner');
        assert.deepEqual(f.requested(), [], 'nothing gated requested on the next page view');
        assert.deepEqual(await runs(), {});
        assert.equal(await run("return document.querySelectorAll('script[type=\"text/plain\"]').length"), 3, 'gated scripts stay inert');
        assert.deepEqual(await problems(), []);
      });

      test(`${engine}: ${what}: accept runs each gated script exactly once and loads the frame and image; reload keeps the choice`, async () => {
        const f = fixture(build);
        await visit(f.path);
        await click('.banner [data-action=accept]');
        await until('each gated script to run', "const r = window.runs || {}; return r['stat.js'] && r['third.js'] && r.inline");
        await until('the gated image', "const i = document.querySelector('img[alt=pixel]'); return i.complete && i.naturalWidth === 1");
        await untilServer('the gated frame', () => f.requested('frame.html').length > 0);
        await settle();
        assert.deepEqual(await runs(), { 'stat.js': 1, 'third.js': 1, inline: 1 }, 'each gated script ran once');
        for (const name of ['stat.js', 'third.js', 'pixel.gif', 'frame.html']) assert.equal(f.requested(name).length, 1, `${name} requested once`);
        assert.match(await cookie() ?? '', /\.necessary=1\|statistical=1\|third_party=1$/);
        await api('acceptAll');
        await settle();
        assert.deepEqual(await runs(), { 'stat.js': 1, 'third.js': 1, inline: 1 }, 'a second decision runs nothing twice');

        await visit(f.path);
        await until('each gated script to run after the reload', "const r = window.runs || {}; return r['stat.js'] && r['third.js'] && r.inline");
        await untilServer('the gated frame after the reload', () => f.requested('frame.html').length > 1);
        await settle();
        assert.equal(await banner(), false, 'no banner with a stored choice');
        assert.deepEqual(await runs(), { 'stat.js': 1, 'third.js': 1, inline: 1 }, 'once on this page view too');
        for (const name of ['stat.js', 'third.js', 'pixel.gif', 'frame.html']) assert.equal(f.requested(name).length, 2, `${name}: once per page view`);
        assert.deepEqual(await problems(), []);
      });

      test(`${engine}: ${what}: the dialog saves a partial choice: statistics run, third-party stays unrequested`, async () => {
        const f = fixture(build);
        await visit(f.path);
        await click('.banner [data-action=customise]');
        await until('the dialog', "return !!document.getElementById('biscotte').shadowRoot.querySelector('dialog[open]')");
        const statistical = "dialog [role=switch][data-category=statistical]:not([data-service])";
        assert.equal(await run(`return document.getElementById('biscotte').shadowRoot.querySelector('${statistical}').getAttribute('aria-checked')`), 'false', 'optional categories start off');
        await click(statistical);
        await until('the switch to turn on', `return document.getElementById('biscotte').shadowRoot.querySelector('${statistical}').getAttribute('aria-checked') === 'true'`);
        await click('dialog [data-action=save]');
        await until('the dialog and banner to close', "const r = document.getElementById('biscotte')?.shadowRoot; return !r?.querySelector('dialog') && !r?.querySelector('.banner')");
        await until('the statistics script', "const r = window.runs || {}; return r['stat.js'] === 1 && r.inline === 1");
        await untilServer('the statistics image', () => f.requested('pixel.gif').length > 0);
        await settle();
        assert.match(await cookie() ?? '', /\|statistical=1\|third_party=0$/);
        assert.deepEqual(await runs(), { 'stat.js': 1, inline: 1 });
        assert.deepEqual(f.requested('third.js'), [], 'the refused category\'s script is not requested');
        assert.deepEqual(f.requested('frame.html'), [], 'nor its frame');
        assert.equal(await api('accepted', 'third_party'), false);
        assert.equal(await api('accepted', 'statistical'), true);
        assert.deepEqual(await problems(), []);
      });

      test(`${engine}: ${what}: a script the page creates with a refused URL is not requested before consent, then runs once`, async () => {
        // The one-file script guards from the top of <head>: a page script right after it
        // injects while the page parses. The ES module guards from its start: inject then.
        const f = fixture(build, { head: build === 'js' ? '<script src="/engines/inject.js?src=$T/injected.js"></script>' : '' });
        await visit(f.path);
        if (build === 'esm') {
          await run("const s = document.createElement('script'); s.src = arguments[0]; document.head.appendChild(s);", `/t/${f.tok}/injected.js`);
        } else {
          assert.equal(server.requested(`/engines/inject.js?src=/t/${f.tok}/injected.js`).length, 1, 'the injecting page script ran');
        }
        await until('the banner', "return !!document.getElementById('biscotte')?.shadowRoot?.querySelector('.banner')");
        await settle();
        assert.deepEqual(f.requested('injected.js'), [], 'held before any request');
        assert.equal((await runs())['injected.js'], undefined);
        await click('.banner [data-action=accept]');
        await until('the injected script to run', "return (window.runs || {})['injected.js'] === 1");
        await settle();
        assert.equal((await runs())['injected.js'], 1, 'exactly once');
        assert.equal(f.requested('injected.js').length, 1);
        assert.deepEqual(await problems(), []);
      });

      test(`${engine}: ${what}: the strict-CSP page (script-src 'self' 'wasm-unsafe-eval') starts, gates and violates nothing`, async () => {
        const f = fixture(build, { strict: true });
        await visit(f.path);
        await until('the banner', "return !!document.getElementById('biscotte')?.shadowRoot?.querySelector('.banner')");
        await settle();
        assert.deepEqual(f.requested(), [], 'nothing gated before a choice');
        await click('.banner [data-action=accept]');
        await until('the gated scripts', "const r = window.runs || {}; return r['stat.js'] === 1 && r['third.js'] === 1");
        await untilServer('the gated frame', () => f.requested('frame.html').length > 0);
        await settle();
        assert.deepEqual(await runs(), { 'stat.js': 1, 'third.js': 1 });
        assert.deepEqual(await problems(), [], 'no CSP violation, no error');
      });
    }
  });
}
