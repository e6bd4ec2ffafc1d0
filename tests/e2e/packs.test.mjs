// Languages without pasting (docs/adr/013-packs-at-run-time.md): the banner's language pack is
// loaded beside the script only when its language is neither built in nor given in the config;
// a pack that fails or is invalid leaves an English banner with both buttons and a console error;
// blocking holds while the pack is awaited; Hebrew texts from the config render right to left.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serve } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { openPortal } from './lib/portal.mjs';
import { fixtureOpener } from './lib/fixture.mjs';
import { violations } from './lib/axe.mjs';

const JA = '/portals/pacificspatial.html';
const TRACKERS = ['/js/ga4.js', '/js/matomo.js', '/js/smarttag.js', '/portals/embed/video.html'];
const pack = (lang) => readFile(resolve(import.meta.dirname, `../../dist/texts/${lang}.json`), 'utf8');

let server, browser, fixture;
before(async () => { server = await serve(); browser = await launch(); fixture = fixtureOpener(browser, server); });
after(async () => { await browser?.close(); await server?.close(); });

/** A portal page, with its console errors and every language pack it requested. */
async function open(path, prepare) {
  const opened = await openPortal(browser, server.url);
  opened.packs = [];
  opened.page.on('request', (r) => { if (r.url().includes('/texts/')) opened.packs.push(new URL(r.url()).pathname); });
  await prepare?.(opened.page);
  await opened.portal.goto(path);
  await opened.portal.banner().waitFor();
  return opened;
}

async function bothButtons(portal) {
  for (const action of ['accept', 'reject']) assert.ok(await portal.button(action).isVisible(), `${action} shown`);
}

test('the Japanese portal speaks Japanese with nothing pasted: only the Japanese pack is fetched', async () => {
  const { context, page, portal, packs, errors } = await open(JA);
  assert.equal(await portal.button('accept').textContent(), 'すべて同意する');
  assert.equal(await page.locator('#biscotte').getAttribute('lang'), 'ja');
  assert.deepEqual(packs, ['/texts/ja.json']);
  await portal.button('customise').click();
  await portal.dialog().waitFor();
  assert.ok((await portal.dialog().textContent()).includes('常に有効'), 'the dialog speaks Japanese too');
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [slug, accept] of [['codeforcary', 'Accept all'], ['data-corsica', 'Tout accepter']]) {
  test(`${slug}: a built-in language, no pack fetched`, async () => {
    const { context, portal, packs } = await open(`/portals/${slug}.html`);
    assert.equal(await portal.button('accept').textContent(), accept);
    assert.deepEqual(packs, []);
    await context.close();
  });
}

for (const [name, fail, why] of [
  ['the request fails', (route) => route.abort(), 'Failed to fetch'],
  ['the server answers 404', (route) => route.fulfill({ status: 404, body: 'not found' }), 'HTTP 404'],
  ['the pack is not one', (route) => route.fulfill({ contentType: 'application/json', body: '{"acceptAll": 1}' }), 'texts.ja.acceptAll: expected a string'],
  ['the pack is cut short', (route) => route.fulfill({ contentType: 'application/json', body: '{"acceptAll": "同意' }), 'SyntaxError'],
]) {
  test(`Japanese pack unavailable (${name}): English banner with both buttons, the console says why`, async () => {
    const { context, page, portal, errors } = await open(JA, (p) => p.route('**/texts/ja.json', fail));
    assert.equal(await portal.button('accept').textContent(), 'Accept all');
    assert.equal(await portal.button('reject').textContent(), 'Reject all');
    await bothButtons(portal);
    assert.equal(await page.locator('#biscotte').getAttribute('lang'), 'en', 'marked as the English it is');
    const said = errors.find((e) => e.includes('"ja" language pack could not be loaded'));
    assert.ok(said, errors.join('\n'));
    assert.ok(said.includes(why) && said.includes('/texts/ja.json') && said.includes('textsUrl'), said);
    await portal.button('reject').click();
    await portal.banner().waitFor({ state: 'detached' });
    for (const path of TRACKERS) assert.equal(portal.requested(path), false, `${path} not requested`);
    await context.close();
  });
}

test('while the pack is awaited nothing shows and nothing optional runs; then the banner shows in Japanese', async () => {
  let held;
  const requested = new Promise((ok) => { held = ok; });
  const { context, page, portal, errors } = await openPortal(browser, server.url);
  await page.route('**/texts/ja.json', (route) => held(route));
  await portal.goto(JA);
  const route = await requested;
  await page.waitForLoadState('load');
  assert.equal(await page.locator('#biscotte').count(), 0, 'no banner, no half-translated one');
  assert.equal(await page.locator('script[type="text/plain"]').count() > 0, true, 'gated scripts stay inert');
  for (const path of TRACKERS) assert.equal(portal.requested(path), false, `${path} not requested`);
  await route.continue();
  await portal.banner().waitFor();
  const late = errors.some((e) => e.includes('no answer in time'));
  assert.equal(await portal.button('accept').textContent(), late ? 'Accept all' : 'すべて同意する', errors.join('\n'));
  await context.close();
});

test('a pack that never answers: after the wait, the English banner with both buttons', async () => {
  const { context, page, portal, errors } = await open(JA, (p) => p.route('**/texts/ja.json', () => {}));
  await bothButtons(portal);
  assert.equal(await page.locator('#biscotte').getAttribute('lang'), 'en');
  assert.ok(errors.some((e) => e.includes('no answer in time')), errors.join('\n'));
  await context.close();
});

for (const [csp, lang] of [["connect-src 'self'", 'ja'], ["connect-src 'none'", 'en']]) {
  test(`CSP ${csp}: the pack's origin must be allowed (${lang} banner)`, async () => {
    const { context, page, portal, errors } = await open(JA, (p) => p.route(server.url + JA, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': csp } });
    }));
    assert.equal(await page.locator('#biscotte').getAttribute('lang'), lang);
    await bothButtons(portal);
    assert.equal(errors.some((e) => e.includes('"ja" language pack could not be loaded')), lang === 'en', errors.join('\n'));
    await context.close();
  });
}

test('texts.ja given in the config: used as they are, no pack fetched', async () => {
  const ja = JSON.parse(await pack('ja'));
  ja.acceptAll = 'すべてに同意';
  const { context, portal, packs, errors } = await open(JA, (p) => p.route(server.url + JA, async (route) => {
    const html = await (await route.fetch()).text();
    const withTexts = html.replace('"policyUrl": "/portals/pacificspatial.html#cookies",', `"policyUrl": "/portals/pacificspatial.html#cookies", "texts": { "ja": ${JSON.stringify(ja)} },`);
    assert.notEqual(withTexts, html, 'the demo config changed: update this test');
    await route.fulfill({ body: withTexts, contentType: 'text/html' });
  }));
  assert.equal(await portal.button('accept').textContent(), 'すべてに同意');
  assert.deepEqual(packs, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a few texts.ja overrides: the pack is fetched and the overrides sit on it', async () => {
  const { context, portal, packs } = await open(JA, (p) => p.route(server.url + JA, async (route) => {
    const html = await (await route.fetch()).text();
    await route.fulfill({ body: html.replace('"policyUrl":', '"texts": { "ja": { "acceptAll": "同意します" } }, "policyUrl":'), contentType: 'text/html' });
  }));
  assert.equal(await portal.button('accept').textContent(), '同意します');
  assert.equal(await portal.button('reject').textContent(), 'すべて拒否する', 'the rest from the pack');
  assert.deepEqual(packs, ['/texts/ja.json']);
  await context.close();
});

test('the ES module finds the packs beside it (import.meta.url), textsUrl overrides', async () => {
  const config = { categories: [{ id: 'statistical', services: [{ preset: 'matomo' }] }], language: 'de' };
  const { context, page, requests } = await fixture('<p>x</p>', { config });
  await page.locator('#biscotte .banner').waitFor();
  assert.deepEqual(requests.filter((u) => u.includes('/texts/')).map((u) => new URL(u).pathname), ['/pkg/texts/de.json']);
  assert.equal(await page.locator('#biscotte [data-action=accept]').first().textContent(), JSON.parse(await pack('de')).acceptAll);
  await context.close();
  const moved = await browser.newContext();
  await moved.route('**/elsewhere/de.json', async (r) => r.fulfill({ contentType: 'application/json', body: await pack('de') }));
  const other = await fixture('<p>x</p>', { context: moved, config: { ...config, textsUrl: '/elsewhere/' } });
  await other.page.locator('#biscotte .banner').waitFor();
  assert.deepEqual(other.requests.filter((u) => u.includes('de.json')).map((u) => new URL(u).pathname), ['/elsewhere/de.json']);
  await moved.close();
});

// Hebrew, written for this test (Biscotte has no Hebrew pack): given in full in the config.
const HE = {
  bannerTitle: 'האתר משתמש בעוגיות',
  bannerText: 'אנחנו משתמשים בעוגיות כדי למדוד ביקורים ולהציג תוכן מאתרים אחרים. אפשר לקבל, לדחות או לבחור, ולשנות את הבחירה בכל עת דרך „הגדרות עוגיות”.',
  acceptAll: 'לקבל הכול', rejectAll: 'לדחות הכול', customise: 'התאמה אישית', save: 'לשמור את הבחירות שלי',
  close: 'לסגור ולדחות', policyLink: 'מדיניות העוגיות', preferencesTitle: 'הגדרות עוגיות',
  preferencesText: 'בחרו אילו עוגיות לאפשר. עוגיות הכרחיות פעילות תמיד, כי האתר לא יכול לפעול בלעדיהן.',
  alwaysOn: 'פעילות תמיד', services: 'שירותים', cookies: 'עוגיות בשימוש', cookieName: 'שם', cookieProvider: 'ספק',
  cookiePurpose: 'מטרה', cookieDuration: 'משך', catNecessaryTitle: 'הכרחיות', catNecessaryText: 'נדרשות כדי שהאתר יפעל.',
  catStatisticalTitle: 'סטטיסטיקה', catStatisticalText: 'מודדות ביקורים באתר כדי לשפר אותו.',
  catThirdPartyTitle: 'עוגיות צד שלישי', catThirdPartyText: 'מוצבות על ידי אתרים אחרים, למשל בתוכן מוטמע.',
  embedBlocked: 'התוכן של {service} חסום כי הוא עלול להציב עוגיות.', loadOnce: 'לטעון את התוכן',
  alwaysAllow: 'לאפשר תמיד את {service}', gpcNotice: 'הדפדפן שלך שולח אות Global Privacy Control.', dismiss: 'סגירה',
  proofPurpose: 'שומרת בדפדפן הזה תיעוד של בחירות העוגיות האחרונות שלך', proofDuration: 'עד שתמחקו אותה (10 הבחירות האחרונות)',
  exemptNotice: 'מדידת קהל אנונימית פועלת ללא הסכמתך; אפשר להתנגד לה בהגדרות.', exemptLabel: 'מדידת קהל פטורה מהסכמה',
  exemptText: 'סטטיסטיקה אנונימית שאינה דורשת הסכמה. כבו כדי להתנגד: היא תיעצר והעוגיות שלה יימחקו.',
  durationSession: 'עד סוף הגלישה', durationMinutes: 'דקה אחת|{n} דקות', durationDays: 'יום אחד|{n} ימים',
  durationMonths: 'חודש אחד|{n} חודשים', durationYears: 'שנה אחת|{n} שנים',
  purposeVisitor: 'מבחינה בין מבקרים', purposeVisit: 'מקשרת בין דפי אותו ביקור', purposeSource: 'זוכרת מאיזה אתר או קמפיין הגעת',
  purposeRate: 'מגבילה את תדירות שליחת הנתונים', purposeChoices: 'זוכרת את בחירות העוגיות שלך', purposeSignIn: 'שומרת על החיבור שלך בין הדפים',
  purposeLanguage: 'זוכרת את השפה שבחרת', purposeSecurity: 'מגינה על הבקשות שלך מפני זיוף בקשות בין אתרים', purposePlayer: 'זוכרת את הגדרות נגן הווידאו',
};

test('Hebrew texts from the config: right to left on the banner and the dialog, mirrored, axe 0, no pack fetched', async () => {
  const config = { categories: [{ id: 'statistical', services: [{ preset: 'matomo' }] }], language: 'he', texts: { he: HE } };
  const { context, page, requests, errors } = await fixture('<p>x</p>', { config });
  const banner = page.locator('#biscotte .banner');
  await banner.waitFor();
  assert.deepEqual([await page.locator('#biscotte').getAttribute('lang'), await page.locator('#biscotte').getAttribute('dir')], ['he', 'rtl']);
  const direction = (l) => l.evaluate((el) => getComputedStyle(el).direction);
  assert.equal(await direction(banner), 'rtl');
  const x = async (l) => (await l.boundingBox()).x;
  const accept = banner.locator('.actions [data-action=accept]');
  assert.equal(await accept.textContent(), HE.acceptAll);
  assert.ok(await x(accept) > await x(banner.locator('.actions [data-action=reject]')), 'the first button on the right');
  const bannerBox = await banner.boundingBox();
  assert.ok(await x(banner.locator('.close')) < bannerBox.x + bannerBox.width / 2, 'the × on the left');
  assert.deepEqual(await violations(page), []);
  await banner.locator('[data-action=customise]').click();
  const dialog = page.locator('#biscotte dialog');
  await dialog.waitFor();
  assert.equal(await direction(dialog), 'rtl');
  const dialogBox = await dialog.boundingBox();
  assert.ok(await x(dialog.locator('.close')) < dialogBox.x + dialogBox.width / 2, 'the dialog’s × on the left');
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(requests.filter((u) => u.includes('/texts/')), []);
  assert.deepEqual(errors, []);
  await context.close();
});
