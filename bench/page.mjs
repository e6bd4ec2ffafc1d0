// The benchmark's portal-like page, one per variant: the same table of a few hundred rows, one
// statistical and one third-party gated script, and the banner under test (or none).
const ROWS = 300;
const GATED_BULK = 500;

const table = () => {
  let rows = '';
  for (let i = 0; i < ROWS; i++) rows += `<tr><td>Counter ${i}</td><td>2026-11-02 ${String(i % 24).padStart(2, '0')}:00</td><td>${(i * 37) % 500}</td></tr>`;
  return `<table><caption>Bike counters</caption><thead><tr><th>Counter</th><th>Date</th><th>Count</th></tr></thead><tbody>${rows}</tbody></table>`;
};

const VANILLA_CONFIG = {
  hideFromBots: false,
  categories: { necessary: { enabled: true, readOnly: true }, statistical: {}, third_party: {} },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: 'This site uses cookies',
          description: 'We use cookies to measure visits and to show content from other sites.',
          acceptAllBtn: 'Accept all', acceptNecessaryBtn: 'Reject all', showPreferencesBtn: 'Customise',
        },
        preferencesModal: {
          title: 'Cookie settings', acceptAllBtn: 'Accept all', acceptNecessaryBtn: 'Reject all', savePreferencesBtn: 'Save my choices',
          sections: [
            { title: 'Necessary', description: 'Needed for the portal to work.', linkedCategory: 'necessary' },
            { title: 'Statistics', description: 'Visit measurement.', linkedCategory: 'statistical' },
            { title: 'Third-party cookies', description: 'Embedded content.', linkedCategory: 'third_party' },
          ],
        },
      },
    },
  },
};

const BANNER = {
  none: '',
  'biscotte-js': '<script src="/dist/biscotte.js"></script>',
  'biscotte-esm': `<script type="module">import init, { start } from '/dist/biscotte.mjs'; await init(); start(null);</script>`,
  vanilla: `<link rel="stylesheet" href="/vanilla/cookieconsent.css"><script src="/vanilla/cookieconsent.umd.js"></script>
<script>CookieConsent.run(${JSON.stringify(VANILLA_CONFIG)});</script>`,
};

// The one-file script goes first in <head>, as the README says; the others at the end of <body>.
const IN_HEAD = new Set(['biscotte-js']);

/** `bulk`: 500 gated inline scripts, to time activation after "Accept all". */
export function page(variant, { bulk = false } = {}) {
  let gated = `<script type="text/plain" data-category="statistical">window.__stat = (window.__stat || 0) + 1;</script>
<script type="text/plain" data-category="third_party">window.__third = (window.__third || 0) + 1;</script>`;
  if (bulk) {
    for (let i = 0; i < GATED_BULK; i++) {
      gated += `<script type="text/plain" data-category="statistical">if (++window.__bulk === ${GATED_BULK}) window.__bulkDone = performance.now();</script>`;
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench portal</title><link rel="icon" href="data:,">
${IN_HEAD.has(variant) ? BANNER[variant] : ''}
<style>body{font-family:system-ui;margin:0}header{background:#123a63;color:#fff;padding:1rem}td,th{padding:.25rem .5rem}</style>
</head><body><header>Demo portal</header><main><h1>Dataset</h1>${table()}</main>
<script>window.__bulk = 0;</script>${gated}
${IN_HEAD.has(variant) ? '' : BANNER[variant]}
</body></html>`;
}

export const GATED = GATED_BULK;
