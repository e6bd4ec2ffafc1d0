// The dialog's cookie tables on the seed portal demos (issue 14, "a cookie list that tells the
// truth"): every cookie the portal's policy and its services declare is listed with its provider,
// purpose and a filled Duration column, in the banner's language, built in (French) or from a
// language pack (Japanese, pasted in the page).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serve } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { openPortal } from './lib/portal.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Every row of the dialog's cookie tables on `path`, as { name: [provider, purpose, duration] };
 * `prepare(opened)` may route the page first. */
async function dialogRows(path, prepare = async () => {}) {
  const opened = await openPortal(browser, server.url);
  const { context, page, portal, errors } = opened;
  await prepare(opened);
  await portal.goto(path);
  await portal.banner().waitFor();
  await page.locator('[data-biscotte-open]').first().evaluate((a) => a.click());
  await portal.dialog().waitFor();
  const rows = await page.locator('#biscotte dialog table tr:has(td)').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  assert.deepEqual(errors, []);
  await context.close();
  return Object.fromEntries(rows.map(([name, ...rest]) => [name, rest]));
}

test('data-corsica (French): every row has a duration; trackers and embeds are listed with the vendors\' lifetimes', async () => {
  const rows = await dialogRows('/portals/data-corsica.html');
  for (const [name, [, , duration]] of Object.entries(rows)) assert.notEqual(duration, '', `${name} has a duration`);
  assert.deepEqual(rows.sessionid, ['Opendatasoft', 'Vous reconnaître d\'une page à l\'autre', 'Session'], 'the portal\'s own words, the duration added');
  assert.equal(rows.csrftoken[2], '1\u00a0an');
  assert.equal(rows.cookies_preferences[2], '6\u00a0mois');
  assert.deepEqual(rows._ga, ['Google Analytics 4', 'Distingue les visiteurs', '2\u00a0ans']);
  assert.deepEqual(rows['_ga_*'], ['Google Analytics 4', 'Relie les pages d’une même visite', '2\u00a0ans']);
  assert.deepEqual(rows['_pk_id.*'], ['Matomo', 'Distingue les visiteurs', '13\u00a0mois']);
  assert.deepEqual(rows['_pk_ses.*'], ['Matomo', 'Relie les pages d’une même visite', '30\u00a0minutes']);
  assert.deepEqual(rows.atuserid, ['SmartTag (AT Internet)', 'Distingue les visiteurs', '13\u00a0mois']);
  assert.deepEqual(rows.VISITOR_INFO1_LIVE, ['YouTube', 'Mémorise les réglages du lecteur vidéo', '6\u00a0mois'], 'the YouTube cookies from its service');
});

test('pacificspatial (Japanese pack): durations and purposes in Japanese', async () => {
  const rows = await dialogRows('/portals/pacificspatial.html');
  for (const [name, [, , duration]] of Object.entries(rows)) assert.notEqual(duration, '', `${name} has a duration`);
  assert.equal(rows.sessionid[2], 'セッション終了まで');
  assert.deepEqual(rows['_pk_id.*'], ['Matomo', '訪問者の識別', '13か月']);
  assert.deepEqual(rows._ga, ['Google Analytics 4', '訪問者の識別', '2年']);
});

test('a Polish portal with the pack and the GA4 and Matomo presets: each number takes its plural form', async () => {
  const pack = await readFile(resolve(import.meta.dirname, '../../dist/texts/pl.json'), 'utf8');
  const rows = await dialogRows('/', async ({ context, page }) => {
    await context.addCookies([{ name: 'django_language', value: 'pl', domain: new URL(server.url).hostname, path: '/' }]);
    await page.route(server.url + '/', async (route) => {
      const html = await (await route.fetch()).text();
      const config = `{ "policyUrl": "/cookies.html", "texts": { "pl": ${pack} }, "categories": [{ "id": "statistical", "services": [{ "preset": "ga4" }, { "preset": "matomo" }] }] }`;
      const withPack = html.replace('{ "policyUrl": "/cookies.html" }', config);
      assert.notEqual(withPack, html, 'the demo config block changed: update this test');
      await route.fulfill({ body: withPack, contentType: 'text/html' });
    });
  });
  assert.deepEqual(rows.sessionid, ['Opendatasoft', 'Pozwala pozostać zalogowanym podczas przechodzenia między stronami', 'Sesja']);
  assert.equal(rows.csrftoken[2], '1 rok');
  assert.equal(rows.cookies_preferences[2], '6 miesięcy');
  assert.deepEqual(rows._ga, ['Google Analytics', 'Odróżnia od siebie odwiedzających', '2 lata']);
  assert.equal(rows._gid[2], '1 dzień');
  assert.equal(rows._gat[2], '1 minuta');
  assert.deepEqual(rows['_pk_id.*'], ['Matomo', 'Odróżnia od siebie odwiedzających', '13 miesięcy']);
  assert.equal(rows['_pk_ses.*'][2], '30 minut');
  assert.equal(rows['mtm_consent*'][2], '30 lat');
});
