// A policy that tells the truth (issue 14), with the one-file script first in <head>: the audit of
// undeclared cookies in the console, the visitor's own proof copy (listed, and off when asked),
// and what a withdrawal stops (embeds unloaded, placeholders back; a reload only when configured
// and a stopped service's script ran). Pages and "trackers" are answered by page.route.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './lib/server.mjs';
import { launch, watchErrors } from './lib/browser.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const CATEGORIES = [
  { id: 'statistical', services: [{ id: 'stats', cookies: ['_stats'] }] },
  { id: 'third_party', services: [{ preset: 'youtube' }] },
];

const page = (config, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>truth</title><link rel="icon" href="data:,">
<script type="application/json" id="biscotte-config">${JSON.stringify({ categories: CATEGORIES, ...config })}</script>
<script src="/biscotte.js"></script>
</head><body><main><h1>Truth</h1>${body}</main></body></html>`;

/** Opens /truth.html; `loads` counts the page's own requests (navigations). */
async function open(config, body = '') {
  const context = await browser.newContext();
  const console = [];
  const loads = { count: 0 };
  await context.route(`${server.url}/truth.html`, (r) => { loads.count += 1; r.fulfill({ contentType: 'text/html', body: page(config, body) }); });
  await context.route(`${server.url}/frame.html`, (r) => r.fulfill({ contentType: 'text/html', body: '<p>video</p>' }));
  await context.route(`${server.url}/t/**`, (r) => {
    const name = new URL(r.request().url()).pathname.split('/').pop();
    r.fulfill({ contentType: 'text/javascript', body: `(window.runs ??= []).push(${JSON.stringify(name)});` });
  });
  const tab = await context.newPage();
  tab.on('console', (m) => console.push([m.type(), m.text()]));
  const errors = watchErrors(tab);
  await tab.goto(server.url + '/truth.html');
  await tab.locator('#biscotte [data-action=accept]').waitFor();
  return { context, tab, console, errors, loads };
}

const audited = (console, name) => console.filter(([type, text]) => type === 'warning' && text.startsWith(`Biscotte: audit: cookie "${name}" is not declared`));

test('the audit lists each undeclared cookie after load and after each decision, and nothing declared', async () => {
  // A demo tracker nobody declared, a declared service cookie, and the portal's necessary session.
  const body = '<script>document.cookie = "_pk_id.1.demo=x; path=/"; document.cookie = "_stats=y; path=/"; document.cookie = "sessionid=s; path=/";</script>';
  const { context, tab, console, errors } = await open({ audit: true }, body);
  await tab.waitForFunction(() => document.readyState === 'complete');
  await tab.evaluate(() => new Promise((done) => setTimeout(done)));
  assert.equal(audited(console, '_pk_id.1.demo').length, 1, console.join('\n'));
  const [line] = audited(console, '_pk_id.1.demo');
  assert.match(line[1], /"cookies" of the service that sets it/);
  for (const declared of ['_stats', 'sessionid']) assert.equal(audited(console, declared).length, 0, declared);
  // "Reject all" deletes the declared _stats; the undeclared one survives, and the audit says so again.
  await tab.locator('#biscotte .btn[data-action=reject]').click();
  await tab.waitForFunction(() => !document.cookie.includes('_stats='));
  assert.equal(audited(console, '_pk_id.1.demo').length, 2, console.join('\n'));
  assert.ok(await tab.evaluate(() => document.cookie.includes('_pk_id.1.demo=x')), 'undeclared, so not deleted');
  assert.equal(audited(console, 'cookies_preferences').length, 0, 'the consent cookie is a declared necessary row');
  assert.deepEqual(errors, []);
  await context.close();
});

test('without audit, no cookie line', async () => {
  const { context, tab, console } = await open({}, '<script>document.cookie = "_pk_id.1.demo=x; path=/";</script>');
  await tab.waitForFunction(() => document.readyState === 'complete');
  await tab.locator('#biscotte .btn[data-action=reject]').click();
  assert.deepEqual(console.filter(([, text]) => text.includes('audit:')), []);
  await context.close();
});

test('the proof copy is listed among the necessary rows and kept; proofStorage: false keeps nothing and lists nothing', async () => {
  for (const [config, kept] of [[{}, true], [{ proofStorage: false }, false]]) {
    const { context, tab, errors } = await open(config);
    await tab.evaluate(() => window.Biscotte.showPreferences());
    const rows = await tab.evaluate(() => [...document.querySelector('#biscotte').shadowRoot.querySelectorAll('tr')]
      .map((tr) => [...tr.cells].map((td) => td.textContent)));
    const proofRow = rows.find((cells) => cells[0] === 'biscotte:proof');
    if (kept) {
      assert.deepEqual(proofRow, ['biscotte:proof', 'Biscotte', 'Keeps your own record of your latest cookie choices, in this browser’s storage', 'Until you clear it (your last 10 choices)']);
    } else {
      assert.equal(proofRow, undefined, JSON.stringify(rows));
    }
    await tab.evaluate(() => window.Biscotte.acceptAll());
    // The local copy is written after the next frame (docs/adr/018-start-up-and-interaction.md).
    await tab.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50))));
    const stored = await tab.evaluate(() => localStorage.getItem('biscotte:proof'));
    if (kept) assert.match(stored, /"choices":\{"necessary":true,"statistical":true/);
    else assert.equal(stored, null);
    if (!kept) assert.equal(await tab.evaluate(() => localStorage.length), 0, 'nothing at all in localStorage');
    assert.deepEqual(errors, []);
    await context.close();
  }
});

const EMBED = '<iframe title="video" data-category="third_party" data-service="youtube" data-src="/frame.html" width="320" height="180"></iframe>';
const SCRIPT = '<script type="text/plain" data-category="statistical" data-service="stats" src="/t/stats.js"></script>';

/** Accepts all, waits for the embed (and the script when present), then withdraws with "Reject all". */
async function acceptThenWithdraw(tab, withScript) {
  await tab.locator('#biscotte [data-action=accept]').click();
  await tab.waitForFunction(() => [...document.querySelectorAll('iframe[title=video]')].some((f) => f.getAttribute('src') === '/frame.html'));
  await tab.waitForFunction(() => window.frames.length === 1 && window.frames[0].document.body?.textContent === 'video');
  if (withScript) await tab.waitForFunction(() => window.runs?.includes('stats.js'));
  await tab.evaluate(() => { window.before = true; });
  await tab.evaluate(() => window.Biscotte.rejectAll());
}

test('a withdrawal unloads the embed at once and puts its placeholder back; no reload unless configured', async () => {
  const { context, tab, loads, errors } = await open({}, EMBED + SCRIPT);
  await acceptThenWithdraw(tab, true);
  const state = await tab.evaluate(() => {
    const frame = document.querySelector('iframe[title=video]');
    return {
      src: frame.getAttribute('src'),
      parked: frame.getAttribute('data-src'),
      hidden: frame.hidden,
      placeholder: frame.previousElementSibling?.hasAttribute('data-biscotte-embed') ?? false,
      inside: frame.contentWindow?.location.href ?? null,
    };
  });
  assert.deepEqual(state, { src: null, parked: '/frame.html', hidden: true, placeholder: true, inside: 'about:blank' });
  assert.ok(!tab.frames().some((f) => f.url().endsWith('/frame.html')), 'the frame\'s document is gone');
  await tab.waitForTimeout(300);
  assert.equal(await tab.evaluate(() => window.before), true, 'same page');
  assert.equal(loads.count, 1, 'reloadOnWithdrawal is off by default');
  // Consent again loads it again, once.
  await tab.evaluate(() => window.Biscotte.acceptAll());
  await tab.waitForFunction(() => document.querySelector('iframe[title=video]').getAttribute('src') === '/frame.html');
  assert.equal(await tab.evaluate(() => document.querySelectorAll('[data-biscotte-embed]').length), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('reloadOnWithdrawal reloads when a withdrawn service\'s script ran, and only then', async () => {
  const reloading = await open({ reloadOnWithdrawal: true }, EMBED + SCRIPT);
  const reloaded = reloading.tab.waitForEvent('load');
  await acceptThenWithdraw(reloading.tab, true);
  await reloaded;
  assert.equal(reloading.loads.count, 2, 'one reload');
  await reloading.tab.waitForFunction(() => window.Biscotte?.accepted('statistical') === false && document.readyState === 'complete');
  const proofs = await reloading.tab.evaluate(() => localStorage.getItem('biscotte:proof').split('\n').map((l) => JSON.parse(l).choices.statistical));
  assert.deepEqual(proofs, [true, false], 'the withdrawal\'s record was kept although the page reloaded in its task');
  assert.equal(await reloading.tab.evaluate(() => window.runs), undefined, 'after the reload the refused script does not run');
  assert.equal(await reloading.tab.evaluate(() => document.querySelectorAll('[data-biscotte-embed]').length), 1);
  await reloading.context.close();

  // Only an embed was loaded: unloading it is enough, no reload.
  const embedOnly = await open({ reloadOnWithdrawal: true }, EMBED);
  await acceptThenWithdraw(embedOnly.tab, false);
  await embedOnly.tab.waitForFunction(() => document.querySelector('iframe[title=video]').previousElementSibling?.hasAttribute('data-biscotte-embed'));
  await embedOnly.tab.waitForTimeout(300);
  assert.equal(await embedOnly.tab.evaluate(() => window.before), true, 'same page');
  assert.equal(embedOnly.loads.count, 1, 'no reload');
  assert.deepEqual(embedOnly.errors, []);
  await embedOnly.context.close();
});
