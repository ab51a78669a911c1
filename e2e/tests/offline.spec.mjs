// Offline: after one visit the app and the package open with no network at
// all (the server is stopped), and a new build, once served, replaces the
// cached one and says so.
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect, ROOT } from './app.mjs';

const PORT = Number(process.env.E2E_PORT || 8090) + 2;
const BASE = `http://127.0.0.1:${PORT}/`;

/** Serves `dir` on PORT until stopped. */
async function serve(dir) {
  const child = spawn(process.execPath, [path.join(ROOT, 'e2e/serve.mjs'), String(PORT), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((ok, fail) => {
    child.stdout.once('data', ok);
    child.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
  });
  return () => new Promise((ok) => { child.once('exit', ok); child.kill(); });
}

/** Waits until the page is controlled by the build's service worker. */
const controlled = (page) => page.evaluate(async () => {
  await navigator.serviceWorker.ready;
  while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 50));
  return (await caches.keys()).filter((k) => k.startsWith('exempt-'));
});

test('after one visit the app and the package open with no network; a new build replaces the old one', async ({ page }) => {
  test.setTimeout(90_000);
  const dist = mkdtempSync(path.join(tmpdir(), 'exempt-dist-'));
  cpSync(path.join(ROOT, 'dist'), dist, { recursive: true });
  let stop = await serve(dist);
  try {
    await page.goto(`${BASE}#/`);
    await expect(page.getByRole('region', { name: 'Secure score' })).toBeVisible();
    const [first] = await controlled(page);
    expect(first).toMatch(/^exempt-[0-9a-f]{16}$/);

    await stop();
    stop = null;
    // No server at all now.
    await page.reload();
    await expect(page.getByRole('region', { name: 'Secure score' })).toBeVisible();
    await page.goto(`${BASE}#/exemptions`);
    await expect(page.getByRole('heading', { name: 'Exemptions', level: 1 })).toBeVisible();
    const offline = await page.evaluate(async () => {
      const pkg = await import(new URL('pkg/exempt.js', document.baseURI).href);
      await pkg.default();
      const texts = await Promise.all(['containers', 'controls', 'assessments'].map((f) => fetch(`demo/${f}.json`).then((r) => r.text())));
      return pkg.Session.load(texts).evaluate().secureScoreWithoutExemptions.percentage;
    });
    expect(offline).toBeGreaterThan(0);

    // A new build: one file changes, and with it the service worker.
    appendFileSync(path.join(dist, 'dashboard.css'), '\n/* build 2 */\n');
    execFileSync(process.execPath, [path.join(ROOT, 'web/build/service-worker.mjs'), dist]);
    stop = await serve(dist);
    await page.reload();
    await expect(page.getByText('A new version of Exempt has been installed. Reload the page to use it.')).toBeVisible({ timeout: 20_000 });
    // The old copy is dropped once the new worker has activated.
    await expect.poll(() => page.evaluate(() => caches.keys())).toHaveLength(1);
    expect(await page.evaluate(() => caches.keys())).not.toContain(first);
    const css = await page.evaluate(() => fetch('dashboard.css').then((r) => r.text()));
    expect(css).toContain('build 2');
    expect(readFileSync(path.join(dist, 'sw.js'), 'utf8')).not.toContain(first.slice('exempt-'.length));
  } finally {
    if (stop) await stop();
  }
});
