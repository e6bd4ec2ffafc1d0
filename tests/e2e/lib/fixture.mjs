// Fixture pages for behaviour tests: a page with the ES-module build, a configuration and some body
// markup, plus local stand-ins for tracker URLs (page.route), so nothing leaves the machine.
import { watchErrors } from './browser.mjs';

export const DEFAULT_CONFIG = {
  categories: [
    { id: 'statistical', services: [{ preset: 'matomo' }, { preset: 'ga4' }] },
    { id: 'third_party', services: [{ preset: 'youtube' }] },
  ],
};

export function html(body, config, head, nonce) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>fixture</title><link rel="icon" href="data:,">${head}
<script type="module" data-biscotte-script${nonce ? ` nonce="${nonce}"` : ''}>
  import init, { start, onChange, showPreferences, acceptAll, rejectAll } from '/pkg/biscotte.js';
  window.log = []; window.changes = [];
  document.addEventListener('biscotte:consent', (e) => window.log.push(['consent', e.detail]));
  await init();
  onChange((detail) => window.changes.push(detail));
  start(${JSON.stringify(JSON.stringify(config))});
  window.api = { showPreferences, acceptAll, rejectAll };
  window.ready = true;
</script></head><body><main><h1>Fixture</h1>${body}</main></body></html>`;
}

/** `open(body, { context, config, head })` → { context, page, requests, errors } on /fixture.html. */
export function fixtureOpener(browser, server) {
  return async function open(body, { context, config = DEFAULT_CONFIG, head = '', csp = null, nonce = null, hashCsp = null } = {}) {
    context ??= await browser.newContext();
    const requests = [];
    await context.route('**/fixture.html', (r) => r.fulfill({
      contentType: 'text/html', body: html(body, config, head, nonce),
      headers: csp || hashCsp ? { 'content-security-policy': csp ?? hashCsp(html(body, config, head, nonce)) } : {},
    }));
    await context.route('**/t/**', (r) => {
      const name = new URL(r.request().url()).pathname.split('/').pop();
      r.fulfill({ contentType: 'text/javascript', body: `(window.order ??= []).push(${JSON.stringify(name)});` });
    });
    await context.route('https://www.googletagmanager.com/**', (r) => r.fulfill({
      contentType: 'text/javascript', body: 'window.gtagRuns = (window.gtagRuns || 0) + 1; document.cookie = "_ga=GA1.1.42; Path=/";',
    }));
    await context.route('**/matomo.js', (r) => r.fulfill({
      contentType: 'text/javascript', body: 'window.matomoRuns = (window.matomoRuns || 0) + 1; document.cookie = "_pk_id.1.a1b2=visitor; Path=/";',
    }));
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url + '/fixture.html');
    await page.waitForFunction(() => window.ready === true);
    return { context, page, requests, errors };
  };
}
