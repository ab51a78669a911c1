// The example dashboard: embeds two views of the app and talks with them
// through postMessage, and calls the JavaScript package directly.
import init, { Session, version } from './pkg/exempt.js';

const origin = location.origin;
const frames = [...document.querySelectorAll('iframe[data-route]')];
for (const frame of frames) {
  // The app posts only to the origin named here, and accepts messages only from it.
  frame.src = new URL(`index.html?origin=${encodeURIComponent(origin)}${frame.dataset.route}`, location.href).href;
}

const pct = (s) => `${(s.percentage * 100).toFixed(1)}%`;
const latest = document.getElementById('latest');
const log = document.getElementById('log');

window.addEventListener('message', (event) => {
  // Only our own frames, from the origin we serve them from.
  const frame = frames.find((f) => f.contentWindow === event.source);
  if (!frame || event.origin !== origin || typeof event.data?.type !== 'string') return;
  const m = event.data;
  const item = document.createElement('li');
  const view = frame.dataset.route;
  if (m.type === 'exempt:changed') {
    latest.textContent = `Secure score ${pct(m.secureScore)} with exemptions, ${pct(m.secureScoreWithoutExemptions)} without; ${m.exemptions} exemptions.`;
    item.textContent = `${view}: exempt:changed, ${pct(m.secureScore)}, ${m.exemptions} exemptions`;
  } else if (m.type === 'exempt:ready') {
    item.textContent = `${view}: exempt:ready (version ${m.version})`;
  } else if (m.type === 'exempt:error') {
    item.textContent = `${view}: exempt:error: ${m.message}`;
  } else {
    return;
  }
  log.prepend(item);
  while (log.children.length > 20) log.lastChild.remove();
});

function show(list, rows) {
  list.replaceChildren(...rows.flatMap(([k, v]) => {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    return [dt, dd];
  }));
  list.setAttribute('aria-busy', 'false');
}

const summary = (report) => [
  ['Secure score', `${pct(report.secureScore)} (${report.secureScore.current.toFixed(2)} of ${report.secureScore.max.toFixed(2)} points)`],
  ['Without exemptions', pct(report.secureScoreWithoutExemptions)],
  ['Exemptions', String(report.exemptions.length)],
  ['Assessments', String(report.assessments.length)],
  ['Findings', String(report.findings.length)],
];

const result = document.getElementById('package-result');
try {
  await init();
  const files = ['demo/containers.json', 'demo/controls.json', 'demo/assessments.json', 'demo/findings.json'];
  const texts = await Promise.all(files.map((f) => fetch(f).then((r) => r.text())));
  const exemptions = await fetch('demo/exemptions.json').then((r) => r.text());
  const session = Session.load(texts);
  show(result, [['Package version', version()], ...summary(session.evaluate(exemptions))]);
  session.free();
} catch (e) {
  show(result, [['Error', String(e.message ?? e)]]);
}

document.getElementById('own').addEventListener('submit', async (event) => {
  event.preventDefault();
  const out = document.getElementById('own-result');
  const exportFiles = [...document.getElementById('own-exports').files];
  const exemptionFile = document.getElementById('own-exemptions').files[0];
  if (exportFiles.length === 0) {
    out.textContent = 'Choose at least one export file.';
    return;
  }
  try {
    const session = Session.load(await Promise.all(exportFiles.map((f) => f.text())));
    const report = session.evaluate(exemptionFile ? await exemptionFile.text() : undefined);
    out.textContent = summary(report).map(([k, v]) => `${k}: ${v}`).join(' · ');
    session.free();
  } catch (e) {
    // The package's messages name the file by position: say which one that is.
    const names = exportFiles.map((f, i) => [`files[${i}]`, f.name]);
    out.textContent = names.reduce((m, [k, v]) => m.split(k).join(v), String(e.message ?? e));
  }
});
