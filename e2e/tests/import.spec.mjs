// The user's own tenant: export files imported in the browser, read in the
// worker, kept in IndexedDB, shown with the same numbers as the CLI, and
// still there after a reload; bad files change nothing.
import { expect } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, cli, axe, ROOT } from './app.mjs';

const DEMO = ['containers.json', 'controls.json', 'assessments.json'].map((f) => path.join(ROOT, 'demo', f));
const INPUTS = path.join(ROOT, 'tests/data/inputs');
const points = (s) => `${s.current.toFixed(2)} of ${s.max.toFixed(2)} points`;

function evaluate(files) {
  const dir = mkdtempSync(path.join(tmpdir(), 'exempt-'));
  const none = path.join(dir, 'none.json');
  writeFileSync(none, JSON.stringify({ exemptions: [] }));
  return cli(['evaluate', '--exemptions', none, ...files]);
}

async function importFiles(page, files) {
  await page.getByRole('button', { name: 'Import data', exact: true }).setInputFiles(files);
  await expect(page.getByTestId('import-summary')).toBeVisible();
}

const score = (page) => page.getByRole('region', { name: 'Secure score' });

test('exports imported in the browser show the CLI numbers, survive a reload and can be switched and deleted', async ({ page, context }) => {
  const report = evaluate(DEMO);
  await page.goto('#/settings');
  const other = await context.newPage();
  await other.goto('#/settings');

  await importFiles(page, DEMO);
  const summary = page.getByTestId('import-summary');
  await expect(summary.getByRole('row', { name: /assessments\.json/ })).toBeVisible();
  await expect(summary.getByRole('row', { name: /containers\.json/ })).toContainText('9 management groups, 6 subscriptions');
  await expect(summary.getByRole('row', { name: /assessments\.json/ })).toContainText('308 assessments');
  await axe(page, 'import summary');
  await page.getByLabel('Name of the environment').fill('Contoso from files');
  await page.getByRole('button', { name: 'Use this environment' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The environment is imported and shown.' })).toBeVisible();

  await page.goto('#/');
  await expect(score(page)).toContainText(points(report.secureScore));
  await expect(page.getByRole('region', { name: 'Without exemptions' })).toContainText(points(report.secureScoreWithoutExemptions));

  // The other tab lists it without a reload.
  await expect(other.getByRole('radio', { name: /Contoso from files/ })).toBeVisible();

  // Read back from IndexedDB after a reload, still chosen.
  await page.reload();
  await expect(score(page)).toContainText(points(report.secureScore));
  await page.goto('#/settings');
  await expect(page.getByRole('radio', { name: /Contoso from files/ })).toBeChecked();

  // A second import, from Defender's CSV report, and switching between them.
  const csv = evaluate([path.join(INPUTS, 'defender-recommendations.csv')]);
  await importFiles(page, [path.join(INPUTS, 'defender-recommendations.csv')]);
  await expect(page.getByTestId('import-summary')).toContainText('(CSV report)');
  await page.getByLabel('Name of the environment').fill('From the CSV report');
  await page.getByRole('button', { name: 'Use this environment' }).click();
  await page.goto('#/');
  await expect(score(page)).toContainText(points(csv.secureScore));
  await page.goto('#/settings');
  await page.getByRole('radio', { name: /Contoso from files/ }).check();
  await page.goto('#/');
  await expect(score(page)).toContainText(points(report.secureScore));

  // Deleting the one shown falls back to the demo; the other stays.
  await page.goto('#/settings');
  await page.getByRole('button', { name: 'Delete Contoso from files' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('radio', { name: /Contoso from files/ })).toHaveCount(0);
  await expect(page.getByRole('radio', { name: /From the CSV report/ })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('radio', { name: /Contoso from files/ })).toHaveCount(0);
  await expect(page.getByRole('radio', { name: /From the CSV report/ })).toBeVisible();
});

for (const [file, why] of [
  ['refuse-truncated.json', /refuse-truncated\.json/],
  ['refuse-virtual-machine.json', /refuse-virtual-machine\.json/],
  // An exemption file is pointed to Import exemptions, in the app's words.
  ['refuse-exemption-file.json', /refuse-exemption-file\.json: row 1: this is an exemption file, not Defender data; import it with Import exemptions on the Exemptions page/],
]) {
  test(`a bad file (${file}) is refused by name and nothing changes`, async ({ page }) => {
    await page.goto('#/');
    const before = await score(page).textContent();
    await page.goto('#/settings');
    await page.getByRole('button', { name: 'Import data', exact: true }).setInputFiles([DEMO[0], path.join(INPUTS, file)]);
    const alert = page.getByRole('alert').filter({ hasText: 'The files were not imported.' });
    await expect(alert).toContainText(why);
    await expect(alert).not.toContainText('--');
    await expect(page.getByLabel('Demo environment', { exact: false })).toBeChecked();
    await page.goto('#/');
    await expect(score(page)).toHaveText(before);
  });
}

test('Cancel during an import changes nothing', async ({ page }) => {
  await page.goto('#/settings');
  await importFiles(page, DEMO);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Import cancelled: nothing changed.' })).toBeVisible();
  await expect(page.getByLabel('Demo environment', { exact: false })).toBeChecked();
  await expect(page.locator('.stored-environment')).toHaveCount(0);
});

test('an import that cannot be stored says so and keeps the environment shown', async ({ page }) => {
  // The worker writes the environment to IndexedDB; make that write fail as a full disk would.
  page.on('worker', async (worker) => {
    await worker.evaluate(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (...args) {
        if (args[0] instanceof Uint8Array || args[0] instanceof ArrayBuffer || ArrayBuffer.isView(args[0])) {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }
        return put.apply(this, args);
      };
    }).catch(() => {});
  });
  await page.goto('#/settings');
  await importFiles(page, DEMO);
  await page.getByRole('button', { name: 'Use this environment' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The files were not imported.' })).toContainText(/Not kept/);
  await expect(page.getByLabel('Demo environment', { exact: false })).toBeChecked();
  await page.reload();
  await expect(page.locator('.stored-environment')).toHaveCount(0);
});
