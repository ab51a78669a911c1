// Embed mode: compact views in an iframe of a page on another origin, the
// messages with the host (only with the origin it names), navigation that
// leaves the host's history alone, and storage kept apart.
import { expect } from '@playwright/test';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, cli, axe, ROOT } from './app.mjs';

test.use({ firstVisit: true });

// The host page is served from `localhost` and the app from `127.0.0.1`:
// two sites, both on loopback (Chromium refuses frames from a public page
// to a local server).
let server;
let hostPage = '';
test.beforeAll(async () => {
  server = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(hostPage));
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
});
test.afterAll(() => server.close());
const hostOrigin = () => `http://localhost:${server.address().port}`;

/** Opens a host page on another site that frames the app at `route`. */
async function host(page, baseURL, { route = '#/embed/score', origin = hostOrigin(), sandbox = 'allow-scripts allow-same-origin', width = 900, height = 600, sibling = false } = {}) {
  const app = new URL(baseURL);
  const query = origin === null ? '' : `?origin=${encodeURIComponent(origin)}`;
  const src = `${app.origin}/index.html${query}${route}`;
  const html = `<!doctype html><html><head><title>Host</title></head><body>
    <iframe id="app" title="Exempt" sandbox="${sandbox}" width="${width}" height="${height}" src="${src}"></iframe>
    ${sibling ? `<iframe id="sibling" title="Sibling" srcdoc="<p>sibling</p>"></iframe>` : ''}
    <script>
      window.messages = [];
      window.addEventListener('message', (e) => {
        window.messages.push({ origin: e.origin, data: e.data, fromApp: e.source === document.getElementById('app').contentWindow });
      });
      window.send = (m) => document.getElementById('app').contentWindow.postMessage(m, ${JSON.stringify(app.origin)});
      window.sendFromSibling = (m) => document.getElementById('sibling').contentWindow.eval(
        'parent.frames[0].postMessage(' + JSON.stringify(m) + ', "*")');
    </script></body></html>`;
  hostPage = html;
  await page.goto(`${hostOrigin()}/dashboard`);
  return { frame: page.frameLocator('#app'), appOrigin: app.origin };
}

const messages = (page, type) => page.evaluate((type) => window.messages.filter((m) => m.data?.type === type), type);
const last = async (page, type) => (await messages(page, type)).at(-1);

test('the score card says ready and every change to its host only, with the CLI\'s numbers, and keeps nothing', async ({ page, baseURL }) => {
  const { frame, appOrigin } = await host(page, baseURL);
  await expect(frame.getByRole('region', { name: 'Secure score' })).toBeVisible();
  await expect.poll(() => messages(page, 'exempt:ready')).toHaveLength(1);
  const ready = await last(page, 'exempt:ready');
  expect(ready.data.version).toMatch(/^\d+\.\d+\.\d+/);
  await expect.poll(async () => (await last(page, 'exempt:changed'))?.data.exemptions).toBe(6);
  const report = cli(['evaluate']);
  const changed = (await last(page, 'exempt:changed')).data;
  expect(changed.secureScore.percentage).toBeCloseTo(report.secureScore.percentage, 12);
  expect(changed.secureScoreWithoutExemptions.current).toBeCloseTo(report.secureScoreWithoutExemptions.current, 12);
  expect(Object.keys(changed).sort()).toEqual(['exemptions', 'secureScore', 'secureScoreWithoutExemptions', 'type']);
  for (const m of await page.evaluate(() => window.messages)) {
    expect(m.origin).toBe(appOrigin);
    expect(m.fromApp).toBe(true);
  }
  // Framed by another origin: storage is kept apart, and the view says so.
  await expect(frame.getByTestId('not-kept')).toContainText('Nothing is kept');
  await expect(frame.getByRole('status').filter({ hasText: 'Nothing is kept' }).first()).toBeVisible();
  const app = page.frames().find((f) => f.url().startsWith(appOrigin));
  // (The browser may block the frame's storage outright, which keeps nothing either.)
  expect(await app.evaluate(() => { try { return localStorage.getItem('exempt.document'); } catch { return null; } })).toBeNull();
  await axe(app, 'embedded score');
});

test('the host loads its own environment and exemptions; the views show them with the CLI\'s scores', async ({ page, baseURL }) => {
  const c = JSON.parse(readFileSync(path.join(ROOT, 'tests/data/cases/score-weighted-subscriptions.json'), 'utf8'));
  const texts = c.inputFiles.map((f) => readFileSync(path.join(ROOT, 'tests/data', f), 'utf8'));
  // Text and parsed JSON, as the host has them.
  const files = [...texts, ...c.inputs];
  const dir = mkdtempSync(path.join(tmpdir(), 'exempt-embed-'));
  const paths = files.map((f, i) => {
    const p = path.join(dir, `input-${i}.json`);
    writeFileSync(p, typeof f === 'string' ? f : JSON.stringify(f));
    return p;
  });
  const exemptionsFile = path.join(dir, 'exemptions.json');
  writeFileSync(exemptionsFile, JSON.stringify(c.exemptions));
  const bare = cli(['evaluate', ...paths]);
  const withExemptions = cli(['evaluate', '-e', exemptionsFile, ...paths]);

  const { frame } = await host(page, baseURL);
  await expect.poll(() => messages(page, 'exempt:ready')).toHaveLength(1);
  await page.evaluate((files) => window.send({ type: 'exempt:load', files }), files);
  await expect.poll(async () => (await last(page, 'exempt:changed'))?.data.exemptions).toBe(0);
  await expect.poll(async () => (await last(page, 'exempt:changed')).data.secureScore.current).toBeCloseTo(bare.secureScore.current, 12);
  await expect(frame.getByTestId('hosted-banner')).toBeVisible();

  await page.evaluate((file) => window.send({ type: 'exempt:exemptions', file }), c.exemptions);
  await expect.poll(async () => (await last(page, 'exempt:changed')).data.exemptions).toBe(c.exemptions.exemptions.length);
  const changed = (await last(page, 'exempt:changed')).data;
  expect(changed.secureScore.current).toBeCloseTo(withExemptions.secureScore.current, 12);
  expect(changed.secureScore.max).toBeCloseTo(withExemptions.secureScore.max, 12);
  await expect(frame.getByRole('region', { name: 'Secure score' })).toContainText(`${Math.round(withExemptions.secureScore.percentage * 100)}%`);

  // The host switches the view; the table lists the host's exemptions.
  await page.evaluate(() => window.send({ type: 'exempt:open', route: '#/embed/exemptions' }));
  const table = frame.getByRole('table', { name: 'Exemptions' });
  for (const e of c.exemptions.exemptions) await expect(table.getByRole('rowheader', { name: e.name })).toBeVisible();

  // Mistakes are answered with exempt:error, naming the file and row.
  await page.evaluate(() => window.send({ type: 'exempt:load', files: 'nope' }));
  await expect.poll(async () => (await last(page, 'exempt:error'))?.data.message).toContain('exempt:load needs files');
  await page.evaluate(() => window.send({ type: 'exempt:load', files: ['[{"id": 1}]'] }));
  await expect.poll(async () => (await last(page, 'exempt:error'))?.data.message).toMatch(/files\[0\].*row 1/);
  await page.evaluate(() => window.send({ type: 'exempt:open', route: '#/settings' }));
  await expect.poll(async () => (await last(page, 'exempt:error'))?.data.message).toContain('exempt:open accepts');
  await page.evaluate(() => window.send({ type: 'exempt:frobnicate' }));
  await expect.poll(async () => (await last(page, 'exempt:error'))?.data.message).toContain('unknown message type');
  // What the host loaded is still shown.
  await expect(table.getByRole('rowheader', { name: c.exemptions.exemptions[0].name })).toBeVisible();
});

test('messages from any other origin or window are ignored, and without origin nothing is sent', async ({ page, baseURL }) => {
  // The URL names another origin than the host's: nothing reaches the host.
  const { frame } = await host(page, baseURL, { origin: 'http://other.test', sibling: true });
  await expect(frame.getByRole('region', { name: 'Secure score' })).toBeVisible();
  await page.waitForTimeout(1500);
  expect(await page.evaluate(() => window.messages.length)).toBe(0);
  await page.evaluate(() => window.send({ type: 'exempt:exemptions', file: { exemptions: [] } }));
  await page.waitForTimeout(500);
  await expect(frame.getByTestId('embed-gap')).toContainText('6 exemptions');

  // The right origin, but a window other than the parent.
  const second = await host(page, baseURL, { sibling: true });
  await expect.poll(() => messages(page, 'exempt:ready')).toHaveLength(1);
  await page.evaluate(() => window.sendFromSibling({ type: 'exempt:exemptions', file: { exemptions: [] } }));
  await page.waitForTimeout(500);
  await expect(second.frame.getByTestId('embed-gap')).toContainText('6 exemptions');

  // No origin in the URL: silent.
  const third = await host(page, baseURL, { origin: null });
  await expect(third.frame.getByRole('region', { name: 'Secure score' })).toBeVisible();
  await page.waitForTimeout(1500);
  expect(await page.evaluate(() => window.messages.length)).toBe(0);
});

test('clicks inside the frame leave the host tab\'s history alone; the link opens the full app', async ({ page, baseURL }) => {
  const { frame } = await host(page, baseURL, { route: '#/embed/exemptions', sandbox: 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox' });
  const table = frame.getByRole('table', { name: 'Exemptions' });
  await expect(table.getByRole('row')).toHaveCount(7);
  const before = await page.evaluate(() => history.length);
  await frame.getByRole('button', { name: '+ Create' }).click();
  await expect(frame.getByRole('heading', { name: 'Create exemption' })).toBeVisible();
  await frame.getByRole('button', { name: 'Cancel' }).click();
  const confirm = frame.getByRole('dialog');
  if (await confirm.isVisible().catch(() => false)) await confirm.getByRole('button', { name: /Discard|Leave|Yes/ }).click();
  await expect(table).toBeVisible();
  await table.getByRole('button', { name: '...' }).first().click();
  await frame.getByRole('menuitem', { name: 'Edit' }).click();
  await expect(frame.getByRole('heading', { name: 'Edit exemption' })).toBeVisible();
  expect(await page.evaluate(() => history.length)).toBe(before);

  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    frame.getByRole('link', { name: 'Open in Exempt (opens a new tab)' }).click(),
  ]);
  expect(popup.url()).not.toContain('origin=');
  expect(popup.url()).toMatch(/#\/exemptions\/[^/]+\/edit$/);
});

for (const [width, height] of [[320, 240], [400, 300], [900, 600]]) {
  test(`every compact view fits a ${width}×${height} frame without sideways scrolling`, async ({ page, baseURL }) => {
    for (const route of ['#/embed/score', '#/embed/exemptions', '#/embed/recommendations/4ab6e3c5-74dd-8b35-9ab9-f61b30875b27', '#/embed/exemptions/new']) {
          const { frame, appOrigin } = await host(page, baseURL, { route, width, height });
      await expect(frame.locator('main h1, main .score-row').first()).toBeAttached();
      const app = page.frames().find((f) => f.url().startsWith(appOrigin));
      const { scroll, client } = await app.evaluate(() => ({ scroll: document.scrollingElement.scrollWidth, client: document.scrollingElement.clientWidth }));
      expect(scroll, `${route} at ${width}×${height}`).toBeLessThanOrEqual(client);
      if (width === 400) await page.screenshot({ path: `screenshots/embed${route.replace(/[#/]+/g, '-').slice(0, 40)}.png` });
    }
  });
}
