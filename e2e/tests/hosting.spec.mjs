// Static hosting: the build under a sub-path, its Content-Security-Policy,
// the first visit, the JavaScript package in the browser, the example
// dashboard, and pages that fit narrow windows.
import { test as plain } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect, cli, axe, createThroughWizard, ROOT, UPDATES } from './app.mjs';

const SUB_PATH = `http://127.0.0.1:${Number(process.env.E2E_PORT || 8090) + 1}/tools/exempt/`;
const demoExemptions = JSON.parse(readFileSync(path.join(ROOT, 'demo/exemptions.json'), 'utf8')).exemptions;

test.describe('under a sub-path', () => {
  test.use({ baseURL: SUB_PATH });

  test('the main journey works, and every request stays under the sub-path', async ({ page }) => {
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await createThroughWizard(page, { name: 'Patched by Tanium', scopes: [{ label: 'corp-prod · Subscription', search: 'corp-prod' }], recommendations: [UPDATES.title] });
    await page.getByRole('link', { name: 'Overview' }).click();
    await expect(page.getByRole('region', { name: 'Top contributors to the gap' }).getByRole('row', { name: /Patched by Tanium/ })).toBeVisible();
    await page.reload();
    await page.goto('#/exemptions');
    await expect(page.getByRole('rowheader', { name: 'Patched by Tanium' })).toBeVisible();
    expect(page.url()).toBe(`${SUB_PATH}#/exemptions`);
    const outside = requests.filter((u) => /^https?:/.test(u) && !u.startsWith(SUB_PATH));
    expect(outside).toEqual([]);
    expect(requests.some((u) => u.endsWith('exempt-worker_bg.wasm'))).toBe(true);
  });

  test('the dashboard and the package work there too', async ({ page }) => {
    await page.goto('dashboard.html');
    await expect(page.locator('#package-result')).toContainText('Secure score');
    await expect(page.frameLocator('iframe.score').getByRole('region', { name: 'Secure score' })).toBeVisible();
  });
});

plain('the Content-Security-Policy allows the app and nothing more, and the app needs nothing more', async ({ page, request }) => {
  const html = await (await request.get('index.html')).text();
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  expect(directives['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  expect(directives['style-src']).toEqual(["'self'"]);
  expect(directives['object-src']).toEqual(["'none'"]);
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toMatch(/'unsafe-eval'/);
  // No inline script or style anywhere in the page.
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  expect(html).not.toMatch(/\sstyle="/);

  // The policy is in force: an injected inline script is refused...
  const violations = [];
  page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) violations.push(m.text()); });
  await page.goto('#/');
  await expect(page.getByRole('region', { name: 'Secure score' })).toBeVisible();
  expect(violations).toEqual([]);
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.injected = true';
    document.body.append(s);
  });
  expect(await page.evaluate(() => window.injected)).toBeUndefined();
  await expect.poll(() => violations.length).toBeGreaterThan(0);
});

plain('a host that serves WebAssembly without its media type still runs the app', async ({ page }) => {
  await page.route('**/*.wasm', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
  });
  await page.goto('#/');
  await expect(page.getByRole('region', { name: 'Secure score' })).toContainText(/points/);
});

test.describe('a first visit', () => {
  test.use({ firstVisit: true });

  test('opens the demo with its example exemptions, as the CLI\'s demo; Start empty clears them', async ({ page }) => {
    const report = cli(['evaluate']);
    await page.goto('#/');
    // The gap in percentage points: with minus without, as the CLI's scores give it.
    const gap = (report.secureScore.percentage - report.secureScoreWithoutExemptions.percentage) * 100;
    await expect(page.getByTestId('gap-effect')).toHaveText(`${gap >= 0 ? '+' : ''}${gap.toFixed(2)}`);
    await page.goto('#/exemptions');
    const table = page.getByRole('table', { name: 'Exemptions' });
    for (const e of demoExemptions) await expect(table.getByRole('rowheader', { name: e.name })).toBeVisible();
    await expect(page.getByText(/Review findings \(\d+\)/)).toBeVisible();
    await page.goto('#/exemptions/history');
    await expect(page.getByRole('table').getByRole('row', { name: /Created/ })).toHaveCount(demoExemptions.length);

    await page.goto('#/settings');
    await page.getByRole('button', { name: 'Start empty' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start empty' });
    await expect(dialog).toContainText(`Delete all ${demoExemptions.length} exemptions`);
    await dialog.getByRole('button', { name: 'Delete all' }).click();
    // "All changes saved" already showed before the click: wait for the
    // deletion itself to be stored before reloading.
    await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('exempt.document')).exemptions.length)).toBe(0);
    await expect(page.getByText('All changes saved')).toBeVisible();
    await page.reload();
    await page.goto('#/exemptions');
    await expect(page.getByRole('heading', { name: 'No exemptions yet' })).toBeVisible();
    await page.goto('#/exemptions/history');
    await expect(page.getByRole('table').getByRole('row', { name: /Deleted/ })).toHaveCount(demoExemptions.length);
  });

  test('the dashboard embeds the score card and the table; its package panel agrees; a change in one frame shows in the other', async ({ page }) => {
    await page.goto('dashboard.html');
    const score = page.frameLocator('iframe.score');
    const table = page.frameLocator('iframe.table');
    await expect(page.locator('#package-result')).toContainText('Exemptions');
    const computed = await page.locator('#package-result dd').nth(1).textContent();
    const percent = computed.match(/^(\d+(?:\.\d)?)%/)[1];
    await expect(score.getByRole('region', { name: 'Secure score' })).toContainText(`${Math.round(Number(percent))}%`);
    await expect(page.locator('#latest')).toContainText(`Secure score ${percent}% with exemptions`);
    await expect(page.locator('#latest')).toContainText(`${demoExemptions.length} exemptions`);

    // Delete one exemption in the table: the score card hears of it.
    const first = demoExemptions[0].name;
    await table.getByRole('row').filter({ has: table.getByRole('rowheader', { name: first }) }).getByRole('button', { name: '...' }).click();
    await table.getByRole('menuitem', { name: 'Delete' }).click();
    await table.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect(score.getByTestId('embed-gap')).toContainText(`${demoExemptions.length - 1} exemptions`);
    await expect(page.locator('#latest')).toContainText(`${demoExemptions.length - 1} exemptions`);
    await axe(page, 'dashboard');
  });
});

test('the package loads from dist/pkg in the browser and answers as the CLI does', async ({ page }) => {
  const AT = '2026-06-01T00:00:00Z';
  const files = ['containers.json', 'controls.json', 'assessments.json'].map((f) => path.join(ROOT, 'demo', f));
  const expected = cli(['evaluate', '--at', AT, '-e', path.join(ROOT, 'demo/exemptions.json'), ...files]);
  await page.goto('#/');
  const answer = await page.evaluate(async (at) => {
    const pkg = await import(new URL('pkg/exempt.js', document.baseURI).href);
    await pkg.default();
    const texts = await Promise.all(['containers', 'controls', 'assessments'].map((f) => fetch(`demo/${f}.json`).then((r) => r.text())));
    const session = pkg.Session.load(texts);
    const report = session.evaluate(await fetch('demo/exemptions.json').then((r) => r.text()), { at });
    let error;
    try { session.explain('/no/such/assessment'); } catch (e) { error = { name: e.name, kind: e.kind, message: e.message }; }
    return { report, error, version: pkg.version() };
  }, AT);
  expect(answer.report).toEqual(expected);
  expect(answer.error).toEqual({ name: 'ExemptError', kind: 'notFound', message: 'no assessment has the id /no/such/assessment' });
  expect(answer.version).toMatch(/^\d+\.\d+\.\d+$/);
});

test.describe('narrow windows', () => {
  test.use({ firstVisit: true });
  const routes = ['#/', '#/recommendations', `#/recommendations/${UPDATES.key}`, '#/environments', '#/exemptions', '#/exemptions/new', '#/exemptions/history', '#/settings'];
  for (const viewport of [{ width: 390, height: 844 }, { width: 900, height: 600 }, { width: 400, height: 300 }]) {
    test(`every page fits ${viewport.width}×${viewport.height} without sideways scrolling of the page`, async ({ page }) => {
      await page.setViewportSize(viewport);
      for (const route of routes) {
        await page.goto(route);
        await expect(page.locator('main h1').first()).toBeVisible();
        // Tables may scroll inside their own frame; the page itself may not.
        const { scroll, client } = await page.evaluate(() => ({ scroll: document.scrollingElement.scrollWidth, client: document.scrollingElement.clientWidth }));
        expect(scroll, `${route} at ${viewport.width}×${viewport.height}`).toBeLessThanOrEqual(client);
      }
    });
  }
});
