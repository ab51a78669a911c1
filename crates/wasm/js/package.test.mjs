// The JavaScript package in Node, against the command line: on the demo
// data and on every engine fixture, the package's answers must equal
// `exempt`'s output, field for field, or its error message.
//
// Usage: node --test crates/wasm/js/  (after the package is built into
// dist/pkg and `exempt` into target/debug; EXEMPT_PKG and EXEMPT_BIN
// override the places).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AT, loadPackage, read, root, runCli, thrown } from './harness.mjs';

const pkgDir = process.env.EXEMPT_PKG ?? path.join(root, 'dist/pkg');
const { Session, validateExemptions, version } = await loadPackage(pkgDir);

const demoFiles = ['demo/containers.json', 'demo/controls.json', 'demo/assessments.json'].map((f) => path.join(root, f));
const demoExemptions = path.join(root, 'demo/exemptions.json');

/** Runs `exempt`; returns its parsed JSON, or its error message without `error: `. */
function cli(args) {
  const run = runCli(args);
  if (run.status === 0) return { json: JSON.parse(run.stdout) };
  const lines = run.stderr.split('\n').filter((l) => l.startsWith('error: '));
  return { error: lines.map((l) => l.slice('error: '.length)).join('\n') };
}


test('the version is the workspace version', () => {
  const cargo = read(path.join(root, 'Cargo.toml'));
  assert.equal(version(), cargo.match(/^version = "([^"]+)"/m)[1]);
});

test('evaluate equals `exempt evaluate --at` on the demo data', () => {
  const session = Session.load(demoFiles.map(read));
  const mine = session.evaluate(read(demoExemptions), { at: AT });
  const theirs = cli(['evaluate', '--at', AT, '-e', demoExemptions, ...demoFiles]);
  assert.deepEqual(mine, theirs.json);
  assert.ok(mine.exemptions.length > 0 && mine.assessments.length > 0);
});

test('parsed JSON, a Date and text give the same answers as text', () => {
  const session = Session.load(demoFiles.map(read));
  const fromText = session.evaluate(read(demoExemptions), { at: AT });
  const parsed = Session.load(demoFiles.map((f) => JSON.parse(read(f))));
  const fromObjects = parsed.evaluate(JSON.parse(read(demoExemptions)), { at: new Date(AT) });
  assert.deepEqual(fromObjects, fromText);
});

test('explain equals `exempt explain --format json`', () => {
  const session = Session.load(demoFiles.map(read));
  const report = session.evaluate(read(demoExemptions), { at: AT });
  const exempted = report.assessments.find((a) => a.exemption).id;
  const mine = session.explain(exempted, read(demoExemptions), { at: AT });
  const theirs = cli(['explain', '--assessment', exempted, '--at', AT, '--format', 'json', '-e', demoExemptions, ...demoFiles]);
  assert.deepEqual(mine, theirs.json);
  assert.notEqual(mine.decider, null);
});

test('explain of an unknown id throws the command line message', () => {
  const session = Session.load(demoFiles.map(read));
  const e = thrown(() => session.explain('/subscriptions/none', undefined, { at: AT }));
  const theirs = cli(['explain', '--assessment', '/subscriptions/none', '--at', AT, ...demoFiles]);
  assert.equal(e.message, theirs.error);
  assert.equal(e.name, 'ExemptError');
  assert.equal(e.kind, 'notFound');
});

test('exemptions set once answer every later question without a file', () => {
  const session = Session.load(demoFiles.map(read));
  const status = session.setExemptions(read(demoExemptions), { at: AT });
  const withFile = Session.load(demoFiles.map(read)).evaluate(read(demoExemptions), { at: AT });
  assert.deepEqual(session.evaluate(undefined, { at: AT }), withFile);
  assert.equal(status.exemptions, JSON.parse(read(demoExemptions)).exemptions.length);
  assert.equal(status.score.current, withFile.secureScore.current);
  assert.equal(status.without.current, withFile.secureScoreWithoutExemptions.current);
  // null holds none: the score without exemptions.
  assert.deepEqual(session.setExemptions(null, { at: AT }).score, withFile.secureScoreWithoutExemptions);
});

test('edits follow the workspace rules and go into the history', () => {
  const session = Session.load(demoFiles.map(read));
  session.setExemptions(read(demoExemptions), { at: AT });
  const held = session.exemptions().exemptions;
  assert.ok(held.every((e) => typeof e.id === 'string' && e.id.length > 0), 'every exemption held has an id');
  const first = held[0];
  // A name is taken without regard to case.
  const taken = thrown(() => session.apply({ create: { ...first, id: undefined, name: first.name.toUpperCase() } }, { at: AT }));
  assert.equal(taken.field, 'name');
  assert.match(taken.message, /already exists/);
  const copy = { ...first, id: undefined, name: `${first.name} (copy)` };
  assert.equal(session.apply({ create: copy }, { at: AT }).exemptions, held.length + 1);
  const created = session.exemptions().exemptions.find((e) => e.name === copy.name);
  assert.ok(created.id && created.id !== first.id, 'a new exemption gets an id of its own');
  session.apply({ update: { ...created, description: 'Reviewed' } }, { at: AT });
  session.apply({ delete: first.id }, { at: AT });
  const status = session.apply({ undo: true }, { at: AT });
  assert.equal(status.exemptions, held.length + 1);
  const history = session.history('', 10);
  assert.deepEqual(history.rows.map((r) => r.event), ['Restored', 'Deleted', 'Edited', 'Created']);
  assert.equal(history.total, 4);
  assert.ok(history.rows[1].name === first.name && history.rows[1].exists);
  assert.match(history.rows[2].details.join('\n'), /description: .* → “Reviewed”/);
  assert.equal(session.history('COPY', 10).total, 2, 'the history filters names without case');
  // Recommendations changed are named by title, not by key.
  const withKeys = session.exemptions().exemptions.find((e) => Array.isArray(e.recommendations));
  session.apply({ update: { ...withKeys, recommendations: ['bc303248-3d14-44c2-96a0-55f5c326b5fe'] } }, { at: AT });
  assert.match(session.history('', 1).rows[0].details.join('\n'), /recommendations: .* → “Management ports should be closed on your virtual machines”/);
  // The report after the edits is the command line's on the file the edits made.
  const dir = mkdtempSync(path.join(tmpdir(), 'exempt-edits-'));
  const file = path.join(dir, 'edited.json');
  writeFileSync(file, JSON.stringify(session.exemptions()));
  assert.deepEqual(session.evaluate(undefined, { at: AT }), cli(['evaluate', '--at', AT, '-e', file, ...demoFiles]).json);
});

test('a malformed edit is a TypeError that lists the shapes', () => {
  const session = Session.load(demoFiles.map(read));
  const e = thrown(() => session.apply({ rename: 'x' }));
  assert.equal(e.name, 'TypeError');
  assert.match(e.message, /\{ create \}, \{ update \}/);
});

test('whatIf agrees with evaluating the file with the draft added', () => {
  const session = Session.load(demoFiles.map(read));
  const file = JSON.parse(read(demoExemptions));
  const keys = [...new Set(session.evaluate(undefined, { at: AT }).assessments.map((a) => a.id.split('/').pop()))];
  const draft = {
    name: 'What-if draft', cloud: 'Azure', category: 'waiver',
    scopes: ['/providers/Microsoft.Management/managementGroups/contoso'],
    recommendations: keys.slice(0, 5),
  };
  const impact = session.whatIf(draft, file, { at: AT });
  const after = session.evaluate({ exemptions: [...file.exemptions, draft] }, { at: AT });
  const before = session.evaluate(file, { at: AT });
  assert.deepEqual(impact.secureScore.before, before.secureScore);
  assert.ok(Math.abs(impact.secureScore.after.current - after.secureScore.current) < 1e-9);
  assert.ok(Math.abs(impact.secureScore.after.max - after.secureScore.max) < 1e-9);
  for (const c of impact.controls) {
    assert.equal(typeof c.id, 'string');
    assert.equal(typeof c.displayName, 'string');
  }
});

test('a bad draft throws every problem with its field', () => {
  const session = Session.load(demoFiles.map(read));
  const e = thrown(() => session.whatIf({ name: 'x', cloud: 'Azure', scopes: [], category: 'sometimes' }, undefined, { at: AT }));
  assert.equal(e.kind, 'exemptions');
  assert.deepEqual(e.problems.map((p) => p.field).sort(), ['category', 'recommendations', 'scopes'].sort());
});

test('validateExemptions lists what `exempt validate` lists', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'exempt-pkg-'));
  const bad = {
    exemptions: [
      { name: 'A', scopes: ['not an id'], category: 'waiver', recommendations: ['k'] },
      { name: 'a', scopes: ['/subscriptions/s'], category: 'nope', recommendations: [] },
    ],
  };
  const file = path.join(dir, 'bad.json');
  writeFileSync(file, JSON.stringify(bad));
  const mine = validateExemptions(bad, { at: AT });
  const theirs = cli(['validate', '--at', AT, file]);
  assert.equal(mine.valid, false);
  // The command line names the file at the start of every line.
  assert.equal(mine.error, theirs.error.split('\n').map((l) => l.slice(file.length + 2)).join('\n'));
  assert.ok(mine.problems.length >= 3);
  const good = validateExemptions(read(demoExemptions), { at: '2099-01-01T00:00:00Z' });
  assert.equal(good.valid, true);
  assert.equal(good.expired.length + good.active, good.exemptions);
  assert.ok(good.expired.length > 0);
});

test('bad options are TypeErrors that say what to pass', () => {
  const session = Session.load(demoFiles.map(read));
  assert.throws(() => session.evaluate(undefined, { at: 'yesterday' }), { name: 'TypeError', message: /RFC 3339/ });
  assert.throws(() => session.evaluate(undefined, { at: new Date(NaN) }), { name: 'TypeError', message: /invalid Date/ });
  assert.throws(() => Session.load([42]), { name: 'TypeError', message: /files\[0\]/ });
});

// One test per engine fixture: the package and the command line read the
// same files (inline inputs written out for the command line, passed as
// parsed JSON to the package) and must answer alike.
const cases = path.join(root, 'tests/data/cases');
const scratch = mkdtempSync(path.join(tmpdir(), 'exempt-cases-'));
for (const name of readdirSync(cases).filter((f) => f.endsWith('.json')).sort()) {
  test(`fixture ${name}`, () => {
    const c = JSON.parse(read(path.join(cases, name)));
    const at = c.at ?? AT;
    const files = (c.inputFiles ?? []).map((f) => path.join(root, 'tests/data', f));
    const inline = (c.inputs ?? []).map((rows, i) => {
      const f = path.join(scratch, `${name}-input-${i + 1}.json`);
      writeFileSync(f, typeof rows === 'string' ? rows : JSON.stringify(rows));
      return { f, rows };
    });
    const args = ['evaluate', '--at', at];
    let exemptions;
    if (c.exemptions !== undefined) {
      exemptions = path.join(scratch, `${name}-exemptions.json`);
      writeFileSync(exemptions, typeof c.exemptions === 'string' ? c.exemptions : JSON.stringify(c.exemptions));
      args.push('-e', exemptions);
    }
    const all = [...files, ...inline.map((i) => i.f)];
    if (all.length === 0) return; // the command line would use the demo
    const theirs = cli([...args, ...all]);
    // The package names files by position; the command line by path.
    const rename = (msg) => all.reduce((m, f, i) => m.split(f).join(`files[${i}]`), msg);
    let mine;
    try {
      const session = Session.load([...files.map(read), ...inline.map((i) => read(i.f))]);
      mine = { json: session.evaluate(exemptions && read(exemptions), { at }) };
    } catch (e) {
      if (!(e.name === 'ExemptError')) throw e;
      mine = { error: e.message };
    }
    if (theirs.error !== undefined) {
      assert.equal(mine.error, rename(theirs.error).replaceAll(`${exemptions}: `, ''));
    } else {
      // Warnings name files too.
      assert.deepEqual(mine.json, JSON.parse(rename(JSON.stringify(theirs.json))));
    }
  });
}

// One test per input fixture (every export shape, encoding and refusal):
// the package reads the text as the command line reads the file.
const inputs = path.join(root, 'tests/data/inputs');
/** A file's text, decoded as a browser would from its byte-order mark. */
function decoded(file) {
  const bytes = readFileSync(file);
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  return new TextDecoder(encoding).decode(bytes);
}
for (const name of readdirSync(inputs).filter((f) => /\.(json|csv|txt)$/.test(f)).sort()) {
  test(`input ${name}`, () => {
    const file = path.join(inputs, name);
    const theirs = cli(['evaluate', '--at', AT, file]);
    let mine;
    try {
      mine = { json: Session.load([decoded(file)]).evaluate(undefined, { at: AT }) };
    } catch (e) {
      if (e.name !== 'ExemptError') throw e;
      mine = { error: e.message };
    }
    const rename = (text) => text.split(file).join('files[0]');
    if (theirs.error !== undefined) assert.equal(mine.error, rename(theirs.error));
    else assert.deepEqual(mine.json, JSON.parse(rename(JSON.stringify(theirs.json))));
  });
}

test('the package stays under 400 KB gzip (built for speed: see the README)', () => {
  const gz = (f) => execFileSync('gzip', ['-9c', path.join(pkgDir, f)], { maxBuffer: 1 << 26 }).length;
  const total = gz('exempt_bg.wasm') + gz('exempt.js');
  assert.ok(total < 400 * 1024, `${total} bytes`);
});
