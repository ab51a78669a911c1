// What the package's tests share: the repository, a built package loaded
// in Node, and `exempt` run on the same inputs. EXEMPT_BIN overrides where
// `exempt` is (target/debug by default).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const bin = process.env.EXEMPT_BIN ?? path.join(root, 'target/debug/exempt');
/** The instant every comparison judges expiry at. */
export const AT = '2026-06-01T00:00:00Z';
export const read = (f) => readFileSync(f, 'utf8');

/** The package built into `dir`, ready to call. */
export async function loadPackage(dir) {
  const pkg = await import(path.join(dir, 'exempt.js'));
  pkg.initSync({ module: readFileSync(path.join(dir, 'exempt_bg.wasm')) });
  return pkg;
}

/** Runs `exempt` with `args`: its status, stdout and stderr. */
export function runCli(args) {
  const run = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.error) throw run.error;
  return run;
}

/** What `fn` throws; fails the test when it throws nothing. */
export function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}
