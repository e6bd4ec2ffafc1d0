// Stock Firefox ESR and WebKitGTK driven over W3C WebDriver (selenium-webdriver as the client):
// playwright-core cannot drive either. Each engine's driver (geckodriver, WebKitWebDriver) is
// started here on a free loopback port and stopped with the session, so no selenium-manager
// lookup or download happens. WebKit's MiniBrowser needs an X server: $DISPLAY (scripts/test.sh
// starts an Xvfb).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import webdriver from 'selenium-webdriver';
import http from 'selenium-webdriver/http/index.js';

const MINIBROWSER = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib']
  .flatMap((lib) => [`${lib}/webkit2gtk-4.1/MiniBrowser`, `${lib}/webkit2gtk-4.0/MiniBrowser`, `${lib}/webkitgtk-6.0/MiniBrowser`])
  .find((p) => existsSync(p));

/** name → how to start its driver and what to ask it for. */
export const ENGINES = {
  firefox: {
    driver: (port) => [process.env.GECKODRIVER ?? 'geckodriver', ['--host', '127.0.0.1', '--port', String(port)]],
    capabilities: () => ({
      browserName: 'firefox',
      'moz:firefoxOptions': {
        binary: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
        args: ['-headless'],
        // No first-run pages, update checks or telemetry pings: the only traffic is the test's.
        prefs: { 'browser.shell.checkDefaultBrowser': false, 'app.update.auto': false, 'datareporting.policy.dataSubmissionEnabled': false },
      },
    }),
  },
  webkit: {
    driver: (port) => [process.env.WEBKIT_WEBDRIVER ?? 'WebKitWebDriver', ['--host=127.0.0.1', `--port=${port}`]],
    capabilities: () => ({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: process.env.MINIBROWSER ?? MINIBROWSER, args: ['--automation'] },
    }),
  },
};

/** The engines to run: $ENGINES (comma-separated) or all. */
export function selectedEngines() {
  const wanted = (process.env.ENGINES ?? Object.keys(ENGINES).join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of wanted) if (!ENGINES[name]) throw new Error(`unknown engine "${name}" in ENGINES (known: ${Object.keys(ENGINES)})`);
  return wanted;
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer().once('error', fail).listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** Starts `engine`'s driver and a session: { driver, quit }. Errors name the engine. */
export async function startSession(engine) {
  const port = await freePort();
  const [cmd, args] = ENGINES[engine].driver(port);
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  const exited = new Promise((ok) => child.once('exit', ok));
  const spawnError = new Promise((ok) => child.once('error', ok));
  const url = `http://127.0.0.1:${port}`;
  const why = (msg) => new Error(`${engine}: ${msg}${stderr ? `\n${cmd} said:\n${stderr}` : ''}`);
  // Wait for the driver to answer /status (a bound, not a timed assertion).
  for (let i = 0; ; i++) {
    const failed = await Promise.race([spawnError, sleep(0).then(() => null)]);
    if (failed) throw why(`cannot start ${cmd}: ${failed.message}`);
    try {
      const res = await fetch(`${url}/status`);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (child.exitCode !== null) throw why(`${cmd} exited with ${child.exitCode}`);
    if (i > 300) { child.kill(); throw why(`${cmd} never answered on port ${port}`); }
    await sleep(100);
  }
  let driver;
  try {
    driver = await webdriver.WebDriver.createSession(new http.Executor(new http.HttpClient(url)), ENGINES[engine].capabilities());
  } catch (e) {
    child.kill();
    throw why(`no session: ${e.message}`);
  }
  await driver.manage().setTimeouts({ script: 30_000, pageLoad: 60_000 });
  return {
    driver,
    async quit() {
      await driver.quit().catch(() => {});
      if (child.exitCode === null) child.kill();
      await exited;
    },
  };
}
