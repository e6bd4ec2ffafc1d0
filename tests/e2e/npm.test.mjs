// The npm package as an app developer gets it: `npm pack` of pkg/ (made by scripts/build.py),
// installed offline into a copy of each app in tests/npm/, type-checked (the Vite app, with tsc),
// built by Vite, webpack 5 and esbuild from the repository's pinned versions, then loaded in
// headless Chromium: the banner appears in the page's language, a choice is stored in the cookie,
// the gated script follows it and onChange reports it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { openPortal } from './lib/portal.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const WORK = join(ROOT, 'target/npm-apps');
const bin = (name) => join(ROOT, 'node_modules/.bin', name);

function run(command, args, cwd) {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${error.stdout}\n${error.stderr}`);
  }
}

// app → how to build it, and which directory to serve once built.
const APPS = {
  vite: { build: (dir) => run(bin('vite'), ['build', '--logLevel', 'warn'], dir), serve: 'dist' },
  webpack: { build: (dir) => run(bin('webpack'), ['--config', join(dir, 'webpack.config.js')], dir), serve: '.' },
  esbuild: {
    build: (dir) => run(bin('esbuild'), ['src/app.js', '--bundle', '--minify', '--format=esm', '--outfile=dist/app.js'], dir),
    serve: '.',
  },
};

let browser;
let tarball;
const servers = {};

before(async () => {
  const pkg = join(ROOT, 'pkg');
  assert.ok(existsSync(join(pkg, 'package.json')), 'pkg/ is missing: run python3 scripts/build.py first');
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', WORK, pkg], ROOT));
  tarball = { path: join(WORK, packed.filename), files: packed.files.map((f) => f.path).sort() };
  for (const [name, app] of Object.entries(APPS)) {
    const dir = join(WORK, name);
    cpSync(join(ROOT, 'tests/npm', name), dir, { recursive: true });
    run('npm', ['install', '--offline', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', tarball.path], dir);
    if (name === 'vite') run(bin('tsc'), ['-p', join(dir, 'tsconfig.json')], dir);
    app.build(dir);
    servers[name] = await serve(join(dir, app.serve));
  }
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await Promise.all(Object.values(servers).map((s) => s.close()));
});

test('the tarball holds the module, its types, the readme and licences, and a complete package.json', () => {
  const packs = ['bg', 'ca', 'cs', 'da', 'de', 'el', 'es', 'et', 'fi', 'ga', 'hr', 'hu', 'it', 'ja', 'lt', 'lv', 'mt', 'nl', 'pl', 'pt', 'ro', 'sk', 'sl', 'sv'].flatMap((l) => [`texts/${l}.d.ts`, `texts/${l}.js`]);
  assert.deepEqual(tarball.files, ['LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'biscotte.d.ts', 'biscotte.js', 'package.json', ...packs]);
  const manifest = JSON.parse(readFileSync(join(ROOT, 'pkg/package.json'), 'utf8'));
  const cargo = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8');
  assert.equal(manifest.name, 'biscotte');
  assert.equal(manifest.version, cargo.match(/^version = "(.+)"$/m)[1]);
  for (const key of ['description', 'license', 'repository', 'exports', 'types', 'files']) assert.ok(manifest[key], key);
  assert.equal(manifest.sideEffects, false);
  assert.equal(manifest.exports['.'].types, './biscotte.d.ts');
  assert.equal(manifest.exports['./texts/*'].types, './texts/*.d.ts');
});

async function open(name, contextOptions) {
  const opened = await openPortal(browser, servers[name].url, contextOptions);
  await opened.portal.goto('/');
  await opened.portal.banner().waitFor();
  return opened;
}

async function decisionCookie(portal) {
  const cookie = await portal.consentCookie();
  assert.ok(cookie, 'no cookies_preferences cookie');
  return cookie.value;
}

test('Vite: the typed, complete configuration starts without a warning, Accept all is stored and logged', async () => {
  const beacons = [];
  const { context, page, portal, errors, warnings } = await open('vite');
  await page.route('**/consent-log', (route) => { beacons.push(route.request().postData()); return route.fulfill({ status: 204 }); });
  try {
    assert.deepEqual(await page.evaluate(() => window.appState), { started: true, statisticalAtStart: false });
    assert.equal(await page.locator('#biscotte').getAttribute('lang'), 'en');
    assert.equal(await page.locator('#biscotte').getAttribute('data-layout'), 'box');
    assert.equal((await portal.button('accept').textContent()).trim(), 'Accept everything');
    assert.equal(await page.evaluate(() => window.statisticalRuns ?? 0), 0);
    await portal.button('accept').click();
    assert.match(await decisionCookie(portal), /^v1\.2\.[^.]+\.\d+\.\d+\..*statistical=1/);
    assert.equal(await page.evaluate(() => window.statisticalRuns), 1);
    assert.equal(JSON.parse(await page.locator('#decision').textContent()).statistical, true);
    await assert.doesNotReject(() => waitFor(() => beacons.length === 1), 'one proof-of-consent beacon');
    assert.deepEqual(errors, []);
    assert.deepEqual(warnings, []);
  } finally {
    await context.close();
  }
});

test('webpack 5: the banner follows <html lang="fr">, Reject all is stored and nothing gated runs', async () => {
  const { context, page, portal, errors } = await open('webpack');
  try {
    assert.equal(await page.evaluate(() => window.appState.started), true);
    assert.equal(await page.locator('#biscotte').getAttribute('lang'), 'fr');
    await portal.button('reject').click();
    assert.match(await decisionCookie(portal), /^v1\.1\.[^.]+\.\d+\.\d+\..*statistical=0/);
    await page.reload();
    await page.waitForLoadState('load');
    assert.equal(await portal.banner().count(), 0, 'no banner once decided');
    assert.equal(await page.evaluate(() => window.statisticalRuns ?? 0), 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('esbuild: the German language pack from biscotte/texts/de, German banner, the stored choice activates on the next view', async () => {
  const { context, page, portal, errors, warnings } = await open('esbuild');
  try {
    assert.equal(await page.locator('#biscotte').getAttribute('lang'), 'de');
    assert.equal((await portal.button('accept').textContent()).trim(), 'Alle akzeptieren');
    assert.deepEqual(warnings.filter((w) => w.includes('has no texts')), [], 'German has texts: the pack');
    await portal.button('accept').click();
    assert.match(await decisionCookie(portal), /statistical\/matomo=1/);
    assert.equal(JSON.parse(await page.locator('#decision').textContent())['statistical/matomo'], true);
    await page.reload();
    await page.waitForFunction(() => window.statisticalRuns === 1);
    assert.equal(await portal.banner().count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

async function waitFor(condition, timeout = 5000) {
  const end = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((ok) => setTimeout(ok, 50));
  }
}
