// The pages the cross-engine suite visits, served by the e2e test server (tests/e2e/lib/server.mjs)
// with its request log as the proof of what the browser fetched: WebDriver cannot watch the network.
//   /dist/…                the release build scripts/build.py makes (one-file script, ES module + wasm)
//   /engines/<tok>/<B>.html a page with gated markup under the test's own token, B = js | esm | …
//   /t/<tok>/<name>        gated stand-ins: .js counts its runs in window.runs[name], .gif, .html
//   /engines/watch.js      records errors, CSP violations and console.error in window.problems
//   /engines/start.mjs     the ES-module build's starter, as the README shows it; its API as window.esmApi
//   /engines/inject.js?src=…  a page script that creates a <script> with that src while the page parses
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { serve, TYPES } from '../../e2e/lib/server.mjs';

export const DIST = resolve(import.meta.dirname, '../../../dist');
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

const CONFIG = JSON.stringify({
  policyUrl: '/cookies.html',
  categories: [
    { id: 'statistical', services: [{ id: 'stats', label: 'Stats', urls: ['*/injected.js'] }] },
    { id: 'third_party' },
  ],
});

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const WATCH = `window.problems = [];
addEventListener('error', (e) => problems.push('error: ' + (e.message || (e.target && (e.target.src || e.target.href)) || e.type)), true);
addEventListener('unhandledrejection', (e) => problems.push('unhandled rejection: ' + e.reason));
document.addEventListener('securitypolicyviolation', (e) => problems.push('CSP: ' + e.violatedDirective + ' ' + e.blockedURI));
const consoleError = console.error.bind(console);
console.error = (...args) => { problems.push('console.error: ' + args.join(' ')); consoleError(...args); };`;

const START = `import init, { start, accepted, showPreferences, acceptAll, rejectAll } from '/dist/biscotte.mjs';
await init();
start(document.getElementById('biscotte-config').textContent);
window.esmApi = { accepted, showPreferences, acceptAll, rejectAll };`;

const INJECT = `const s = document.createElement('script');
s.src = new URL(document.currentScript.src).searchParams.get('src');
document.head.appendChild(s);`;

/** The gated markup of a page: two external scripts, an image and a frame (and an inline script unless `strict`). */
export function gated(tok, { strict = false } = {}) {
  const t = `/t/${tok}`;
  return `<p><span id="stat-status"></span></p>
<script type="text/plain" data-category="statistical" src="${t}/stat.js"></script>
<script type="text/plain" data-category="third_party" src="${t}/third.js"></script>
${strict ? '' : `<script type="text/plain" data-category="statistical">(window.runs = window.runs || {}).inline = (window.runs.inline || 0) + 1;</script>`}
<img alt="pixel" width="1" height="1" data-category="statistical" data-src="${t}/pixel.gif">
<iframe title="embed" width="200" height="100" data-category="third_party" data-src="${t}/frame.html"></iframe>`;
}

/** A whole page loading `build` ('js': the one-file script; 'esm': the module and its wasm). */
export function page(build, { body, head = '' }) {
  const loader = build === 'js' ? '<script src="/dist/biscotte.js"></script>' : '<script type="module" src="/engines/start.mjs"></script>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>engines</title>
<script src="/engines/watch.js"></script>
<script type="application/json" id="biscotte-config">${CONFIG}</script>
${loader}
${head}</head><body><main><h1>Engines</h1>${body}</main></body></html>`;
}

/** Starts the server: { url, requests, pages, requested(part), close }. Tests put pages in `pages` (path → [html, csp]). */
export async function site() {
  const pages = new Map();
  const send = (res, type, body, headers = {}) => { res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...headers }).end(body); return true; };
  const server = await serve(undefined, {
    async handle(req, res, url) {
      const path = url.pathname;
      if (pages.has(path)) {
        const [html, csp] = pages.get(path);
        return send(res, TYPES['.html'], html, csp ? { 'content-security-policy': csp } : {});
      }
      if (path === '/engines/watch.js') return send(res, TYPES['.js'], WATCH);
      if (path === '/engines/start.mjs') return send(res, TYPES['.js'], START);
      if (path === '/engines/inject.js') return send(res, TYPES['.js'], INJECT);
      if (path === '/engines/blank.html') return send(res, TYPES['.html'], '<!doctype html><title>blank</title>');
      if (path.startsWith('/t/')) {
        const name = path.split('/').pop();
        if (name.endsWith('.gif')) return send(res, TYPES['.gif'], GIF);
        if (name.endsWith('.html')) return send(res, TYPES['.html'], `<!doctype html><title>${name}</title><p>embedded</p>`);
        return send(res, TYPES['.js'], `(window.runs = window.runs || {})[${JSON.stringify(name)}] = (window.runs[${JSON.stringify(name)}] || 0) + 1;`);
      }
      if (path.startsWith('/dist/')) {
        const file = resolve(DIST, path.slice('/dist/'.length));
        if (!file.startsWith(DIST + '/')) return false;
        const body = await readFile(file).catch(() => null);
        if (!body) return false;
        return send(res, TYPES[extname(file)] ?? 'application/octet-stream', body);
      }
      return false;
    },
  });
  return {
    ...server,
    pages,
    /** The logged requests (path and query) that start with `prefix`. */
    requested: (prefix) => server.requests.filter((r) => r.startsWith(prefix)),
  };
}
