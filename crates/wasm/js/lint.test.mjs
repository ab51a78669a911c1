// lintExemptions in the package built with the formats against
// `exempt lint --format json`: one test per lint case in tests/data/lint,
// the same findings with the same lines and columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadPackage, read, root, runCli } from './harness.mjs';

const pkgDir = process.env.EXEMPT_PKG_FORMATS ?? path.join(root, 'dist/pkg/formats');
const { lintExemptions } = await loadPackage(pkgDir);
const cases = path.join(root, 'tests/data/lint');
const demo = ['containers.json', 'controls.json', 'assessments.json'].map((f) => path.join(root, 'demo', f));

for (const name of readdirSync(cases).filter((f) => /^[^.]+\.json$/.test(f)).sort()) {
  test(`lint case ${name}`, () => {
    const c = JSON.parse(read(path.join(cases, name)));
    const file = path.join(cases, c.file);
    const definitions = (c.definitions ?? []).map((d) => path.join(root, 'tests/data', d));
    const args = ['lint', '--format', 'json', '--at', c.at, '-e', file];
    for (const d of definitions) args.push('--definitions', d);
    if (c.environment) args.push(...demo);
    const run = runCli(args);
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    const mine = lintExemptions(read(file), {
      at: c.at,
      definitions: definitions.map(read),
      environment: c.environment ? demo.map(read) : undefined,
    });
    assert.deepEqual(mine, JSON.parse(run.stdout));
  });
}
