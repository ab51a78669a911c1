// The JavaScript package in Node on the files bench/package-vs-cli.sh
// generates: Session.load, the first evaluate, and the questions after it
// on the same exemption file (evaluate again, whatIf, explain), and the
// same questions asked of the exemptions held (no file given), each the
// median of several runs in one process.
// Usage: node bench/package.mjs DIR RUNS, with DIR holding containers.json,
// controls.json, assessments.json and exemptions.json.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadPackage, root } from '../crates/wasm/js/harness.mjs';

const [dir, runsText] = process.argv.slice(2);
const runs = Number(runsText ?? 5);
const pkg = await loadPackage(path.join(root, 'dist/pkg'));
const read = (f) => readFileSync(path.join(dir, f), 'utf8');
const files = ['containers.json', 'controls.json', 'assessments.json'].map(read);
const exemptions = read('exemptions.json');
const options = { at: '2026-06-01T00:00:00Z' };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f) => {
  const t0 = performance.now();
  const out = f();
  return [performance.now() - t0, out];
};

const figures = { load: [], first: [], again: [], whatIf: [], explain: [], heldWhatIf: [], heldExplain: [] };
for (let i = 0; i < runs; i++) {
  const [load, session] = time(() => pkg.Session.load(files));
  const [first, report] = time(() => session.evaluate(exemptions, options));
  const [again] = time(() => session.evaluate(exemptions, options));
  const draft = JSON.parse(exemptions).exemptions[0];
  draft.name = 'A draft';
  const [whatIf] = time(() => session.whatIf(draft, exemptions, options));
  const assessment = report.assessments[0].id;
  const [explain] = time(() => session.explain(assessment, exemptions, options));
  const [heldWhatIf] = time(() => session.whatIf(draft, undefined, options));
  const [heldExplain] = time(() => session.explain(assessment, undefined, options));
  session.free();
  Object.entries({ load, first, again, whatIf, explain, heldWhatIf, heldExplain })
    .forEach(([k, v]) => figures[k].push(v));
}
const ms = (k) => median(figures[k]).toFixed(0);
console.log(`package, median of ${runs} runs in one process:`);
console.log(`  Session.load:                         ${ms('load')} ms`);
console.log(`  evaluate, first:                      ${ms('first')} ms`);
console.log(`  load + first evaluate:                ${(median(figures.load) + median(figures.first)).toFixed(0)} ms`);
console.log(`  evaluate again, same file:            ${ms('again')} ms`);
console.log(`  whatIf after it:                      ${ms('whatIf')} ms`);
console.log(`  explain after it:                     ${ms('explain')} ms`);
console.log(`  whatIf, exemptions held (no file):    ${ms('heldWhatIf')} ms`);
console.log(`  explain, exemptions held (no file):   ${ms('heldExplain')} ms`);
