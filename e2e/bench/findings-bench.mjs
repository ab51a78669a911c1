// The vulnerability findings benchmark: the release build in dist/,
// Debian's Chromium, the generated environment with findings (200,000
// assessments, 1,000,000 findings, generated in the worker) and 5,000
// exemptions of which 1,000 carry a Vulnerabilities condition. Time to
// paint after each action and the longest task on the page's main thread.
// `./scripts/bench-app --findings` from the top, or
// `node bench/findings-bench.mjs` in e2e/ after a build.
import { chromium } from 'playwright-core';
import { args, executablePath } from '../chromium.mjs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { median, watchLongTasks, takeLongTasks, waitIn, heading, Report } from './measure.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../../dist');
const port = 8098;
const EXEMPTIONS = 5000;
const server = spawn(process.execPath, [path.join(here, '..', 'serve.mjs'), String(port), dist], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 700));
const browser = await chromium.launch({ executablePath, args });
const out = new Report();
const since = (t0) => performance.now() - t0;
// From running `act` in the page to `done` holding, painted.
const timed = (p, act, done) => p.evaluate(`new Promise((resolve) => {
  const t = performance.now();
  (${act.toString()})();
  const done = ${done.toString()};
  const check = () => (done() ? requestAnimationFrame(() => resolve(performance.now() - t)) : requestAnimationFrame(check));
  check();
})`);
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await watchLongTasks(page);
  const waitFor = (predicate, timeout) => waitIn(page, predicate, timeout);
  await page.goto(`http://127.0.0.1:${port}/#/settings`);
  const choice = page.getByRole('radio', { name: /Generated environment with vulnerability findings/ });
  await choice.waitFor();
  await takeLongTasks(page);

  let t0 = performance.now();
  await choice.check();
  await waitFor(() => /200,000 assessments/.test(document.querySelector('[data-testid=engine-memory]')?.textContent || ''));
  out.add('load the environment with findings (generate, index and score 200,000 assessments and 1,000,000 findings in the worker)', since(t0));
  await out.longest(page, 'loading the environment');

  await page.getByLabel('Number of generated exemptions').fill(String(EXEMPTIONS));
  t0 = performance.now();
  await page.getByRole('button', { name: 'Generate exemptions' }).click();
  await waitFor(`() => document.body.textContent.includes('${EXEMPTIONS} generated exemptions are shown')`);
  out.add(`generate and evaluate ${EXEMPTIONS} exemptions (1,000 with a Vulnerabilities condition)`, since(t0));
  await out.longest(page, 'generating exemptions');

  const overview = await timed(page, () => { location.hash = '#/'; },
    () => /points/.test(document.querySelector('main')?.textContent || '') && document.querySelector('[aria-labelledby=top-title] table'));
  out.add("Overview: navigation to the score and each exemption's effect painted", overview, 2000);
  await out.longest(page, 'showing the Overview');

  // The first recommendation's page: its findings, searchable by CVE.
  await page.evaluate(() => { location.hash = '#/recommendations'; });
  const first = page.getByRole('table', { name: 'Recommendations' }).getByRole('link').first();
  await first.waitFor();
  await takeLongTasks(page);
  const opened = await timed(page, () => document.querySelector('table[aria-label=Recommendations] a').click(),
    () => document.querySelector('table[aria-label="Vulnerability findings"] tbody tr:not(.spacer)'));
  const total = await page.locator('#findings-title').textContent();
  out.add(`a recommendation's page: click to its findings painted (${total})`, opened, 300);
  await out.longest(page, "opening a recommendation's findings");
  const cve = (await page.locator('table[aria-label="Vulnerability findings"] tbody tr:not(.spacer) td').nth(1).textContent()).split(',')[0].trim();
  const keystrokes = await page.evaluate(async (text) => {
    const input = document.getElementById('finding-search');
    const count = () => document.getElementById('finding-count').textContent;
    const times = [];
    for (let i = 1; i <= text.length; i++) {
      const before = count();
      const t = performance.now();
      input.value = text.slice(0, i);
      input.dispatchEvent(new InputEvent('input', { bubbles: true }));
      await new Promise((resolve) => {
        const start = performance.now();
        // A keystroke that matches as many as the last one changes nothing
        // on screen, so it is not timed.
        const check = () => (count() !== before || performance.now() - start > 1000 ? requestAnimationFrame(resolve) : requestAnimationFrame(check));
        check();
      });
      if (count() !== before) times.push(performance.now() - t);
    }
    return times;
  }, cve);
  out.add(`search the findings by CVE, keystroke to rows painted (median of the ${keystrokes.length} that changed the rows)`, median(keystrokes), 100);
  await out.longest(page, 'searching the findings');

  // The widest Vulnerabilities condition: the tenant root, severity below High.
  await page.evaluate(() => { location.hash = '#/exemptions/new'; });
  await page.getByRole('textbox', { name: 'Exemption name' }).fill('Benchmark condition');
  await page.getByRole('searchbox', { name: 'Search scopes' }).fill('Tenant Root');
  await page.getByRole('checkbox', { name: 'Tenant Root Group · Management group', exact: true }).check();
  await page.getByRole('radio', { name: 'Waiver (risk accepted)' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: 'Vulnerabilities' }).check();
  await page.getByRole('combobox', { name: 'Minimum severity' }).selectOption('High');
  await takeLongTasks(page);
  const previews = [];
  for (let i = 0; i < 5; i++) {
    previews.push(await timed(page, () => {
      window.__old = document.querySelector('[data-testid=impact-score]');
      [...document.querySelectorAll('button')].find((b) => b.textContent === 'Next').click();
    }, () => { const now = document.querySelector('[data-testid=impact-score]'); return now && now !== window.__old; }));
    await page.getByRole('button', { name: 'Previous' }).click();
  }
  out.add('impact preview of a Vulnerabilities condition at the root management group (median of 5)', median(previews), 300);
  await out.longest(page, 'previewing the condition');

  await page.evaluate(() => { location.hash = '#/settings'; });
  await waitFor(heading('Settings'));
  const heap = Number((await page.getByTestId('engine-memory').textContent()).match(/holds (\d+) MB/)[1]);
  console.log(`engine memory (the worker's wasm heap): ${heap} MB`);
} finally {
  await browser.close();
  server.kill();
}
out.finish();
