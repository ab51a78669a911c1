// Requests, decisions and the evidence pack through the package, against
// the command line: the same refusals with the same messages, the same
// files written, the same pack byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AT, loadPackage, read, root, runCli, thrown } from './harness.mjs';

const pkgDir = process.env.EXEMPT_PKG ?? path.join(root, 'dist/pkg');
const { Session, approveExemption, rejectExemption } = await loadPackage(pkgDir);
// The evidence pack is in the package built with the formats.
const full = await loadPackage(process.env.EXEMPT_PKG_FORMATS ?? path.join(pkgDir, 'formats'));
const demoFiles = ['demo/containers.json', 'demo/controls.json', 'demo/assessments.json'].map((f) => path.join(root, f));
const dir = mkdtempSync(path.join(tmpdir(), 'exempt-governance-'));

const requested = {
  policy: { requireApproval: true, requireOwner: true },
  exemptions: [
    {
      name: 'Legacy VMs patched by Tanium', cloud: 'Azure',
      scopes: ['/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64/resourceGroups/rg-legacy'],
      category: 'mitigated', recommendations: ['4ab6e3c5-74dd-8b35-9ab9-f61b30875b27'],
      owner: 'alice@contoso.com', requestedBy: 'bob@contoso.com', requestedOn: '2026-11-01T09:00:00Z',
    },
    {
      name: 'Shop <b>assets</b>', cloud: 'Azure', scopes: ['/subscriptions/6e3a1c8d-9f72-4b05-a4e6-1b8d2f7c0e93'],
      category: 'waiver', recommendationCategory: 'Networking', owner: 'web@contoso.com',
      requestedBy: 'dan', approval: { by: 'carol', on: '2026-11-02T10:00:00Z', decision: 'approved' },
    },
  ],
};

function written(name, value) {
  const f = path.join(dir, name);
  writeFileSync(f, JSON.stringify(value, null, 2));
  return f;
}


test('approve refuses the requester with the command line message, and writes what it writes', () => {
  const file = written('approve.json', requested);
  const e = thrown(() => approveExemption(requested, 'LEGACY VMs patched by Tanium', ' Bob@contoso.com', undefined, { at: AT }));
  assert.equal(e.name, 'ExemptError');
  const refused = runCli(['approve', file, '--name', 'LEGACY VMs patched by Tanium', '--as', ' Bob@contoso.com', '--at', AT]);
  assert.equal(refused.status, 2);
  assert.equal(refused.stderr.trim().split('\n')[0], `error: ${file}: ${e.message}`);

  const mine = approveExemption(requested, 'legacy vms patched by tanium', 'carol', 'fine', { at: AT });
  const out = path.join(dir, 'approved.json');
  const run = runCli(['approve', file, '--name', 'legacy vms patched by tanium', '--as', 'carol', '--comment', 'fine', '--at', AT, '-o', out]);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(mine, JSON.parse(readFileSync(out, 'utf8')));
  assert.equal(mine.exemptions[0].approval.decision, 'approved');

  const rejected = rejectExemption(mine, 'Shop <b>assets</b>', 'erin', undefined, { at: AT });
  const session = Session.load(demoFiles.map(read));
  const states = session.evaluate(rejected, { at: AT }).exemptions.map((x) => x.state);
  assert.deepEqual(states, ['active', 'rejected']);
});

test('decisions through apply keep the history, and a policy the exemptions break is refused by name', () => {
  const session = Session.load(demoFiles.map(read));
  session.setExemptions(requested, { at: AT });
  const held = session.exemptions();
  const id = held.exemptions[0].id;
  assert.throws(() => session.apply({ approve: { id, by: 'BOB@contoso.com' } }, { at: AT }), /requester cannot decide/);
  session.apply({ approve: { id, by: 'carol', comment: 'ok' } }, { at: AT });
  assert.equal(session.evaluate(undefined, { at: AT }).exemptions[0].state, 'active');
  const row = session.history().rows[0];
  assert.equal(row.event, 'Approved');
  assert.deepEqual(row.details, ['by “carol” (recorded, not verified)', 'comment: “ok”']);
  const e = thrown(() => session.setPolicy({ requireTicket: true }, { at: AT }));
  assert.equal(e.kind, 'exemptions');
  assert.deepEqual(e.problems.map((p) => p.field), ['ticket', 'ticket']);
  session.setPolicy({ requireApproval: 'waiver' }, { at: AT });
  assert.deepEqual(session.exemptions().policy, { requireApproval: 'waiver' });
});

for (const format of ['json', 'csv', 'html']) {
  test(`the ${format} evidence pack equals \`exempt report --format ${format}\` byte for byte`, () => {
    const file = written(`pack-${format}.json`, requested);
    const session = full.Session.load(demoFiles.map(read));
    const mine = session.report(format, requested, { at: AT });
    const out = path.join(dir, `pack.${format}`);
    const run = runCli(['report', '--format', format, '--at', AT, '-e', file, '-o', out, ...demoFiles]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(mine, readFileSync(out, 'utf8'));
  });
}
