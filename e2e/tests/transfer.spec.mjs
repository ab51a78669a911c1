// Exemptions in and out on the Exemptions page: Export downloads a file in
// any format the CLI writes, Import exemptions previews before Apply, and
// Compare with tenant lists drift with Adopt on a row.
import { expect } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, cli, seed, saved, axe, ROOT, ExemptionsPage, UPDATES, PORTS } from './app.mjs';

const CORP_PROD = '/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64';
const LEGACY = `${CORP_PROD}/resourceGroups/rg-legacy`;
const SANDBOX = '/providers/Microsoft.Management/managementGroups/contoso-sandbox';
const EXEMPTIONS = [
  { id: 'e1', name: 'Legacy patched by Tanium', scopes: [LEGACY], recommendations: [UPDATES.key], category: 'mitigated' },
  { id: 'e2', name: 'Sandbox compute waived', scopes: [SANDBOX], recommendationCategory: 'Compute', category: 'waiver', expiresOn: '2099-06-30T00:00:00Z' },
  { id: 'e3', name: 'Ports behind firewall', scopes: [CORP_PROD], recommendations: [PORTS.key], category: 'mitigated' },
];
const DEMO = ['containers.json', 'controls.json', 'assessments.json'].map((f) => path.join(ROOT, 'demo', f));
const dir = () => mkdtempSync(path.join(tmpdir(), 'exempt-'));

// The toolbar's button first says which files to choose; the file button
// is in the panel it opens.
async function pick(page, mode, files) {
  const [button, label] = mode === 'import' ? ['Import exemptions', 'Choose exemption files'] : ['Compare with tenant', "Choose the tenant's files"];
  const input = page.getByLabel(label);
  const toggle = page.getByRole('button', { name: button });
  await expect(toggle).toHaveAttribute('aria-expanded', /true|false/);
  if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
  await expect(input).toBeFocused();
  await input.setInputFiles(files);
}

async function exportAs(page, label, { selected = false } = {}) {
  if (!(await page.getByLabel('Format').isVisible())) await page.getByRole('button', { name: /^Export/ }).click();
  await page.getByLabel('Format').selectOption({ label });
  await page.getByRole('radio', selected ? { name: /^Selected/ } : { name: 'All exemptions' }).check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download', exact: true }).click()]);
  const file = path.join(dir(), download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

test('Export downloads Defender standard assignments that the CLI and the app import back to the same list', async ({ page, browser }) => {
  await seed(page, EXEMPTIONS);
  const list = new ExemptionsPage(page);
  await list.open();
  const arm = await exportAs(page, 'Defender standard assignments: ARM template');
  expect(path.basename(arm)).toBe('defender-exemptions.json');
  const template = JSON.parse(readFileSync(arm, 'utf8'));
  // Nested deployments, one per scope, each holding standard assignments.
  const inner = template.resources.flatMap((d) => d.properties.template.resources);
  expect(inner.length).toBeGreaterThan(0);
  expect(inner.every((r) => r.type === 'Microsoft.Security/standardAssignments')).toBe(true);

  // The project's own file from the app, and the CLI's reading of the ARM template, agree.
  const own = await exportAs(page, 'Exempt file (JSON)');
  const back = path.join(dir(), 'back.json');
  writeFileSync(back, JSON.stringify(cli(['import', arm])));
  const diff = cli(['diff', own, back, '--format', 'json']);
  expect(diff.equal).toBe(true);

  // Another browser profile (a first visit, with the demo's exemptions) imports the template: a preview first, then Apply.
  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto('#/exemptions');
  await pick(other, 'import', arm);
  const preview = other.getByRole('region', { name: 'Import exemptions' });
  await expect(preview.getByRole('heading', { name: 'To add (3)' })).toBeVisible();
  for (const e of EXEMPTIONS) await expect(new ExemptionsPage(other).row(e.name)).toHaveCount(0);
  await axe(other, 'import preview');
  await preview.getByRole('button', { name: 'Apply' }).click();
  const theirs = new ExemptionsPage(other);
  for (const e of EXEMPTIONS) await expect(theirs.row(e.name)).toBeVisible();
  await saved(other);
  await other.reload();
  for (const e of EXEMPTIONS) await expect(theirs.row(e.name)).toBeVisible();
  await context.close();
});

test('Export of the selected rows holds only them, and each format the CLI writes downloads', async ({ page }) => {
  await seed(page, EXEMPTIONS);
  const list = new ExemptionsPage(page);
  await list.open();
  await list.row('Ports behind firewall').getByRole('checkbox', { name: 'Select Ports behind firewall' }).check();
  await expect(page.getByRole('button', { name: 'Export (1 selected)' })).toBeVisible();
  const one = JSON.parse(readFileSync(await exportAs(page, 'Exempt file (JSON)', { selected: true }), 'utf8'));
  expect(one.exemptions.map((e) => e.name)).toEqual(['Ports behind firewall']);
  await page.getByRole('button', { name: 'Close' }).click();

  const ics = readFileSync(await exportAs(page, 'iCalendar: expiry dates'), 'utf8');
  expect(ics).toContain('BEGIN:VCALENDAR');
  expect(ics).toContain('Sandbox compute waived');
  await page.getByRole('button', { name: 'Close' }).click();
  const csv = readFileSync(await exportAs(page, 'CSV: one row per exemption'), 'utf8');
  expect(csv.trim().split('\n')).toHaveLength(4);
  await page.getByRole('button', { name: 'Close' }).click();
  const tf = readFileSync(await exportAs(page, 'Defender standard assignments: Terraform (azapi)'), 'utf8');
  expect(tf).toContain('resource "azapi_resource"');
  await page.getByRole('button', { name: 'Close' }).click();

  // Azure Policy needs the initiative: without it, the refusal names what needed it.
  await page.getByRole('button', { name: /^Export/ }).click();
  await page.getByLabel('Format').selectOption({ label: 'Azure Policy exemptions: ARM template' });
  await page.getByRole('radio', { name: 'All exemptions' }).check();
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Not exported' })).toContainText(UPDATES.key);
});

test('Import exemptions lists what it rejects and why; Cancel changes nothing', async ({ page }) => {
  await seed(page, EXEMPTIONS);
  const list = new ExemptionsPage(page);
  await list.open();
  await pick(page, 'import', path.join(ROOT, 'tests/data/formats/standard-assignment-list.json'));
  const preview = page.getByRole('region', { name: 'Import exemptions' });
  const rejected = preview.getByRole('region', { name: 'Not imported' });
  await expect(rejected).toContainText('standard-assignment-list.json: item 1');
  await expect(rejected).toContainText('Audit');
  await preview.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Showing 3 of 3 exemptions' })).toBeVisible();

  // A file that is not an exemption file at all is refused whole, by name.
  await pick(page, 'import', DEMO[2]);
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing changed.' })).toContainText('assessments.json');
  await expect(page.getByRole('status').filter({ hasText: 'Showing 3 of 3 exemptions' })).toBeVisible();
});

test('Compare with tenant lists drift both ways, and Adopt takes theirs', async ({ page }) => {
  await seed(page, EXEMPTIONS);
  const tenant = dir();
  const file = path.join(tenant, 'tenant.json');
  writeFileSync(file, JSON.stringify({
    exemptions: [
      { name: 'Legacy patched by Tanium', cloud: 'Azure', scopes: [LEGACY], recommendations: [UPDATES.key], category: 'waiver', description: 'Changed in the portal' },
      { name: 'Ports behind firewall', cloud: 'Azure', scopes: [CORP_PROD], recommendations: [PORTS.key], category: 'mitigated' },
      { name: 'Added in the portal', cloud: 'Azure', scopes: [CORP_PROD], recommendations: [UPDATES.key], category: 'mitigated' },
    ],
  }));
  const list = new ExemptionsPage(page);
  await list.open();
  await pick(page, 'compare', file);
  const panel = page.getByRole('region', { name: 'Compare with tenant' });
  await expect(panel.getByRole('region', { name: 'Only here' })).toContainText('Sandbox compute waived');
  await expect(panel.getByRole('region', { name: 'Only in the tenant' })).toContainText('Added in the portal');
  const changed = panel.getByRole('table', { name: /Changed/ });
  await expect(changed).toContainText('Changed in the portal');
  await expect(changed).toContainText('category');
  await axe(page, 'comparison');

  await changed.getByRole('button', { name: 'Adopt Legacy patched by Tanium' }).click();
  await expect(panel.getByRole('table', { name: 'Changed (0)' })).toBeVisible();
  await panel.getByRole('button', { name: 'Adopt Added in the portal' }).click();
  await expect(panel.getByRole('region', { name: 'Only in the tenant' })).toContainText('None.');
  await expect(list.row('Added in the portal')).toBeVisible();
  await expect(list.row('Legacy patched by Tanium').getByRole('cell').nth(2)).toHaveText('Waiver');
  // Adopted changes are saved and in the history with their values.
  await saved(page);
  await page.reload();
  await expect(list.row('Added in the portal')).toBeVisible();
  await page.goto('#/exemptions/history');
  await expect(page.getByRole('main')).toContainText('Changed in the portal');
});

test('Azure Policy exemptions import with the initiative and assessment metadata picked beside them', async ({ page }) => {
  // None held, so the export below holds only what the policy files map.
  await seed(page, []);
  const list = new ExemptionsPage(page);
  await list.open();
  const formats = path.join(ROOT, 'tests/data/formats');
  await page.getByRole('button', { name: 'Import exemptions' }).click();
  const which = page.getByRole('region', { name: 'Import exemptions' });
  await expect(which).toContainText('Azure Policy exemptions name an initiative');
  await pick(page, 'import',
    ['az-policy-exemption-list.json', 'policy-set-mcsb-small.json', 'assessment-metadata-policy-map.json'].map((f) => path.join(formats, f)),
  );
  const preview = page.getByRole('region', { name: 'Import exemptions' });
  await expect(preview).toContainText('definitions from policy-set-mcsb-small.json, assessment-metadata-policy-map.json');
  const expected = cli(['import', path.join(formats, 'az-policy-exemption-list.json'),
    '--definitions', path.join(formats, 'policy-set-mcsb-small.json'), '--definitions', path.join(formats, 'assessment-metadata-policy-map.json')]);
  await expect(preview.getByRole('heading', { name: `To add (${expected.exemptions.length})` })).toBeVisible();
  const notImported = preview.getByRole('region', { name: 'Not imported' });
  await expect(notImported).toContainText('resource selectors');
  // Fields by name, not by their path in the file.
  await expect(notImported).not.toContainText('properties.');
  await expect(notImported).not.toContainText('[0]');
  await preview.getByRole('button', { name: 'Apply' }).click();
  for (const e of expected.exemptions) await expect(list.row(e.name)).toBeVisible();

  // The definitions are chosen once: the next import names them, and the
  // Azure Policy export uses them without asking again.
  await page.getByRole('button', { name: 'Import exemptions' }).click();
  await expect(page.getByTestId('kept-definitions')).toContainText('policy-set-mcsb-small.json, assessment-metadata-policy-map.json');
  await page.getByRole('button', { name: 'Cancel' }).click();
  const policy = JSON.parse(readFileSync(await exportAs(page, 'Azure Policy exemptions: ARM template'), 'utf8'));
  expect(JSON.stringify(policy)).toContain('policyDefinitionReferenceIds');
});
