// Exempt audience measurement (issue 14, docs/adr/015): on data.corsica's demo page with its Matomo
// declared exempt, the tracker runs in exempt mode before any decision (its calls and its network
// request), switches to full mode on consent, and on objection stops and loses its cookies; Piano
// Analytics is told `essential`, then `opt-in`, then `opt-out`, in that order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serve } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { openPortal } from './lib/portal.mjs';
import { fixtureOpener } from './lib/fixture.mjs';
import { violations } from './lib/axe.mjs';

let server, browser, open;
before(async () => { server = await serve(); browser = await launch(); open = fixtureOpener(browser, server); });
after(async () => { await browser?.close(); await server?.close(); });

const PORTAL = resolve(import.meta.dirname, '../../www/portals/data-corsica.html');
const MATOMO = '{"id": "matomo", "label": "Matomo", "cookies": ["_pk_id.*", "_pk_ses.*"], "toggle": true}';
// What the exemption leaves out (a user id) goes in markup that needs consent to the category.
const FULL_MODE = `<script type="text/plain" data-category="statistical">_paq.push(['setUserId', 'visitor-42']);</script>`;

// A stand-in for matomo.js that behaves as Matomo does with its queue: it applies the commands
// queued before it loaded, then replaces `_paq` with an object whose `push` applies each one; it
// records them all, sends its page view to /matomo.php unless consent is required, and sets its
// cookies with the visitor cookie's timeout it was given.
const FAKE_MATOMO = `
  window.matomo = { runs: (window.matomo?.runs ?? 0) + 1, calls: [], timeout: 33955200 * 2, stopped: false };
  const apply = (c) => {
    matomo.calls.push(JSON.parse(JSON.stringify(c)));
    if (c[0] === 'setVisitorCookieTimeout') matomo.timeout = c[1];
    if (c[0] === 'requireConsent') matomo.stopped = true;
    if (c[0] === 'trackPageView' && !matomo.stopped) {
      fetch('/matomo.php?idsite=1&action=pageview');
      document.cookie = '_pk_id.1.demo=4242.1763895000.; Path=/; Max-Age=' + matomo.timeout;
      document.cookie = '_pk_ses.1.demo=1; Path=/; Max-Age=1800';
    }
  };
  for (const c of window._paq || []) apply(c);
  window._paq = { push: (...commands) => commands.forEach(apply) };
`;

async function openCorsica() {
  const source = await readFile(PORTAL, 'utf8');
  assert.ok(source.includes(MATOMO), "data.corsica's Matomo as the test expects it");
  const page = source.replace(MATOMO, '{"preset": "matomo", "label": "Matomo", "exempt": true}').replace('</body>', `${FULL_MODE}</body>`);
  const opened = await openPortal(browser, server.url);
  const tracked = [];
  await opened.context.route('**/portals/data-corsica.html', (r) => r.fulfill({ contentType: 'text/html', body: page }));
  await opened.context.route('**/js/matomo.js', (r) => r.fulfill({ contentType: 'text/javascript', body: FAKE_MATOMO }));
  await opened.context.route('**/matomo.php?**', (r) => { tracked.push(r.request().url()); r.fulfill({ status: 204 }); });
  const pageView = opened.page.waitForResponse('**/matomo.php?**');
  await opened.portal.goto('/portals/data-corsica.html');
  return { ...opened, tracked, pageView };
}

const matomo = (page) => page.evaluate(() => window.matomo ?? null);
const cookieNames = async (context) => (await context.cookies()).map((c) => c.name).sort();
const preferences = async (context) => (await context.cookies()).find((c) => c.name === 'cookies_preferences')?.value;

test('data.corsica with an exempt Matomo: exempt before any decision, full on consent, stopped and its cookies gone on objection', async () => {
  const { context, page, portal, errors, tracked, pageView } = await openCorsica();
  await portal.banner().waitFor();
  assert.match(await portal.banner().innerText(), /Une mesure d’audience anonyme fonctionne sans votre consentement/);

  // Before any decision: the tracker ran once, told the exempt settings first, and measured.
  await pageView;
  let seen = await matomo(page);
  assert.equal(seen.runs, 1);
  assert.deepEqual(seen.calls.slice(0, 2), [['setVisitorCookieTimeout', 33955200], ['resetUserId']], 'the exempt settings before the page\'s own commands');
  assert.ok(!seen.calls.some((c) => c[0] === 'setUserId'), 'what needs consent did not run');
  assert.equal(tracked.length, 1, 'one page view sent to /matomo.php');
  assert.ok(!portal.requested('/js/ga4.js') && !portal.requested('/js/smarttag.js'), 'the other trackers wait for consent');
  const pk = (await context.cookies()).find((c) => c.name === '_pk_id.1.demo');
  assert.ok(pk && pk.expires - Date.now() / 1000 <= 33955200 + 60, 'the visitor cookie lives 13 months at most');
  assert.equal(await page.evaluate(() => Biscotte.accepted('statistical/matomo')), false, 'running exempt is not consent');

  // Consent: full mode. The consented markup runs; no exempt settings are sent again.
  await portal.button('accept').click();
  await page.waitForFunction(() => window.matomo.calls.some((c) => c[0] === 'setUserId'));
  seen = await matomo(page);
  assert.equal(seen.runs, 1, 'activated once');
  assert.equal(seen.calls.filter((c) => c[0] === 'resetUserId').length, 1);
  assert.equal(await page.evaluate(() => Biscotte.accepted('statistical/matomo')), true);
  assert.match(await preferences(context), /\|statistical=1\|statistical\/ga4=1\|statistical\/matomo=1\|/);

  // Objection, with its own switch in the dialog.
  await page.evaluate(() => Biscotte.showPreferences());
  const row = portal.dialog().locator('.exempt');
  assert.match(await row.innerText(), /Mesure d’audience exemptée – Matomo/);
  const listed = await portal.dialog().evaluate((dialog) => [...dialog.querySelectorAll('tr')].map((tr) => [...tr.cells].map((c) => c.textContent)).filter((cells) => cells[0].startsWith('_pk_')));
  const rows = listed.map((cells) => cells[0]);
  assert.ok(rows.includes('_pk_id.*') && rows.includes('_pk_ses.*'), rows.join());
  assert.equal(new Set(rows).size, rows.length, 'its cookies, once each, in the category\'s table');
  assert.ok(listed.every((cells) => cells[1] === 'Matomo'), 'from Matomo');
  assert.doesNotMatch(await row.textContent(), /_pk_/, 'not listed a second time in its row');
  const objection = portal.dialog().locator('[role=switch][data-service=matomo][data-exempt]');
  assert.equal(await objection.getAttribute('aria-checked'), 'true');
  assert.equal(await objection.evaluate((el) => el.getRootNode().getElementById(el.getAttribute('aria-labelledby')).textContent), 'Mesure d’audience exemptée – Matomo', 'the switch is named by its row');
  assert.deepEqual(await violations(page), [], 'the dialog with its exempt row: no axe violation');
  await objection.click();
  await portal.button('save').click();
  await page.waitForFunction(() => window.matomo.stopped);
  assert.deepEqual((await matomo(page)).calls.at(-1), ['requireConsent'], 'the loaded tracker is told to stop');
  assert.match(await preferences(context), /\|statistical=1\|.*statistical\/matomo=0/);
  const names = await cookieNames(context);
  assert.ok(!names.some((n) => n.startsWith('_pk_')), `Matomo's cookies are deleted: ${names}`);
  await page.evaluate(() => window._paq.push(['trackPageView']));
  assert.equal(tracked.length, 1, 'nothing more is sent');

  // The next page view: nothing of Matomo loads, even with consent to statistics.
  const before = portal.requests.length;
  await page.reload();
  await page.waitForFunction(() => window.biscotteDemo?.ga4Runs >= 1);
  assert.ok(!portal.requests.slice(before).includes('/js/matomo.js'), 'matomo.js not requested');
  assert.equal(await matomo(page), null);
  assert.equal(await portal.banner().count(), 0, 'decided: no banner');
  assert.deepEqual(errors, []);
  await context.close();
});

test('data.corsica with an exempt Matomo: "reject all" is no objection', async () => {
  const { context, page, portal, tracked, pageView } = await openCorsica();
  await pageView;
  await portal.button('reject').click();
  assert.match(await preferences(context), /statistical=0\|statistical\/ga4=0\|statistical\/matomo=1/);
  assert.ok((await cookieNames(context)).includes('_pk_id.1.demo'), 'its cookies stay');
  const next = page.waitForResponse('**/matomo.php?**');
  await page.reload();
  await next;
  const seen = await matomo(page);
  assert.deepEqual(seen.calls.slice(0, 2), [['setVisitorCookieTimeout', 33955200], ['resetUserId']]);
  assert.ok(!seen.calls.some((c) => c[0] === 'setUserId'));
  assert.equal(tracked.length, 2, 'one exempt page view each');
  await context.close();
});

const PIANO = { categories: [{ id: 'statistical', services: [{ preset: 'atinternet', exempt: true }] }] };

test('Piano Analytics exempt: essential before any decision, opt-in on consent, opt-out on objection, in that order', async () => {
  const head = `<script>window.modes = []; window.pa = { consent: { setMode: (m) => window.modes.push(m) } };</script>`;
  const { context, page, errors } = await open('<p>piano</p>', { config: PIANO, head });
  const modes = () => page.evaluate(() => window.modes);
  const preset = () => page.evaluate(() => window.pdl.consent.defaultPreset.PA);
  assert.deepEqual(await modes(), ['essential']);
  assert.equal(await preset(), 'essential', 'an SDK loading later starts exempt');
  await page.locator('#biscotte .btn[data-action=accept]').click();
  assert.deepEqual(await modes(), ['essential', 'opt-in']);
  await page.evaluate(() => window.api.rejectAll());
  assert.deepEqual(await modes(), ['essential', 'opt-in', 'essential'], 'a refusal: back to exempt, no objection');
  await page.evaluate(() => window.api.showPreferences());
  await page.locator('#biscotte [role=switch][data-service=atinternet][data-exempt]').click();
  await page.locator('#biscotte [data-action=save]').click();
  assert.deepEqual(await modes(), ['essential', 'opt-in', 'essential', 'opt-out']);
  assert.equal(await preset(), 'opt-out');
  await page.reload();
  await page.waitForFunction(() => window.ready === true);
  assert.deepEqual(await modes(), ['opt-out'], 'the stored objection, before anything else');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Piano Analytics objected, then a revision asks about a new purpose: the objection holds while asking and after the answer', async () => {
  const context = await browser.newContext();
  const day = Math.floor(Date.now() / 1000) - 86400;
  const objected = `v1.1.q2Xo3mZb8kT1vLwA.${day}.${day}.necessary=1|statistical=0|statistical/atinternet=0`;
  await context.addCookies([{ name: 'cookies_preferences', value: objected, url: server.url }]);
  const config = { revision: 2, categories: [{ ...PIANO.categories[0], revision: 1 }, { id: 'maps', label: 'Maps', revision: 2 }] };
  const head = `<script>window.modes = []; window.pa = { consent: { setMode: (m) => window.modes.push(m) } };</script>`;
  const body = '<script type="text/plain" data-category="statistical" data-service="atinternet">window.pianoRan = true;</script>';
  const { page, errors } = await open(body, { context, config, head });
  await page.locator('#biscotte .banner').waitFor();
  assert.deepEqual(await page.evaluate(() => window.modes), ['opt-out'], 'asking about maps, Piano stays objected');
  assert.equal(await page.evaluate(() => window.pianoRan ?? false), false, 'its gated markup does not run');
  await page.locator('#biscotte .banner .btn[data-action=accept]').click();
  const value = (await context.cookies()).find((c) => c.name === 'cookies_preferences')?.value;
  assert.match(value, /^v1\.2\..*\|statistical=0\|statistical\/atinternet=0\|maps=1$/, 'the answer keeps the objection');
  assert.ok(!(await page.evaluate(() => window.modes)).some((m) => m !== 'opt-out'), 'never essential or opt-in');
  assert.equal(await page.evaluate(() => window.pianoRan ?? false), false);
  assert.deepEqual(errors.filter((e) => !e.includes('no necessary category')), []);
  await context.close();
});

test('a preset the exemption does not cover is refused with its path, and waits for consent', async () => {
  const config = { categories: [{ id: 'statistical', services: [{ preset: 'ga4', exempt: true }] }] };
  const context = await browser.newContext();
  const messages = [];
  const page = await context.newPage();
  page.on('console', (m) => messages.push(m.text()));
  await context.route('**/fixture.html', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>f</title>
    <script type="application/json" id="biscotte-config">${JSON.stringify(config)}</script><script src="/biscotte.js"></script></head>
    <body><script type="text/plain" data-category="statistical" data-service="ga4">window.ga4Ran = true;</script></body></html>` }));
  await page.goto(server.url + '/fixture.html');
  await page.locator('#biscotte .banner').waitFor();
  assert.ok(messages.some((m) => m.includes('categories[0].services[0].exempt: ignored: preset "ga4" cannot be exempt')), messages.join('\n'));
  assert.equal(await page.evaluate(() => window.ga4Ran ?? false), false);
  assert.equal(await page.locator('#biscotte .banner .exempt').count(), 0, 'no exempt notice');
  await context.close();
});
