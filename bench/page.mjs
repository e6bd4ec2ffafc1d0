// The benchmark's portal-like page, one per variant: a table of a few hundred rows, 20 consented
// tags (half in <head>, half at the end of <body>, as analytics snippets and embeds sit on real
// portals), and the banner under test (or none: there the same tags run unconditionally, which is
// the earliest any consent manager could let them start).
const ROWS = 300;
const GATED_BULK = 500;
export const TAGS = 20;
// Each tag does a fixed amount of work (about a millisecond at 1x CPU here, scaled by the
// throttling like the rest of the page), so releasing all 20 in the click's task shows in INP.
const TAG_WORK = 25000;

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

// Biscotte as its README says: a configuration block (even `{}`) before the tag.
const CONFIG_BLOCK = '<script type="application/json" id="biscotte-config">{}</script>';
const BANNER = {
  none: '',
  'biscotte-js': `${CONFIG_BLOCK}<script src="/dist/biscotte.js"></script>`,
  // An earlier build of the one-file script (run.mjs, BASE).
  'biscotte-base': `${CONFIG_BLOCK}<script src="/base/biscotte.js"></script>`,
  'biscotte-esm': `${CONFIG_BLOCK}<script type="module">import init, { start } from '/dist/biscotte.mjs'; await init(); start(document.getElementById('biscotte-config').textContent);</script>`,
  vanilla: `<link rel="stylesheet" href="/vanilla/cookieconsent.css"><script src="/vanilla/cookieconsent.umd.js"></script>
<script>CookieConsent.run(${JSON.stringify(VANILLA_CONFIG)});</script>`,
};

// The one-file script goes first in <head>, as the README says; the others at the end of <body>.
const IN_HEAD = new Set(['biscotte-js', 'biscotte-base']);

/** Tag `i`: records when it started (window.__tags[i]) and counts itself (window.__tagsRun). */
function tag(i, gated) {
  const body = `(() => { const t = performance.now(); let x = 0; for (let k = 0; k < ${TAG_WORK}; k++) x = (x + k * 7) % 1009; window.__sink = x; (window.__tags ||= [])[${i}] = t; window.__tagsRun = (window.__tagsRun || 0) + 1; })();`;
  const category = i % 2 ? 'third_party' : 'statistical';
  return gated ? `<script type="text/plain" data-category="${category}">${body}</script>` : `<script>${body}</script>`;
}

const tags = (from, to, gated) => Array.from({ length: to - from }, (_, k) => tag(from + k, gated)).join('\n');

/**
 * `bulk`: 500 light gated inline scripts instead of the 20 tags, to time activation after
 * "Accept all" (the tags' own work would be timed with it).
 */
export function page(variant, { bulk = false } = {}) {
  const gated = variant !== 'none';
  let head = '', body = '<script>window.__bulk = 0;</script>';
  if (bulk) {
    for (let i = 0; i < GATED_BULK; i++) {
      body += `<script type="text/plain" data-category="statistical">if (++window.__bulk === ${GATED_BULK}) window.__bulkDone = performance.now();</script>`;
    }
  } else {
    head = tags(0, TAGS / 2, gated);
    body += tags(TAGS / 2, TAGS, gated);
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Bench portal</title><link rel="icon" href="data:,">
${IN_HEAD.has(variant) ? BANNER[variant] : ''}
<style>body{font-family:system-ui;margin:0}header{background:#123a63;color:#fff;padding:1rem}td,th{padding:.25rem .5rem}</style>
${head}
</head><body><header>Demo portal</header><main><h1>Dataset</h1>${table()}</main>
${body}
${IN_HEAD.has(variant) ? '' : BANNER[variant]}
</body></html>`;
}

export const GATED = GATED_BULK;
