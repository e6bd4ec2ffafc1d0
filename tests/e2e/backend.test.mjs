// The example Rust back end (examples/backend) with a real browser: the banner's proof-of-consent
// beacon reaches the receiver and is stored in SQLite, and the server-side analytics follows the
// choice on the next page view. Guards the record's format between core::proof and the receiver.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from './lib/browser.mjs';
import { openPortal } from './lib/portal.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const TOKEN = 'e2e-export-token';
let backend, url, dir, browser;

before(async () => {
  const build = spawnSync('cargo', ['build', '--quiet', '-p', 'biscotte-backend'], { cwd: ROOT, stdio: 'inherit' });
  assert.equal(build.status, 0, 'cargo build -p biscotte-backend');
  dir = mkdtempSync(join(tmpdir(), 'biscotte-backend-e2e-'));
  backend = spawn(join(ROOT, 'target/debug/biscotte-backend'), ['--port', '0', '--db', join(dir, 'log.sqlite3')], {
    env: { ...process.env, BISCOTTE_EXPORT_TOKEN: TOKEN },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  url = await new Promise((resolve, reject) => {
    let seen = '';
    backend.stderr.on('data', (chunk) => {
      seen += chunk;
      const found = seen.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (found) resolve(found[0]);
    });
    backend.on('exit', (code) => reject(new Error(`the back end exited (${code}): ${seen}`)));
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  backend?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function exported(id) {
  const response = await fetch(`${url}/consent-log/export?id=${id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(response.status, 200);
  return response.json();
}

for (const [action, statistical] of [['reject', false], ['accept', true]]) {
  test(`${action} with Sec-GPC: the beacon is stored, and the server counts the next page view only if accepted`, async () => {
    const { context, page, portal, errors } = await openPortal(browser, url, { extraHTTPHeaders: { 'Sec-GPC': '1' } });
    await portal.goto();
    assert.equal(await page.locator('meta[name=server-analytics]').count(), 0, 'no server analytics before a choice');
    const beacon = page.waitForRequest((r) => r.url() === `${url}/consent-log`);
    await portal.button(action).click();
    const request = await beacon;
    assert.equal((await request.response()).status(), 204, await (await request.response()).text());
    const { id } = JSON.parse(request.postData());
    const rows = await exported(id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].choices.statistical, statistical);
    assert.equal(rows[0].revision, 1);
    await portal.page.reload();
    assert.equal(await page.locator('meta[name=server-analytics]').count(), statistical ? 1 : 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
