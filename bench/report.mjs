// The bench's figures and tables: medians (min–max) per variant and configuration, ratios to
// vanilla-cookieconsent and, for when tags start, to the bare page; then issue 17's targets,
// recorded as met, not met, or within noise (never asserted: this is not a test).
import { TAGS } from './page.mjs';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
// The values stay beside their median: the targets' ratios get an interval from them.
const stat = (xs) => (xs.length ? { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), values: xs } : null);

/**
 * The 90% interval of the ratio of two medians (`a` over `b`, figures as `stat` makes them), by
 * resampling each one's runs 2,000 times; a fixed seed, so one run's report always reads the same.
 * `null` without the values (a latest.json written before they were kept).
 */
export function ratioInterval(a, b) {
  if (!a?.values?.length || !b?.values?.length) return null;
  let seed = 17;
  const pick = (xs) => xs[Math.floor(((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * xs.length)];
  const resampled = (xs) => median(xs.map(() => pick(xs)));
  const ratios = Array.from({ length: 2000 }, () => resampled(a.values) / resampled(b.values)).filter(Number.isFinite).sort((x, y) => x - y);
  return ratios.length ? [ratios[Math.floor(ratios.length * 0.05)], ratios[Math.ceil(ratios.length * 0.95) - 1]] : null;
}
const present = (x) => x !== null && x !== undefined && !Number.isNaN(x);

// Numeric figures of a sample, by name; tagN are the return visit's tag start times.
const NUMERIC = ['fcp', 'bannerMs', 'scriptMs', 'maxTaskToBanner', 'tbtToBanner', 'maxTask', 'tbt', 'lcpMs', 'inpMs', 'acceptToTagsMs',
  'retFcp', 'retScriptMs', 'retMaxTask', 'cls', 'ownCls', 'jsHeap', 'wasmMemory'];

/** Samples of one variant in one configuration -> { figure: {median, min, max} }, the LCP elements counted. */
export function summarize(samples, activations) {
  const out = {};
  for (const f of NUMERIC) out[f] = stat(samples.map((s) => s[f]).filter(present));
  for (let i = 0; i < TAGS; i++) out[`tag${i}`] = stat(samples.map((s) => s.retTags?.[i]).filter(present));
  out.activate500Ms = stat(activations.filter(present));
  const elements = {};
  for (const s of samples) if (s.lcpElement) elements[s.lcpElement] = (elements[s.lcpElement] ?? 0) + 1;
  out.lcpElements = elements;
  out.lcpBannerRuns = samples.filter((s) => s.lcpBanner).length;
  out.samples = samples.length;
  return out;
}

const ROWS = [
  ['fcp', 'page FCP'],
  ['bannerMs', 'banner visible'],
  ['scriptMs', 'main-thread script'],
  ['maxTaskToBanner', 'longest task, navigation → banner'],
  ['tbtToBanner', 'TBT, navigation → banner'],
  ['lcpMs', 'LCP'],
  ['lcpElement', 'LCP element (runs)'],
  ['inpMs', 'Accept INP, 20 tags (16 = ≤ 16)'],
  ['acceptToTagsMs', 'Accept → 20th tag started'],
  ['tag0', 'return visit: tag 1 started (head)'],
  [`tag${TAGS / 2}`, `return visit: tag ${TAGS / 2 + 1} started (body)`],
  [`tag${TAGS - 1}`, `return visit: tag ${TAGS} started (end)`],
  ['retFcp', 'return visit: page FCP'],
  ['retScriptMs', 'return visit: main-thread script'],
  ['retMaxTask', 'return visit: longest task'],
  ['activate500Ms', 'activate 500 gated elements'],
  ['ownCls', "CLS of the banner's own nodes (max)"],
  ['jsHeap', 'JS heap MB'],
  ['wasmMemory', 'wasm memory KB'],
];
// Compared with the bare page too: where it is the physical limit.
const TO_BARE = new Set(['fcp', 'retFcp', 'tag0', `tag${TAGS / 2}`, `tag${TAGS - 1}`]);

const fmt = (x, d = 0) => (present(x) ? Number(x).toFixed(d) : '–');
export const ratio = (a, b) => (present(a) && present(b) && b !== 0 ? (a / b).toFixed(2) : '–');

function cell(f, key) {
  if (key === 'lcpElement') {
    const [el, n] = Object.entries(f.lcpElements).sort((a, b) => b[1] - a[1])[0] ?? [];
    return el ? `\`${el}\` (${n}/${f.samples})${f.lcpBannerRuns ? `, banner ${f.lcpBannerRuns}` : ''}` : '–';
  }
  const s = f[key];
  if (!s) return '–';
  if (key === 'ownCls') return fmt(s.max, 3);
  const scale = key === 'jsHeap' ? 2 ** 20 : key === 'wasmMemory' ? 1024 : 1;
  const d = key === 'jsHeap' ? 1 : 0;
  return `${fmt(s.median / scale, d)} (${fmt(s.min / scale, d)}–${fmt(s.max / scale, d)})`;
}

const ALL = ['none', 'biscotte-js', 'biscotte-esm', 'vanilla'];
const NAMES = { none: 'bare page', 'biscotte-js': 'one-file script', 'biscotte-base': 'one-file script, BASE build', 'biscotte-esm': 'ES module', vanilla: 'vanilla-cookieconsent' };
const SHORT = { 'biscotte-js': 'one-file', 'biscotte-base': 'BASE', 'biscotte-esm': 'ES module' };

/** Markdown lines of one configuration's table: a row per figure, a column per variant and ratio. */
export function configTable(label, figures, variants) {
  const ours = variants.filter((v) => v.startsWith('biscotte'));
  const toVanilla = variants.includes('vanilla') ? ours : [];
  const toBare = variants.includes('none') ? ours : [];
  const toBase = variants.includes('biscotte-base') && variants.includes('biscotte-js') ? ['biscotte-js'] : [];
  const head = [`${label}: median (min–max), ms`, ...variants.map((v) => NAMES[v] ?? v),
    ...toVanilla.map((v) => `${SHORT[v]} / vanilla`), ...toBare.map((v) => `${SHORT[v]} / bare`), ...toBase.map((v) => `${SHORT[v]} / BASE`)];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const [key, name] of ROWS) {
    if (variants.every((v) => !figures[v][key] && key !== 'lcpElement')) continue;
    const m = (v) => figures[v][key]?.median;
    const numeric = !['lcpElement', 'ownCls', 'jsHeap', 'wasmMemory'].includes(key);
    lines.push(`| ${name} | ${[...variants.map((v) => cell(figures[v], key)),
      ...toVanilla.map((v) => (numeric ? ratio(m(v), m('vanilla')) : '')),
      ...toBare.map((v) => (TO_BARE.has(key) ? ratio(m(v), m('none')) : '')),
      ...toBase.map((v) => (numeric ? ratio(m(v), m('biscotte-base')) : ''))].join(' | ')} |`);
  }
  return lines;
}

/** Issue 17's targets (and issue 7's still in force), each with the one-file script's and the ES module's values. */
export function targets(results) {
  if (!ALL.every((v) => results.variants.includes(v)) || !results.figures['desktop-1x'] || !results.figures['desktop-4x']) return [];
  const gate = results.gate;
  const F = results.figures;
  const d1 = F['desktop-1x'], d4 = F['desktop-4x'], p1 = F['phone-1x'], p4 = F['phone-4x'];
  const rows = [];
  const add = (target, compute) => {
    const values = ['biscotte-js', 'biscotte-esm'].map((v) => { try { return compute(v); } catch { return null; } });
    if (values.every((x) => x === null)) return;
    rows.push({ target, values: values.map((x) => x && x[0]), met: values.map((x) => x && x[1]) });
  };
  const med = (fig, v, key) => fig[v][key].median;
  const r = (fig, v, key) => med(fig, v, key) / med(fig, 'vanilla', key);
  // A ratio to vanilla-cookieconsent with its interval.
  const shown = (fig, v, key) => {
    const i = ratioInterval(fig[v][key], fig.vanilla[key]);
    return { ratio: r(fig, v, key), low: i?.[0], text: `${r(fig, v, key).toFixed(2)}${i ? ` (${i[0].toFixed(2)}–${i[1].toFixed(2)})` : ''}` };
  };
  const both = (a, b) => [`${a.text} / ${b.text}`, verdict([a, b])];
  const pair = (key) => (v) => both(shown(d1, v, key), shown(d4, v, key));
  const s = results.sizes;
  add(`bytes: the one-file script ≤ its size gate, ${gate} B brotli`, (v) => (v === 'biscotte-js' ? [`${s[v].brotli} B`, s[v].brotli <= gate] : null));
  add('bytes: brotli ratio to vanilla-cookieconsent ≤ 1.0 (goal)', (v) => [ratio(s[v].brotli, s.vanilla.brotli), s[v].brotli <= s.vanilla.brotli]);
  add('return visit: every tag starts no later than with vanilla, ratio 1× / 4× (worst tag)', (v) => {
    const tags = (fig) => Array.from({ length: TAGS }, (_, i) => shown(fig, v, `tag${i}`));
    const worst = (fig) => tags(fig).reduce((w, t) => (t.ratio > w.ratio ? t : w));
    // Shown: the worst tag of each; judged: every tag, as one clearly late tag is a miss.
    return [both(worst(d1), worst(d4))[0], verdict([...tags(d1), ...tags(d4)])];
  });
  add('return visit: tag start over the bare page\'s, 1× / 4× (worst tag; the limit is 1.0)', (v) => {
    const worst = (fig) => Math.max(...Array.from({ length: TAGS }, (_, i) => med(fig, v, `tag${i}`) / med(fig, 'none', `tag${i}`)));
    return [`${worst(d1).toFixed(2)} / ${worst(d4).toFixed(2)}`, null];
  });
  add('page FCP ≤ vanilla, ratio 1× / 4×', pair('fcp'));
  add('main-thread script time ≤ vanilla, ratio 1× / 4×', pair('scriptMs'));
  add('banner visible ≤ vanilla, ratio 1× / 4×', pair('bannerMs'));
  add('no long task over 50 ms to the banner at 4× CPU (median longest)', (v) => [`${fmt(med(d4, v, 'maxTaskToBanner'))} ms`, med(d4, v, 'maxTaskToBanner') <= 50]);
  add('Accept INP ≤ 50 ms at 4× CPU, desktop / phone (median)', (v) => [`${fmt(med(d4, v, 'inpMs'))} / ${p4 ? fmt(med(p4, v, 'inpMs')) : '–'} ms`,
    med(d4, v, 'inpMs') <= 50 && (!p4 || med(p4, v, 'inpMs') <= 50)]);
  add('activating 500 elements ≤ vanilla, ratio 1× / 4×', pair('activate500Ms'));
  add('phone: the banner is never the LCP element (runs where it was, 1× / 4×)', (v) => {
    if (!p1 && !p4) return null;
    const a = p1?.[v].lcpBannerRuns ?? 0, b = p4?.[v].lcpBannerRuns ?? 0;
    return [`${a} / ${b}`, a + b === 0];
  });
  add("CLS 0 from the banner's own nodes (max over all runs)", (v) => {
    const max = Math.max(...Object.values(F).map((fig) => fig[v].ownCls?.max ?? 0));
    return [max.toFixed(3), max === 0];
  });
  return rows;
}

/**
 * Met (`true`) when every median ratio is at most 1; `'noise'` when one is over 1 but its interval
 * reaches down to 1 (this run cannot tell); else not met.
 */
function verdict(ratios) {
  if (ratios.every((x) => x.ratio <= 1)) return true;
  return ratios.every((x) => x.ratio <= 1 || (x.low !== undefined && x.low <= 1)) ? 'noise' : false;
}

export function targetTable(rows) {
  const yes = (m) => (m === null || m === undefined ? '' : m === 'noise' ? 'within noise' : m ? 'yes' : '**no**');
  return ['| target (issue 17; never asserted) | one-file | met | ES module | met |', '|---|---|---|---|---|',
    ...rows.map((t) => `| ${t.target} | ${t.values[0] ?? '–'} | ${yes(t.met[0])} | ${t.values[1] ?? '–'} | ${yes(t.met[1])} |`)];
}

/** The whole Markdown report of a run's results (as latest.json holds them). */
export function render(results) {
  const m = results.machine;
  const lines = [
    `Biscotte bench, ${results.date.slice(0, 10)}, ${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB, Chromium ${results.chromium}, ${results.runs} runs per variant, ` +
      `${results.seconds} s; load average ${m.loadBefore.toFixed(1)} before, ${m.loadAfter.toFixed(1)} after`,
    '',
    '| bytes on the wire (banner assets) | raw | gzip | brotli | brotli ratio to vanilla |',
    '|---|---|---|---|---|',
    ...Object.entries(results.sizes).map(([v, s]) => `| ${v} | ${s.raw} | ${s.gzip} | ${s.brotli} | ${ratio(s.brotli, results.sizes.vanilla?.brotli)} |`),
  ];
  for (const [key, figures] of Object.entries(results.figures)) {
    const { throttle, viewport } = results.configs[key];
    lines.push('', ...configTable(`${viewport.width}×${viewport.height}, ${throttle}× CPU`, figures, results.variants));
  }
  if (results.targets.length) lines.push('', ...targetTable(results.targets));
  if (results.failures.length) lines.push('', `Runs left out (${results.failures.length}):`, ...results.failures.map((f) => `- ${f}`));
  return lines.join('\n');
}

/** latest.json's text: each {median, min, max, values} on one line. */
export const toJson = (results) => JSON.stringify(results, null, 2)
  .replace(/\[\n\s+(-?[\d.e+-]+(?:,\n\s+-?[\d.e+-]+)*)\n\s+\]/g, (_, inner) => `[${inner.split(/,\n\s+/).join(', ')}]`)
  .replace(/\{\n\s+"median": ([^,\n]+),\n\s+"min": ([^,\n]+),\n\s+"max": ([^,\n]+)(?:,\n\s+"values": (\[[^\n]*\]))?\n\s+\}/g,
    (_, median, min, max, values) => `{ "median": ${median}, "min": ${min}, "max": ${max}${values ? `, "values": ${values}` : ''} }`) + '\n';
