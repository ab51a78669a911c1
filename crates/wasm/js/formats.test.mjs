// The package's format conversions (built into dist/pkg/formats) against
// the command line: importExemptions, exportExemptions and diffExemptions
// answer as `exempt import`, `exempt export` and `exempt diff` do, on the
// demo and on every format sample with its source named in
// tests/data/formats/SOURCES.md.
//
// Usage: node --test crates/wasm/js/ (after the build); EXEMPT_PKG_FORMATS
// and EXEMPT_BIN override the places.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AT, loadPackage, read, root, runCli } from './harness.mjs';

const pkgDir = process.env.EXEMPT_PKG_FORMATS ?? path.join(root, 'dist/pkg/formats');
const { importExemptions, exportExemptions, diffExemptions } = await loadPackage(pkgDir);

const formats = path.join(root, 'tests/data/formats');
const definitions = ['policy-set-mcsb-small.json', 'assessment-metadata-policy-map.json'].map((f) => path.join(formats, f));
const demo = ['containers.json', 'controls.json', 'assessments.json'].map((f) => path.join(root, 'demo', f));


/** The first error line of the CLI, without `error: `, or undefined. */
const cliError = (run) => run.stderr.split('\n').find((l) => l.startsWith('error: '))?.slice('error: '.length);

// One test per sample, so a case fails by name. The package names files
// `files[0]`; the CLI names them by path.
for (const name of readdirSync(formats).filter((f) => /\.(json|jsonc|csv)$/.test(f)).sort()) {
  test(`importExemptions reads ${name} as exempt import does`, () => {
    const file = path.join(formats, name);
    const run = runCli(['import', file, ...definitions.flatMap((d) => ['--definitions', d])]);
    let mine;
    try {
      mine = importExemptions([read(file)], { definitions: definitions.map(read) });
    } catch (e) {
      mine = { error: e.message };
    }
    const notImported = run.stderr.split('\n').filter((l) => l.startsWith('not imported: ')).length;
    // The command fails when it made nothing; the function's answer is
    // the same empty file, with every item it could not bring over.
    if (run.status !== 0 && cliError(run)?.startsWith('nothing was imported')) {
      assert.deepEqual(mine.file, { exemptions: [] });
      assert.equal(mine.rejected.length, notImported);
      return;
    }
    if (run.status !== 0) {
      assert.ok(mine.error, `the CLI refused it: ${cliError(run)}`);
      assert.equal(mine.error.split('files[0]').join(file), cliError(run));
      return;
    }
    assert.deepEqual(mine.file, JSON.parse(run.stdout));
    assert.equal(mine.rejected.length, notImported);
  });
}

for (const format of ['exempt', 'defender-arm', 'defender-terraform', 'csv', 'ics']) {
  test(`exportExemptions writes ${format} as exempt export does`, () => {
    const run = runCli(['export', '--to', format, '-e', path.join(root, 'demo/exemptions.json'), '--at', AT, ...demo]);
    assert.equal(run.status, 0, run.stderr);
    const mine = exportExemptions(JSON.parse(read(path.join(root, 'demo/exemptions.json'))), format, {
      environment: demo.map(read),
      at: AT,
    });
    assert.equal(mine.text, run.stdout);
  });
}

test('diffExemptions compares as exempt diff --format json does, both ways', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'exempt-formats-'));
  const ours = path.join(root, 'demo/exemptions.json');
  const theirs = path.join(dir, 'theirs.json');
  const changed = JSON.parse(read(ours));
  changed.exemptions[0].description = 'changed in the portal';
  changed.exemptions.pop();
  writeFileSync(theirs, JSON.stringify(changed));
  const run = runCli(['diff', ours, theirs, '--format', 'json']);
  assert.equal(run.status, 1);
  assert.deepEqual(diffExemptions(read(ours), read(theirs)), JSON.parse(run.stdout));
  assert.equal(diffExemptions(read(ours), read(ours)).equal, true);
});

test('Azure Policy export without the initiative names what needed it', () => {
  assert.throws(
    () => exportExemptions(JSON.parse(read(path.join(root, 'demo/exemptions.json'))), 'azure-policy-arm', { environment: demo.map(read) }),
    /policySetDefinitions/,
  );
});
