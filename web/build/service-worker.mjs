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
  // Hidden entries are a build's leftovers (Trunk stages in `.stage`), not the build.
  .filter((f) => f !== 'sw.js' && !f.endsWith('.map') && !f.split('/').some((part) => part.startsWith('.')))
  .sort();

const template = readFileSync(path.join(here, '..', 'sw.js'), 'utf8');
// The worker's own code counts too: a change to it alone is a new build.
const hash = createHash('sha256').update(template);
for (const f of files) {
  hash.update(f);
  hash.update(readFileSync(path.join(dist, f)));
}
const build = { version: hash.digest('hex').slice(0, 16), files: files.map((f) => `./${f}`) };
writeFileSync(path.join(dist, 'sw.js'), `const BUILD = ${JSON.stringify(build)};\n${template}`);
console.log(`sw.js: ${files.length} files, build ${build.version}`);
