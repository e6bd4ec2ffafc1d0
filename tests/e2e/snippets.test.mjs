// The vendors' own loader snippets in their published shapes (issue 13): each builds a <script>
// with document.createElement and inserts it. With the one-file script first in <head> they run
// while the page parses; with the ES-module build, once it has started. In both modes nothing is
// requested from any vendor before consent (the network log), and each loads and runs once after.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './lib/server.mjs';
import { launch, watchErrors } from './lib/browser.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const CONFIG = {
  categories: [
    { id: 'statistical', services: [
      { preset: 'ga4' }, { preset: 'matomo' }, { preset: 'atinternet' },
      { id: 'hotjar', urls: ['static.hotjar.com'] },
    ] },
    { id: 'third_party', services: [
      { id: 'meta', urls: ['connect.facebook.net'] }, { id: 'linkedin', urls: ['snap.licdn.com'] },
      { preset: 'youtube' }, { preset: 'vimeo' },
    ] },
  ],
};

// Written after each vendor's documented snippet: the same DOM calls in the same order.
const SNIPPETS = {
  gtm: `(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':Date.now(),event:'gtm.js'});
    var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=true;
    j.src='https://www.googletagmanager.com/gtm.js?id='+i;f.parentNode.insertBefore(j,f);})(window,document,'script','dataLayer','GTM-TEST');`,
  matomo: `var _paq = window._paq = window._paq || []; _paq.push(['trackPageView']);
    (function(){ var u='https://stats.example.org/'; _paq.push(['setTrackerUrl', u+'matomo.php']);
    var d=document, g=d.createElement('script'), s=d.getElementsByTagName('script')[0];
    g.async=true; g.src=u+'matomo.js'; s.parentNode.insertBefore(g,s); })();`,
  smarttag: `(function(){ var s=document.createElement('script'); s.type='text/javascript'; s.async=true;
    s.src='https://tag.aticdn.net/piano-analytics.js'; document.getElementsByTagName('head')[0].appendChild(s); })();`,
  hotjar: `(function(h,o,t,j,a,r){h.hj=h.hj||function(){(h.hj.q=h.hj.q||[]).push(arguments)};h._hjSettings={hjid:1,hjsv:6};
    a=o.getElementsByTagName('head')[0];r=o.createElement('script');r.async=1;
    r.src=t+h._hjSettings.hjid+j+h._hjSettings.hjsv;a.appendChild(r);})(window,document,'https://static.hotjar.com/c/hotjar-','.js?sv=');`,
  meta: `!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?n.callMethod.apply(n,arguments):n.queue.push(arguments)};
    if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;
    t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,document,'script','https://connect.facebook.net/en_US/fbevents.js');
    fbq('init','123'); fbq('track','PageView');`,
  linkedin: `window._linkedin_data_partner_ids = window._linkedin_data_partner_ids || []; window._linkedin_data_partner_ids.push('1');
    (function(l){ if (!l){ window.lintrk = function(a,b){ window.lintrk.q.push([a,b]) }; window.lintrk.q = [] }
    var s = document.getElementsByTagName('script')[0]; var b = document.createElement('script');
    b.type = 'text/javascript'; b.async = true; b.src = 'https://snap.licdn.com/li.lms-analytics/insight.min.js';
    s.parentNode.insertBefore(b, s); })(window.lintrk);`,
  youtube: `var tag = document.createElement('script'); tag.src = 'https://www.youtube.com/iframe_api';
    var firstScriptTag = document.getElementsByTagName('script')[0]; firstScriptTag.parentNode.insertBefore(tag, firstScriptTag);`,
  vimeo: `(function(){ var v = document.createElement('script'); v.src = 'https://player.vimeo.com/api/player.js'; document.head.appendChild(v); })();`,
};
const VENDORS = Object.keys(SNIPPETS);
const ALL = VENDORS.map((name) => `try { ${SNIPPETS[name]} } catch (e) { (window.snippetErrors ??= []).push('${name}: ' + e); }`).join('\n');

const head = (mode) => mode === 'one-file'
  ? `<script type="application/json" id="biscotte-config">${JSON.stringify(CONFIG)}</script>
     <script src="/biscotte.js"></script><script src="/snippets.js"></script>`
  : `<script type="application/json" id="biscotte-config">${JSON.stringify(CONFIG)}</script>
     <script type="module">
       import init, { start, acceptAll } from '/pkg/biscotte.js';
       await init(); start(document.getElementById('biscotte-config').textContent);
       window.Biscotte = { acceptAll };
       const s = document.createElement('script'); s.src = '/snippets.js'; document.head.append(s);
     </script>`;

// Which vendor a request belongs to, by host and path.
function vendorOf(url) {
  const { host, pathname } = new URL(url);
  if (host === 'www.googletagmanager.com') return 'gtm';
  if (pathname.endsWith('/matomo.js')) return 'matomo';
  return { 'tag.aticdn.net': 'smarttag', 'static.hotjar.com': 'hotjar', 'connect.facebook.net': 'meta',
    'snap.licdn.com': 'linkedin', 'www.youtube.com': 'youtube', 'player.vimeo.com': 'vimeo' }[host];
}

async function open(mode) {
  const context = await browser.newContext();
  const requests = [];
  context.on('request', (r) => { const v = vendorOf(r.url()); if (v) requests.push(v); });
  await context.route((url) => url.protocol === 'https:', (r) => {
    const vendor = vendorOf(r.request().url()) ?? 'other';
    r.fulfill({ contentType: 'text/javascript', body: `(window.runs ??= {})['${vendor}'] = (window.runs['${vendor}'] || 0) + 1;` });
  });
  await context.route(`${server.url}/snippets.js`, (r) => r.fulfill({ contentType: 'text/javascript', body: ALL }));
  await context.route(`${server.url}/snippets.html`, (r) => r.fulfill({ contentType: 'text/html', body:
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>snippets</title><link rel="icon" href="data:,">
     <script>window.first = true;</script>${head(mode)}</head><body><main><h1>Snippets</h1></main></body></html>` }));
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}/snippets.html`);
  await page.locator('#biscotte .btn[data-action=accept]').waitFor();
  await page.waitForFunction(() => window.dataLayer && window._paq && window.fbq && window.hj && window.lintrk);
  await page.waitForTimeout(400);
  return { context, page, requests, errors };
}

for (const mode of ['one-file', 'ES module']) {
  test(`${mode}: the vendors' snippets request nothing before consent, then each loads and runs once`, async () => {
    const { context, page, requests, errors } = await open(mode);
    assert.deepEqual(requests, [], 'no vendor request before consent');
    assert.equal(await page.evaluate(() => window.snippetErrors), undefined, 'every snippet ran without error');
    await page.locator('#biscotte .btn[data-action=accept]').click();
    await page.waitForFunction((names) => names.every((n) => window.runs?.[n] === 1), VENDORS);
    await page.waitForTimeout(300);
    assert.deepEqual([...requests].sort(), [...VENDORS].sort(), 'each vendor requested once');
    assert.deepEqual(Object.keys(await page.evaluate(() => window.runs)).sort(), [...VENDORS].sort());
    assert.deepEqual(errors, []);
    await context.close();
  });
}
