// Blocking that holds (issue 5): static order and exactly-once, dynamic injection, cookie clean-up,
// events, and a decision reaching another tab. Fixture pages and tracker stand-ins are served with
// page.route, so nothing leaves the machine; the network log is the proof, not only flags.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { DEFAULT_CONFIG, fixtureOpener } from './lib/fixture.mjs';

let server, browser;
let open;
before(async () => { server = await serve(); browser = await launch(); open = fixtureOpener(browser, server); });
after(async () => { await browser?.close(); await server?.close(); });

const trackerRequests = (requests) => requests.filter((u) => /\/t\/|googletagmanager|matomo\.js/.test(u));

test('fifty gated scripts: nothing is requested before consent, then each runs once, in document order', async () => {
  let body = '';
  const expected = [];
  for (let i = 0; i < 50; i++) {
    body += `<script type="text/plain" data-category="statistical" src="/t/s${i}.js"></script>\n`;
    expected.push(`s${i}.js`);
    if (i % 10 === 9) {
      // An inline script after an external one must see it already run.
      body += `<script type="text/plain" data-category="statistical">window.order.push('inline-after-s${i}:' + window.order.includes('s${i}.js'));</script>\n`;
      expected.push(`inline-after-s${i}:true`);
    }
  }
  const { context, page, requests, errors } = await open(body);
  await page.locator('#biscotte [data-action=accept]').waitFor();
  assert.deepEqual(trackerRequests(requests), [], 'no gated request before consent');
  await page.locator('#biscotte [data-action=accept]').click();
  await page.waitForFunction((n) => (window.order?.length ?? 0) >= n, expected.length);
  await page.waitForTimeout(200);
  assert.deepEqual(await page.evaluate(() => window.order), expected);
  await page.evaluate(() => window.api.acceptAll());
  await page.waitForTimeout(200);
  assert.equal((await page.evaluate(() => window.order)).length, expected.length, 'a second decision runs nothing twice');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a tag manager injecting gtag/js after load is held until consent, then runs once', async () => {
  const { context, page, requests } = await open('<p>dynamic</p>');
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.async = true;
    s.src = 'https://www.googletagmanager.com/gtag/js?id=G-TEST';
    document.head.appendChild(s);
    const m = document.createElement('script');
    m.setAttribute('src', '/stats/matomo.js');
    document.body.appendChild(m);
  });
  await page.waitForTimeout(300);
  assert.equal(requests.filter((u) => u.includes('googletagmanager')).length, 0, 'gtag/js never requested before consent');
  assert.equal(requests.filter((u) => u.includes('matomo.js')).length, 0, 'setAttribute("src") is guarded too');
  assert.equal(await page.evaluate(() => window.gtagRuns ?? 0), 0);
  await page.locator('#biscotte [data-action=accept]').click();
  await page.waitForFunction(() => window.gtagRuns === 1 && window.matomoRuns === 1);
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.gtagRuns), 1, 'exactly once');
  assert.equal(await page.evaluate(() => window.matomoRuns), 1, 'exactly once');
  assert.equal(requests.filter((u) => u.includes('googletagmanager')).length, 1);
  await context.close();
});

test('held too: a URL object as src, new String("src") as the attribute name, a dynamic iframe; a gated script keeps its onload', async () => {
  const context = await browser.newContext();
  await context.route('https://www.youtube.com/**', (r) => r.fulfill({ contentType: 'text/html', body: '<p>video</p>' }));
  const { page, requests, errors } = await open(
    '<script type="text/plain" data-category="statistical" src="/t/own.js" onload="window.ownOnload = (window.ownOnload || 0) + 1"></script>',
    { context },
  );
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.src = new URL('https://www.googletagmanager.com/gtag/js?id=G-URL');
    document.head.appendChild(s);
    const m = document.createElement('script');
    m.setAttribute(new String('src'), '/stats/matomo.js');
    document.body.appendChild(m);
    const f = document.createElement('iframe');
    f.src = 'https://www.youtube.com/embed/abc';
    document.body.appendChild(f);
  });
  await page.waitForTimeout(300);
  const held = (part) => requests.filter((u) => u.includes(part)).length;
  assert.equal(held('googletagmanager'), 0, 'a URL object is read as its string');
  assert.equal(held('matomo.js'), 0, 'the attribute name is read as its string');
  assert.equal(held('youtube.com'), 0, 'a created iframe is guarded like a script');
  await page.locator('#biscotte [data-action=accept]').click();
  await page.waitForFunction(() => window.gtagRuns === 1 && window.matomoRuns === 1 && window.ownOnload === 1);
  await page.waitForTimeout(200);
  assert.equal(held('youtube.com/embed/abc'), 1, 'the iframe loads once after consent');
  assert.equal(await page.evaluate(() => window.ownOnload), 1, "the script's own onload ran, once");
  assert.deepEqual(errors, []);
  await context.close();
});

test('a dynamically injected script of a refused service stays inert after reject all', async () => {
  const { context, page, requests } = await open('<p>dynamic</p>');
  await page.locator('#biscotte .btn[data-action=reject]').click();
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.src = 'https://www.googletagmanager.com/gtag/js?id=G-TEST';
    document.head.appendChild(s);
  });
  await page.waitForTimeout(300);
  assert.equal(requests.filter((u) => u.includes('googletagmanager')).length, 0);
  assert.equal(await page.evaluate(() => document.querySelector('script[data-service=ga4]')?.type), 'text/plain');
  await context.close();
});

test('withdrawal deletes the cookies a real script set', async () => {
  const { context, page } = await open('<script type="text/plain" data-category="statistical" data-service="matomo" src="/stats/matomo.js"></script>');
  await page.locator('#biscotte [data-action=accept]').click();
  await page.waitForFunction(() => window.matomoRuns === 1);
  assert.ok((await context.cookies()).some((c) => c.name === '_pk_id.1.a1b2'), 'the tracker set its cookie');
  await page.evaluate(() => window.api.showPreferences());
  await page.locator('#biscotte dialog [data-action=reject]').click();
  const names = (await context.cookies()).map((c) => c.name);
  assert.ok(!names.includes('_pk_id.1.a1b2'), `tracker cookie deleted, left: ${names}`);
  assert.ok(names.includes('cookies_preferences'));
  const changes = await page.evaluate(() => window.changes);
  assert.equal(changes.length, 2, 'onChange: accept, then withdrawal');
  assert.equal(changes[1].statistical, false);
  assert.equal(changes[0]['statistical/matomo'], true);
  await context.close();
});

test('a decision in one tab applies in another open tab without reload', async () => {
  const body = '<script type="text/plain" data-category="statistical" data-service="matomo" src="/stats/matomo.js"></script>';
  const first = await open(body);
  const second = await first.context.newPage();
  await second.goto(server.url + '/fixture.html');
  await second.waitForFunction(() => window.ready === true);
  await second.locator('#biscotte [data-action=accept]').waitFor();
  await first.page.locator('#biscotte [data-action=accept]').click();
  await second.waitForFunction(() => window.matomoRuns === 1);
  assert.equal(await second.locator('#biscotte .banner').count(), 0, 'the other tab closed its banner');
  assert.equal((await second.evaluate(() => window.changes)).length, 1);
  await first.context.close();
});

test('a stored choice fires biscotte:consent at start and activates at once', async () => {
  const first = await open('<script type="text/plain" data-category="statistical" data-service="matomo" src="/stats/matomo.js"></script>');
  await first.page.locator('#biscotte [data-action=accept]').click();
  await first.page.reload();
  await first.page.waitForFunction(() => window.ready === true && window.matomoRuns === 1);
  const log = await first.page.evaluate(() => window.log);
  assert.equal(log.length, 1);
  assert.equal(log[0][1]['statistical/matomo'], true);
  await first.context.close();
});

const VIDEO = '<iframe title="Bike lanes video" width="560" height="315" data-category="third_party" data-service="youtube" data-src="https://www.youtube-nocookie.com/embed/demo"></iframe>';

async function routeYouTube(context) {
  const hits = [];
  await context.route('https://www.youtube-nocookie.com/**', (r) => { hits.push(r.request().url()); r.fulfill({ contentType: 'text/html', body: '<p>video</p>' }); });
  return hits;
}

test('a blocked embed shows an accessible placeholder; "Load this content" loads it once without storing consent', async () => {
  const context = await browser.newContext();
  const hits = await routeYouTube(context);
  const { page } = await open(VIDEO, { context });
  const region = page.getByRole('region', { name: 'YouTube' });
  await region.waitFor();
  assert.match(await region.locator('p').textContent(), /This YouTube content is blocked/);
  assert.equal(await page.locator('iframe[title="Bike lanes video"]').isHidden(), true);
  assert.equal(hits.length, 0, 'nothing requested from YouTube before consent');
  await region.getByRole('button', { name: 'Load this content' }).click();
  await page.locator('iframe[title="Bike lanes video"]').waitFor({ state: 'visible' });
  for (let i = 0; i < 40 && hits.length === 0; i++) await page.waitForTimeout(25);
  assert.equal(hits.length, 1);
  assert.equal(await region.count(), 0, 'placeholder removed');
  assert.ok(!(await context.cookies()).some((c) => c.name === 'cookies_preferences'), 'no stored decision');
  await context.close();
});

test('page code calling back into Biscotte from its listeners and from gtag sees the new decision and can decide again', async () => {
  const head = `<script>
    window.seen = [];
    window.gtag = (...args) => { window.seen.push(['gtag', args[1], window.Biscotte?.accepted('statistical')]); };
    document.addEventListener('biscotte:change', (e) => {
      window.seen.push(['change', e.detail.statistical, window.Biscotte.accepted('statistical')]);
      if (e.detail.statistical) window.Biscotte.rejectAll();
    });
  </script>`;
  const body = '<script type="text/plain" data-category="statistical">window.statRan = (window.statRan || 0) + 1;</script>';
  const { context, page, errors } = await open(body, { head, config: { ...DEFAULT_CONFIG, consentMode: true } });
  await page.evaluate(async () => { const m = await import('/pkg/biscotte.js'); window.Biscotte = { accepted: m.accepted, rejectAll: m.rejectAll }; });
  await page.locator('#biscotte .btn[data-action=accept]').click();
  await page.waitForFunction(() => window.seen.filter((s) => s[0] === 'change').length === 2);
  const seen = await page.evaluate(() => window.seen);
  assert.deepEqual(seen.filter((s) => s[0] === 'change'), [['change', true, true], ['change', false, false]]);
  assert.deepEqual(seen.filter((s) => s[0] === 'gtag').slice(-2), [['gtag', 'update', true], ['gtag', 'update', false]], 'gtag sees the consent it is told about');
  // Released tags run after the click's frame (docs/adr/018): withdrawn in the click's own task,
  // before its turn, the script never runs.
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.statRan), undefined, 'withdrawn before its turn, the script never ran');
  const cookie = (await context.cookies()).find((c) => c.name === 'cookies_preferences');
  assert.match(cookie.value, /statistical=0/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a second start() with another language redraws the embed placeholders in it', async () => {
  const context = await browser.newContext();
  const hits = await routeYouTube(context);
  const { page } = await open(VIDEO, { context });
  await page.getByRole('region', { name: 'YouTube' }).waitFor();
  await page.evaluate(async (config) => {
    const { start } = await import('/pkg/biscotte.js');
    start(JSON.stringify({ ...config, language: 'fr' }));
  }, DEFAULT_CONFIG);
  const regions = page.getByRole('region', { name: 'YouTube' });
  await page.waitForFunction(() => document.querySelectorAll('[data-biscotte-embed][lang=fr]').length === 1);
  assert.equal(await regions.count(), 1, 'one placeholder, not one per start');
  assert.match(await regions.locator('p').textContent(), /Ce contenu YouTube est bloqué/);
  assert.equal(hits.length, 0);
  await context.close();
});

test('"Always allow YouTube" stores consent for that service only', async () => {
  const context = await browser.newContext();
  const hits = await routeYouTube(context);
  const { page } = await open(VIDEO, { context });
  await page.getByRole('button', { name: 'Always allow YouTube' }).click();
  await page.locator('iframe[title="Bike lanes video"]').waitFor({ state: 'visible' });
  const value = (await context.cookies()).find((c) => c.name === 'cookies_preferences').value;
  assert.match(value, /third_party\/youtube=1/);
  assert.match(value, /statistical=0/);
  assert.equal(await page.locator('#biscotte .banner').count(), 0, 'the decision closed the banner');
  for (let i = 0; i < 40 && hits.length === 0; i++) await page.waitForTimeout(25);
  assert.equal(hits.length, 1);
  await context.close();
});

test('gated images and stylesheets load only after consent', async () => {
  const body = `<img alt="pixel" data-category="statistical" data-src="/t/pixel.gif">
<link rel="stylesheet" data-category="third_party" data-src="/t/widget.css">`;
  const { context, page, requests } = await open(body);
  await page.locator('#biscotte .btn[data-action=accept]').waitFor();
  assert.deepEqual(trackerRequests(requests), [], 'nothing requested before consent');
  await page.locator('#biscotte .btn[data-action=accept]').click();
  await page.waitForFunction(() => document.querySelector('link[data-category]').getAttribute('href') === '/t/widget.css');
  assert.equal(await page.locator('img[alt=pixel]').getAttribute('src'), '/t/pixel.gif');
  for (let i = 0; i < 40 && trackerRequests(requests).length < 2; i++) await page.waitForTimeout(25);
  assert.equal(trackerRequests(requests).length, 2);
  await context.close();
});

test('a category or service holding the characters that separate gated elements\' subjects names nothing, and shifts no other element', async () => {
  const run = (name) => `<script type="text/plain" data-category=CAT>(window.order ??= []).push('${name}');</script>`;
  const body = [
    run('record separator').replace('CAT', '"statistical&#x1E;third_party"'),
    run('field separator').replace('CAT', '"statistical&#x1F;ga4"'),
    run('third_party').replace('CAT', '"third_party"'),
    run('ga4').replace('CAT', '"statistical" data-service="ga4"'),
    run('service field separator').replace('CAT', '"statistical" data-service="ga4&#x1F;x&#x1E;"'),
  ].join('\n');
  const { context, page, errors } = await open(body);
  await page.locator('#biscotte [data-action=accept]').click();
  await page.waitForFunction(() => (window.order?.length ?? 0) >= 3);
  await page.waitForTimeout(200);
  // The last one names an unknown service of an accepted category, which runs as its category does.
  assert.deepEqual(await page.evaluate(() => window.order), ['third_party', 'ga4', 'service field separator']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('gated elements whose subjects page code garbled are not activated, and the console says so', async () => {
  const body = `<script type="text/plain" data-category="third_party">(window.order ??= []).push('third_party');</script>
<script type="text/plain" data-category="statistical">(window.order ??= []).push('statistical');</script>`;
  const { context, page, errors } = await open(body);
  await page.locator('#biscotte [data-action=accept]').waitFor();
  // A page's own replace() that adds a separator: each value would then read as two subjects.
  await page.evaluate(() => {
    const replace = String.prototype.replace;
    String.prototype.replace = function (pattern, by) {
      return String(pattern).includes('u001e') ? `${this}\u001e` : replace.call(this, pattern, by);
    };
  });
  await page.locator('#biscotte [data-action=accept]').click();
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.order), undefined, 'nothing ran under a guessed subject');
  assert.deepEqual(errors, ["Biscotte: the page's gated elements could not be read; none is activated"]);
  await context.close();
});
