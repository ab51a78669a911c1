// Writes <dist>/sw.js: web/sw.js with the list of the build's files and a
// hash of their contents, so that every new build is a new service worker.
// Usage: node service-worker.mjs dist
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(process.argv[2]);
const here = path.dirname(fileURLToPath(import.meta.url));

const files = readdirSync(dist, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => path.relative(dist, path.join(e.parentPath ?? e.path, e.name)).split(path.sep).join('/'))
  .filter((f) => f !== 'sw.js' && !f.endsWith('.map'))
  .sort();

const hash = createHash('sha256');
for (const f of files) {
  hash.update(f);
  hash.update(readFileSync(path.join(dist, f)));
}
const build = { version: hash.digest('hex').slice(0, 16), files: files.map((f) => `./${f}`) };
const template = readFileSync(path.join(here, '..', 'sw.js'), 'utf8');
writeFileSync(path.join(dist, 'sw.js'), `const BUILD = ${JSON.stringify(build)};\n${template}`);
console.log(`sw.js: ${files.length} files, build ${build.version}`);
