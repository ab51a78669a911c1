// A static file server for dist/ on loopback, so that nothing beyond Node is
// needed to serve the app. Usage: node e2e/serve.mjs [port] [dir] [base]
// `base` (default `/`) serves the build under a sub-path such as
// `/tools/exempt/`, as a static host would, with no server-side routing.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const port = Number(process.argv[2] || 8080);
const root = path.resolve(process.argv[3] || path.join(here, '..', 'dist'));
const base = process.argv[4] || '/';
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.md': 'text/markdown; charset=utf-8', '.ts': 'text/plain; charset=utf-8' };

createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === base.replace(/\/$/, '') && base !== '/') {
    res.writeHead(301, { location: base + url.search }).end();
    return;
  }
  if (!url.pathname.startsWith(base)) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
  const rel = decodeURIComponent(url.pathname.slice(base.length));
  let file = path.normalize(path.join(root, rel));
  if (file !== root && !file.startsWith(root + path.sep)) { res.writeHead(403).end(); return; }
  if (url.pathname.endsWith('/')) file = path.join(file, 'index.html');
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}).listen(port, '127.0.0.1', () => console.log(`serving ${root} at http://127.0.0.1:${port}${base}`));
