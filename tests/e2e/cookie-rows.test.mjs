// The dialog's cookie tables on the seed portal demos (issue 14, "a cookie list that tells the
// truth"): every cookie the portal's policy and its services declare is listed with its provider,
// purpose and a filled Duration column, in the banner's language, built in (French) or from a
// language pack (Japanese, pasted in the page).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { openPortal } from './lib/portal.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Every row of the dialog's cookie tables, as { name: [provider, purpose, duration] }. */
async function dialogRows(slug) {
  const { context, page, portal, errors } = await openPortal(browser, server.url);
  await portal.goto(`/portals/${slug}.html`);
  await portal.banner().waitFor();
  await page.evaluate(() => Biscotte.showPreferences());
  await portal.dialog().waitFor();
  const rows = await page.locator('#biscotte dialog table tr:has(td)').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  assert.deepEqual(errors, []);
  await context.close();
  return Object.fromEntries(rows.map(([name, ...rest]) => [name, rest]));
}

test('data-corsica (French): every row has a duration; trackers and embeds are listed with the vendors\' lifetimes', async () => {
  const rows = await dialogRows('data-corsica');
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
  const rows = await dialogRows('pacificspatial');
  for (const [name, [, , duration]] of Object.entries(rows)) assert.notEqual(duration, '', `${name} has a duration`);
  assert.equal(rows.sessionid[2], 'セッション終了まで');
  assert.deepEqual(rows['_pk_id.*'], ['Matomo', '訪問者の識別', '13か月']);
  assert.deepEqual(rows._ga, ['Google Analytics 4', '訪問者の識別', '2年']);
});
