// A static file server for www/ on an ephemeral loopback port: what `scripts/demo.sh` serves, for tests.
// It logs every request's path and query (`requests`): the proof that something was or was not
// fetched, for drivers that cannot watch the network (W3C WebDriver, tests/engines/). An optional
// `handle(req, res, url)` answers first (fixture pages); when it returns false, files are served.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../../www');
export const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png',
  '.svg': 'image/svg+xml', '.gif': 'image/gif',
};

export async function serve(root = ROOT, { handle } = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    requests.push(url.pathname + url.search);
    if (handle && await handle(req, res, url)) return;
    const path = normalize(decodeURIComponent(url.pathname));
    const file = join(root, path.endsWith('/') ? path + 'index.html' : path);
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, requests, close: () => new Promise((ok) => { server.close(ok); server.closeAllConnections(); }) };
}
