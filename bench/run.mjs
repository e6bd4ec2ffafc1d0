// Biscotte's benchmark against vanilla-cookieconsent v3 and a bare page, in the same run (issues 7
// and 17). On demand, not a test: `bash bench/run.sh`. For each configuration (desktop and phone
// viewport, 1x and 4x CPU), alternates variants A B C D A B C D… in fresh browser contexts and
// prints medians, min–max and ratios. Knobs (environment): RUNS, VARIANTS, CONFIGS, ACTIVATE=0,
// OUT (the results directory), BASE (below).
import { createServer } from 'node:http';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { join, resolve, extname } from 'node:path';
import os from 'node:os';
import { launch } from '../tests/e2e/lib/browser.mjs';
import { page as pageHtml } from './page.mjs';
import { sample, activation } from './visits.mjs';
import { summarize, targets, render, toJson } from './report.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.RUNS ?? 10);
// BASE=<an earlier build's biscotte.js>: that build as one more variant, `biscotte-base`, served
// and placed as the one-file script is and alternated with the others, so that a change is
// measured against the build before it in the same run (this machine's noise between runs is of
// the order of a change's gain).
const BASE = process.env.BASE ? resolve(process.env.BASE) : null;
const ALL = ['none', 'biscotte-js', ...(BASE ? ['biscotte-base'] : []), 'biscotte-esm', 'vanilla'];
const VARIANTS = process.env.VARIANTS ? process.env.VARIANTS.split(',') : ALL;
// Playwright's default desktop viewport, and a phone's (375×667 CSS px, as an iPhone SE).
const CONFIGS = {
  'desktop-1x': { throttle: 1, viewport: { width: 1280, height: 720 } },
  'desktop-4x': { throttle: 4, viewport: { width: 1280, height: 720 } },
  'phone-1x': { throttle: 1, viewport: { width: 375, height: 667 } },
  'phone-4x': { throttle: 4, viewport: { width: 375, height: 667 } },
};
const CHOSEN = process.env.CONFIGS ? process.env.CONFIGS.split(',') : Object.keys(CONFIGS);
// Activation does not depend on the viewport: timed on the desktop only. ACTIVATE=0 skips it.
const ACTIVATE = process.env.ACTIVATE !== '0';
const OUT = resolve(process.env.OUT ?? join(ROOT, 'bench/results'));
const ASSETS = {
  'biscotte-js': ['dist/biscotte.js'],
  'biscotte-base': [BASE],
  'biscotte-esm': ['dist/biscotte.mjs', 'dist/biscotte_bg.wasm'],
  vanilla: ['node_modules/vanilla-cookieconsent/dist/cookieconsent.umd.js', 'node_modules/vanilla-cookieconsent/dist/cookieconsent.css'],
};
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
const brotli = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });

// Encoded bodies are made once per URL and encoding, as a production server serves precompressed
// static files: compressing at brotli's quality 11 on every request would time the bench's server
// (hundreds of milliseconds for a large script), not the banner.
const encoded = new Map();
function encode(key, body, encoding) {
  if (!encoded.has(key)) encoded.set(key, encoding === 'br' ? brotli(body) : gzipSync(body, { level: 9 }));
  return encoded.get(key);
}

function serve() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let body, type = 'text/html; charset=utf-8';
    if (url.pathname === '/page') {
      body = Buffer.from(pageHtml(url.searchParams.get('v'), { bulk: url.searchParams.has('bulk') }));
    } else if (url.pathname === '/base/biscotte.js' && BASE) {
      body = readFileSync(BASE);
      type = TYPES['.js'];
    } else {
      const file = url.pathname.startsWith('/vanilla/')
        ? join(ROOT, 'node_modules/vanilla-cookieconsent/dist', url.pathname.slice(9))
        : join(ROOT, url.pathname);
      if (!file.startsWith(ROOT)) { res.writeHead(403).end(); return; }
      try { body = readFileSync(file); } catch { res.writeHead(404).end(); return; }
      type = TYPES[extname(file)] ?? 'application/octet-stream';
    }
    const accept = req.headers['accept-encoding'] ?? '';
    const headers = { 'content-type': type, 'cache-control': 'no-store' };
    const encoding = accept.includes('br') ? 'br' : accept.includes('gzip') ? 'gzip' : null;
    // The return visit's URL differs by `&ret` only: one encoded page for both.
    const key = url.pathname === '/page' ? `${encoding} ${url.searchParams.get('v')} ${url.searchParams.has('bulk')}` : `${encoding} ${req.url}`;
    if (encoding) { body = encode(key, body, encoding); headers['content-encoding'] = encoding; }
    res.writeHead(200, headers).end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

// The one-file script's size gate, as scripts/build.py reads it.
const GATE = Number(/^"dist\/biscotte\.js" = (\d+)/m.exec(readFileSync(join(ROOT, 'wasm-pack.toml'), 'utf8'))[1]);

function assetSizes() {
  const out = {};
  for (const [variant, files] of Object.entries(ASSETS)) {
    if (!VARIANTS.includes(variant)) continue;
    const bytes = files.map((f) => readFileSync(resolve(ROOT, f)));
    out[variant] = {
      raw: bytes.reduce((s, b) => s + b.length, 0),
      gzip: bytes.reduce((s, b) => s + gzipSync(b, { level: 9 }).length, 0),
      brotli: bytes.reduce((s, b) => s + brotli(b).length, 0),
    };
  }
  return out;
}

// RENDER=1: only rewrite latest.md from latest.json (after a change of the tables' layout).
if (process.env.RENDER === '1') {
  const results = JSON.parse(readFileSync(join(OUT, 'latest.json'), 'utf8'));
  results.targets = targets(results);
  writeFileSync(join(OUT, 'latest.json'), toJson(results));
  writeFileSync(join(OUT, 'latest.md'), render(results) + '\n');
  console.log(render(results));
  process.exit(0);
}

const started = Date.now();
const server = await serve();
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launch();
const cpus = os.cpus();
const results = {
  date: new Date().toISOString(), machine: { cores: cpus.length, cpu: cpus[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), loadBefore: os.loadavg()[0] },
  chromium: browser.version(), runs: RUNS, sizes: assetSizes(), figures: {}, failures: [],
};
for (const key of CHOSEN) {
  const config = CONFIGS[key];
  const samples = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  const activations = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  const activate = ACTIVATE && key.startsWith('desktop');
  for (let i = 0; i < RUNS; i++) {
    for (const v of VARIANTS) {
      // A run that times out (a loaded machine) is noted and left out, not retried.
      try { samples[v].push(await sample(browser, base, v, config)); } catch (e) { results.failures.push(`${key} ${v} run ${i + 1}: ${e.message.split('\n')[0]}`); }
      if (!activate || v === 'none') continue;
      try { activations[v].push(await activation(browser, base, v, config)); } catch (e) { results.failures.push(`${key} ${v} activation ${i + 1}: ${e.message.split('\n')[0]}`); }
    }
    process.stderr.write(`${key}: run ${i + 1}/${RUNS} (${Math.round((Date.now() - started) / 1000)} s)\n`);
  }
  results.figures[key] = Object.fromEntries(VARIANTS.map((v) => [v, summarize(samples[v], activations[v])]));
}
await browser.close();
server.close();
results.machine.loadAfter = os.loadavg()[0];
results.seconds = Math.round((Date.now() - started) / 1000);

results.configs = Object.fromEntries(CHOSEN.map((k) => [k, CONFIGS[k]]));
results.variants = VARIANTS;
results.gate = GATE;
results.targets = targets(results);
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'latest.json'), toJson(results));
const table = render(results);
writeFileSync(join(OUT, 'latest.md'), table + '\n');
console.log('\n' + table);
