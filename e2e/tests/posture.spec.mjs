// Posture views: the numbers on screen equal the CLI's for the same data and
// exemptions; recommendations, their resources, "Why?" and Exempt.
import { expect } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, cli, seed, axe, ROOT, UPDATES, PORTS, Wizard } from './app.mjs';

const CORP_PROD = '/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64';
const LEGACY = `${CORP_PROD}/resourceGroups/rg-legacy`;
const EXEMPTIONS = [
  { id: 'e1', name: 'Legacy patched by Tanium', scopes: [LEGACY], recommendations: [UPDATES.key], category: 'mitigated' },
  { id: 'e2', name: 'Sandbox compute waived', scopes: ['/providers/Microsoft.Management/managementGroups/contoso-sandbox'], recommendationCategory: 'Compute', category: 'waiver' },
  { id: 'e3', name: 'Ports behind firewall', scopes: [CORP_PROD], recommendations: [PORTS.key], category: 'mitigated', expiresOn: '2099-12-31T00:00:00Z' },
];

function cliReport() {
  const dir = mkdtempSync(path.join(tmpdir(), 'exempt-'));
  const file = path.join(dir, 'exemptions.json');
  const asFile = EXEMPTIONS.map(({ id, recommendationCategory, recommendations, expiresOn, ...e }) => ({
    ...e, id, cloud: 'Azure', ...(recommendations ? { recommendations } : { recommendationCategory }), ...(expiresOn ? { expiresOn } : {}),
  }));
  writeFileSync(file, JSON.stringify({ exemptions: asFile }));
  const demo = ['containers.json', 'controls.json', 'assessments.json'].map((f) => path.join(ROOT, 'demo', f));
  return cli(['evaluate', '--exemptions', file, ...demo]);
}

const points = (s) => `${s.current.toFixed(2)} of ${s.max.toFixed(2)} points`;

test('the overview shows the same secure scores as the CLI', async ({ page }) => {
  const report = cliReport();
  await seed(page, EXEMPTIONS);
  await page.goto('#/');
  await expect(page.getByRole('region', { name: 'Secure score' })).toContainText(points(report.secureScore));
  await expect(page.getByRole('region', { name: 'Secure score' })).toContainText(`${Math.round(report.secureScore.percentage * 100)}%`);
  await expect(page.getByRole('region', { name: 'Without exemptions' })).toContainText(points(report.secureScoreWithoutExemptions));
  // The gap in percentage points: with minus without, as the CLI's scores give it.
  const gap = (report.secureScore.percentage - report.secureScoreWithoutExemptions.percentage) * 100;
  await expect(page.getByTestId('gap-effect')).toHaveText(`${gap >= 0 ? '+' : ''}${gap.toFixed(2)}`);
  const units = page.getByRole('table', { name: 'Subscriptions and connectors' });
  for (const u of report.subscriptions) {
    const row = units.getByRole('row', { name: new RegExp(`^${u.displayName}`) });
    await expect(row.getByRole('cell').nth(2)).toContainText(`(${u.current.toFixed(2)} / ${u.max.toFixed(2)})`);
    await expect(row.getByRole('cell').nth(4)).toHaveText(String(u.weight));
  }
  const controls = page.getByRole('table', { name: /Security controls/ });
  for (const c of report.controls) {
    const row = controls.getByRole('row', { name: new RegExp(`^${c.displayName}`) });
    await expect(row.getByRole('cell').nth(1)).toHaveText(c.current.toFixed(2));
    await expect(row.getByRole('cell').nth(4)).toHaveText(String(c.unhealthy));
  }
  // The charts draw those figures, each with a table behind it.
  // The percentages as the score cards round them.
  const card = async (name) => (await page.getByRole('region', { name }).locator('.score-value').textContent()).trim();
  const scoreChart = page.getByTestId('score-chart');
  await scoreChart.getByText('Show as table').click();
  const scoreRow = scoreChart.getByRole('table').getByRole('row', { name: /^Secure score/ });
  await expect(scoreRow.getByRole('cell').nth(0)).toHaveText(await card('Secure score'));
  await expect(scoreRow.getByRole('cell').nth(1)).toHaveText(await card('Without exemptions'));
  await expect(scoreRow.getByRole('cell').nth(2)).toHaveText(`${gap >= 0 ? '+' : ''}${gap.toFixed(2)}`);
  const health = page.getByTestId('health-chart');
  await health.getByText('Show as table').click();
  const unhealthy = report.controls.reduce((n, c) => n + c.unhealthy, 0);
  await expect(health.getByRole('row', { name: /^With exemptions/ }).getByRole('cell').nth(1)).toHaveText(unhealthy.toLocaleString('en-US'));
  await expect(page.getByTestId('units-chart')).toContainText('corp-prod');
  await expect(page.getByTestId('controls-chart')).toContainText(report.controls[0].displayName);
  await axe(page, 'overview charts');
  // Each contributor's effect, and the filter by cloud.
  const top = page.getByRole('region', { name: 'Top contributors to the gap' });
  await expect(top.getByRole('row', { name: /Legacy patched by Tanium/ })).toBeVisible();
  await page.getByRole('combobox', { name: 'Cloud' }).selectOption('AWS');
  await expect(units.getByRole('row')).toHaveCount(2);
  await expect(units).toContainText('aws-prod');
  // Top contributors follow the filter: no Azure exemption under AWS.
  await expect(top.getByRole('row', { name: /Legacy patched by Tanium/ })).toHaveCount(0);
});

test('recommendations filter, a recommendation shows exempted resources, why, and Exempt opens the wizard filled in', async ({ page }) => {
  await seed(page, EXEMPTIONS);
  await page.goto('#/recommendations');
  await page.getByRole('combobox', { name: 'Exempted' }).selectOption('yes');
  const table = page.getByRole('table');
  await expect(table.getByRole('link', { name: UPDATES.title })).toBeVisible();
  await expect(table.getByRole('link', { name: 'Secure transfer to storage accounts should be enabled' })).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Severity' }).selectOption('Low');
  await page.getByRole('combobox', { name: 'Exempted' }).selectOption('');
  await expect(table.getByRole('row').nth(1)).toContainText('Low');
  await page.getByRole('combobox', { name: 'Severity' }).selectOption('');
  await expect(page.getByText(/Preview/).first()).toBeVisible();

  await page.goto(`#/recommendations/${UPDATES.key}`);
  await expect(page.getByRole('heading', { name: UPDATES.title })).toBeVisible();
  await page.getByRole('tab', { name: /^Healthy/ }).click();
  const legacy = page.getByRole('row', { name: /vm-legacy-01/ });
  await expect(legacy).toContainText('Exempted');
  await expect(legacy.getByRole('link', { name: 'Legacy patched by Tanium' })).toBeVisible();
  await expect(legacy).toContainText('(Mitigated)');
  await legacy.getByRole('button', { name: /Why is this exempt\? vm-legacy-01/ }).click();
  const why = page.getByRole('region', { name: /Why: vm-legacy-01/ });
  await expect(why).toContainText('Status: Healthy (scanned: Unhealthy)');
  await expect(why).toContainText('Legacy patched by Tanium (Mitigated): applies — rg-legacy');
  await expect(why).toContainText('resource group');
  await expect(why).toContainText('Sandbox compute waived (Waiver): does not apply — outside scope');

  // An unfinished Create draft is not replaced without asking.
  await page.goto('#/exemptions/new');
  await page.getByRole('textbox', { name: 'Exemption name' }).fill('Half-typed');
  await page.goto(`#/recommendations/${UPDATES.key}`);
  await page.getByRole('tab', { name: /^Unhealthy/ }).click();
  await page.getByRole('checkbox', { name: /Select vm-app-02/ }).check();
  await page.getByRole('button', { name: 'Exempt (1 selected)' }).click();
  const ask = page.getByRole('dialog', { name: 'Replace your unfinished exemption?' });
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toHaveCount(0);
  await expect(page.getByRole('heading', { name: UPDATES.title })).toBeVisible();
  await page.getByRole('button', { name: 'Exempt (1 selected)' }).click();
  await ask.getByRole('button', { name: 'Replace' }).click();
  await expect(page.getByRole('heading', { name: 'Create exemption' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Selected scopes' })).toContainText('vm-app-02');
  const w = new Wizard(page);
  await w.name().fill('App 02 patched');
  await page.getByRole('radio', { name: 'Mitigated (resolved through a third-party service)' }).check();
  await w.next();
  await expect(page.getByRole('checkbox', { name: new RegExp(UPDATES.title) })).toBeChecked();
  await w.next();
  await expect(page.getByTestId('impact-unhealthy')).toHaveText('1');
});
