// The guard against what real pages do (issue 13), with the one-file script first in <head>: some
// twenty ways page code adds a tracker, each held before any request while its service is refused
// and released exactly once on consent. Every tracker lives on https://tracker.test, answered by
// page.route (nothing leaves the machine); the network log is the proof.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './lib/server.mjs';
import { launch, watchErrors } from './lib/browser.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const CONFIG = {
  audit: true,
  categories: [
    { id: 'statistical', services: [{ id: 'pixel', urls: ['tracker.test'] }] },
    { id: 'third_party', services: [{ preset: 'youtube' }] },
  ],
};

const T = 'https://tracker.test';
// Each vector, run by page code after Biscotte started. Scripts count their runs in window.runs.
const VECTORS = `
  const T = '${T}';
  const a = document.createElement('script'); Element.prototype.setAttribute.call(a, 'src', T + '/a.js'); document.head.append(a);
  const b = document.createElement('script'); b.setAttributeNS(null, 'src', T + '/b.js'); document.head.appendChild(b);
  const c = document.createElement('script'); Object.assign(c, { src: T + '/c.js', type: 'text/javascript' }); document.head.append(c);
  new Image().src = T + '/d.gif';
  const e = document.createElement('img'); e.src = T + '/e.gif'; e.alt = ''; document.body.append(e);
  document.body.insertAdjacentHTML('beforeend', '<img alt="" src="' + T + '/f.gif"><iframe title="f" src="' + T + '/f.html"></iframe>');
  const g = document.createElement('div'); g.innerHTML = '<img alt="" srcset="' + T + '/g.gif 1x">'; document.body.append(g);
  document.body.append(document.createRange().createContextualFragment('<script src="' + T + '/h.js"><\\/script>'));
  const i = document.createElementNS('http://www.w3.org/1999/xhtml', 'script'); i.src = T + '/i.js'; document.head.insertBefore(i, null);
  const j = document.createElement('script'); j.src = T + '/j.js'; document.head.append(j.cloneNode(true));
  const frame = document.createElement('iframe'); frame.title = 'empty'; document.body.append(frame);
  const k = frame.contentDocument.createElement('script'); k.src = T + '/k.js'; document.head.append(k);
  fetch(T + '/l-fetch').then((r) => r.text()).then((t) => { window.fetched = t; });
  const m = new XMLHttpRequest(); m.open('GET', T + '/m-xhr'); m.onload = () => { window.xhrDone = m.responseText; }; m.send();
  window.beaconQueued = navigator.sendBeacon(T + '/n-beacon', 'hit');
  const o = document.createElement('iframe'); o.title = 'o'; o.srcdoc = '<script src="' + T + '/o.js"><\\/script>'; document.body.append(o);
  const p = document.createElement('link'); p.rel = 'preload'; p.as = 'script'; p.href = T + '/p.js'; document.head.append(p);
  document.head.append(window.early);
  const q = document.createElement('div'); q.innerHTML = '<script src="' + T + '/never.js"><\\/script>'; document.body.append(q);
  // Found in review: a URL whose toString answers differently the second time, attribute nodes,
  // more insertion methods, SVG's script, a host with a trailing dot, a reused XMLHttpRequest,
  // a template's scripts, HTML written into a raw-text element.
  let turns = 0; const shifty = { toString: () => (turns++ === 0 ? '/first-party' : T + '/shifty-beacon') };
  navigator.sendBeacon(shifty, 'hit');
  fetch({ url: '/first-party', toString: () => T + '/object-fetch' }).catch(() => {});
  const q1 = document.createElement('img'); q1.alt = ''; document.body.append(q1);
  const a1 = document.createAttribute('src'); a1.value = T + '/q1.gif'; q1.setAttributeNode(a1);
  const q2 = document.createElement('img'); q2.alt = ''; document.body.append(q2);
  const a2 = document.createAttribute('src'); q2.setAttributeNode(a2); a2.value = T + '/q2.gif';
  const holder = document.createElement('div'); document.body.append(holder);
  const rc = frame.contentDocument.createElement('script'); rc.src = T + '/rc.js'; holder.replaceChildren(rc);
  const rn = frame.contentDocument.createElement('script'); rn.src = T + '/rn.js';
  const range = document.createRange(); range.selectNodeContents(holder); range.insertNode(rn);
  const text = document.createTextNode(' '); holder.append(text);
  const ta = frame.contentDocument.createElement('script'); ta.src = T + '/ta.js'; text.after(ta);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg'); document.body.append(svg);
  const svgScript = document.createElementNS('http://www.w3.org/2000/svg', 'script'); svgScript.setAttribute('href', T + '/svg.js'); svg.append(svgScript);
  new Image().src = 'https://tracker.test./dot.gif';
  const x = new XMLHttpRequest(); x.open('GET', T + '/x1-xhr'); x.send(); x.open('GET', T + '/x2-xhr'); x.send();
  const tpl = document.createElement('template'); tpl.innerHTML = '<script src="' + T + '/tpl.js"><\\/script>';
  document.body.append(document.importNode(tpl.content, true));
  const raw = document.createElement('script'); raw.type = 'text/x-template'; raw.innerHTML = 'a < b && <img src="' + T + '/raw.gif">';
  window.rawKept = raw.innerHTML === 'a < b && <img src="' + T + '/raw.gif">';
`;

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>guard</title><link rel="icon" href="data:,">
<script>window.early = document.createElement('script'); window.early.src = '${T}/early.js';</script>
<script type="application/json" id="biscotte-config">${JSON.stringify(CONFIG)}</script>
<script src="/biscotte.js"></script>
<script>document.write('<script src="${T}/write.js"><\\/script><img alt="" src="${T}/write.gif">');</script>
</head><body><main><h1>Guard</h1></main>
<script src="${T}/parser.js"></script>
<script src="/guard/vectors.js"></script>
</body></html>`;

const SCRIPTS = ['a', 'b', 'c', 'h', 'i', 'j', 'k', 'early', 'write', 'rc', 'rn', 'ta', 'svg'];
const LOADS = ['d.gif', 'e.gif', 'f.gif', 'f.html', 'g.gif', 'l-fetch', 'm-xhr', 'n-beacon', 'o.js', 'p.js', 'write.gif',
  'object-fetch', 'q1.gif', 'q2.gif', 'x2-xhr'];

async function open() {
  const context = await browser.newContext();
  const requests = [];
  const console = [];
  context.on('request', (r) => { if (r.url().startsWith(T)) requests.push(new URL(r.url()).pathname.slice(1)); });
  await context.route(`${server.url}/guard.html`, (r) => r.fulfill({ contentType: 'text/html', body: PAGE }));
  await context.route(`${server.url}/guard/vectors.js`, (r) => r.fulfill({ contentType: 'text/javascript', body: VECTORS }));
  await context.route(`${server.url}/first-party`, (r) => r.fulfill({ status: 204 }));
  await context.route('https://tracker.test./**', (r) => r.fulfill({ contentType: 'image/gif', body: GIF }));
  await context.route(`${T}/**`, (r) => {
    const name = new URL(r.request().url()).pathname.slice(1);
    if (name.endsWith('.js')) {
      const id = name.slice(0, -3);
      return r.fulfill({ contentType: 'text/javascript', body: `(window.runs ??= {})['${id}'] = (window.runs['${id}'] || 0) + 1;` });
    }
    if (name.endsWith('.gif')) return r.fulfill({ contentType: 'image/gif', body: GIF });
    return r.fulfill({ contentType: 'text/html', headers: { 'access-control-allow-origin': '*' }, body: name });
  });
  const page = await context.newPage();
  page.on('console', (m) => console.push(m.text()));
  const errors = watchErrors(page);
  await page.goto(server.url + '/guard.html');
  await page.locator('#biscotte [data-action=accept]').waitFor();
  await page.waitForTimeout(400);
  return { context, page, requests, console, errors };
}

const GIF = Buffer.from('R0lGODlhAQABAAAAACwAAAAAAQABAAA=', 'base64');
const count = (requests, name) => requests.filter((r) => r === name).length;

test('before consent, nothing page code adds reaches the tracker; only the HTML parser\'s own fetch leaks, and the audit says so', async () => {
  const { context, page, requests, console } = await open();
  assert.deepEqual(requests, ['parser.js'], 'only the script the HTML parser fetched by itself');
  assert.deepEqual(await page.evaluate(() => window.runs), { parser: 1 });
  assert.equal(await page.evaluate(() => window.beaconQueued), true, 'a held beacon reports queued');
  assert.ok(console.some((line) => /audit: https:\/\/tracker\.test\/parser\.js \(statistical\/pixel, script\)/.test(line)), console.join('\n'));
  assert.equal(await page.evaluate(() => document.querySelector('iframe[title=o]').hasAttribute('srcdoc')), false, 'the srcdoc frame is parked');
  assert.equal(await page.evaluate(() => window.rawKept), true, 'HTML written into a raw-text element is left as it is');
  await context.close();
});

test('on consent, each held script runs once, each held image, frame, request and beacon is made once, and nothing runs twice', async () => {
  const { context, page, requests, errors } = await open();
  await page.locator('#biscotte [data-action=accept]').click();
  await page.waitForFunction((names) => names.every((n) => window.runs?.[n] === 1), SCRIPTS);
  await page.waitForFunction(() => window.fetched === 'l-fetch' && window.xhrDone === 'm-xhr');
  for (let i = 0; i < 80 && LOADS.some((n) => count(requests, n) === 0); i++) await page.waitForTimeout(50);
  await page.waitForTimeout(300);
  for (const name of LOADS) assert.equal(count(requests, name), 1, `${name} requested once`);
  for (const name of SCRIPTS) assert.equal(count(requests, `${name}.js`), 1, `${name}.js requested once`);
  const runs = await page.evaluate(() => window.runs);
  for (const name of SCRIPTS) assert.equal(runs[name], 1, `${name}.js ran once`);
  assert.equal(runs.parser, 1, 'the parser\'s script is not run a second time');
  assert.equal(runs.never, undefined, 'a script from innerHTML never runs, with or without consent');
  assert.equal(count(requests, 'never.js'), 0);
  assert.equal(count(requests, 'tpl.js'), 0, 'nor does one from a template\'s content');
  assert.equal(count(requests, 'x1-xhr'), 0, 'a send aborted by a new open is never made');
  assert.equal(count(requests, 'shifty-beacon'), 0, 'a beacon goes where its checked URL said (first party), never elsewhere');
  await page.evaluate(() => window.Biscotte.acceptAll());
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => window.runs), runs, 'a second decision releases nothing twice');
  assert.deepEqual(errors, []);
  await context.close();
});

test('after a refusal, nothing held is ever made', async () => {
  const { context, page, requests } = await open();
  await page.locator('#biscotte .btn[data-action=reject]').click();
  await page.waitForTimeout(500);
  assert.deepEqual(requests, ['parser.js']);
  assert.equal(await page.evaluate(() => window.fetched), undefined, 'the held fetch stays pending');
  await context.close();
});

test('page code run by focus moves while the dialog opens and closes reaches the network and the API as usual', async () => {
  const { context, page, console: lines } = await open();
  const firstParty = [];
  page.on('request', (r) => { if (r.url().includes('/autosave')) firstParty.push(r.url()); });
  await context.route(`${server.url}/autosave*`, (r) => r.fulfill({ status: 204 }));
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.setAttribute('aria-label', 'note');
    document.body.append(input);
    input.addEventListener('blur', () => {
      fetch('/autosave?blur').then(() => { window.autosaved = true; });
      window.necessaryOnBlur = window.Biscotte.accepted('necessary');
    });
    input.focus();
    window.Biscotte.showPreferences();
  });
  await page.waitForFunction(() => window.autosaved === true);
  assert.deepEqual(firstParty.map((u) => new URL(u).search), ['?blur']);
  assert.ok(!lines.some((l) => /busy/.test(l)), lines.join('\n'));
  await context.close();
});
