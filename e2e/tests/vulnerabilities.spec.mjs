// A Vulnerabilities condition in the wizard: Defender's four properties,
// an impact preview that counts findings and equals the command line's
// evaluation, and the same effect on the Overview after Create.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from '@playwright/test';
import { test, ExemptionsPage, Wizard, cli, axe } from './app.mjs';

const LEGACY = '/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64/resourceGroups/rg-legacy/providers/Microsoft.Compute/virtualMachines/vm-legacy-02/providers/Microsoft.Security/assessments/1195afff-c881-495e-9bc5-1486211ae03f';

test('a Vulnerabilities condition: the preview counts findings as the command line does, and the Overview shows its effect', async ({ page }) => {
  const list = new ExemptionsPage(page);
  await list.open();
  const w = new Wizard(page);
  await w.start();
  await w.basics({ name: 'Below Critical on corp-prod', scopes: [{ label: 'corp-prod · Subscription', search: 'corp-prod' }], category: 'Mitigated' });
  await w.next();
  await page.getByRole('radio', { name: 'Vulnerabilities' }).check();
  // Nothing entered: the step says what it needs, on the condition.
  await w.next();
  await expect(page.getByText('Enter at least one of CVEs, CVSS score, Minimum severity or Non-patchable.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'CVEs' })).toBeFocused();
  await page.getByRole('spinbutton', { name: 'CVSS score (less than)' }).fill('11');
  await w.next();
  await expect(page.getByText(/not a CVSS score above 0 and at most 10/)).toBeVisible();
  await page.getByRole('spinbutton', { name: 'CVSS score (less than)' }).fill('');
  await page.getByRole('combobox', { name: 'Minimum severity' }).selectOption('Critical');
  await axe(page, 'wizard, Vulnerabilities condition');
  await w.next();
  await expect(page.getByTestId('review-condition')).toHaveText('Vulnerabilities: severity below Critical');
  const findings = Number(await page.getByTestId('impact-findings').textContent());
  const predicted = await page.getByTestId('impact-score').getAttribute('data-effect');

  // The command line, given the same exemption, exempts the same findings
  // and decides the machine's assessment by them.
  const dir = mkdtempSync(path.join(tmpdir(), 'exempt-vuln-'));
  const file = path.join(dir, 'exemptions.json');
  writeFileSync(file, JSON.stringify({ exemptions: [{
    name: 'Below Critical on corp-prod', cloud: 'Azure', category: 'mitigated',
    scopes: ['/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64'], vulnerabilities: { minimumSeverity: 'Critical' },
  }] }));
  const report = cli(['evaluate', '-e', file]);
  expect(findings).toBe(report.vulnerabilityFindings.exempted);
  expect(findings).toBe(4);
  const legacy = report.assessments.find((a) => a.id === LEGACY);
  expect(legacy.status).toBe('Healthy');
  expect(legacy.findings).toEqual({ total: 4, unhealthy: 4, exempted: 4 });
  await expect(page.getByTestId('impact-assessments')).toHaveText('1');

  await w.create();
  const row = list.row('Below Critical on corp-prod');
  await expect(row.getByRole('cell', { name: 'Vulnerabilities: severity below Critical' })).toBeVisible();
  await page.getByRole('link', { name: 'Overview' }).click();
  const effect = page.getByRole('region', { name: 'Top contributors to the gap' })
    .getByRole('row', { name: /Below Critical on corp-prod/ }).getByTestId('contributor-effect');
  await expect(effect).toHaveText(predicted);
});

test('a recommendation lists its findings per resource, searchable by CVE, each with what decides it', async ({ page }) => {
  await page.goto('#/recommendations/1195afff-c881-495e-9bc5-1486211ae03f');
  const section = page.getByRole('region', { name: /Vulnerability findings/ });
  await expect(section.getByRole('heading', { name: 'Vulnerability findings (14)' })).toBeVisible();
  const table = section.getByRole('table', { name: 'Vulnerability findings' });
  // A header row and the findings in view.
  await expect(table.getByRole('row')).toHaveCount(15);
  await section.getByRole('searchbox', { name: 'Search findings' }).fill('cve-2024-6387');
  await expect(section.getByText('2 of 14 shown')).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table.getByRole('row', { name: /vm-dns-01/ })).toContainText('High (8.1)');
  await expect(table.getByRole('row', { name: /vm-dns-01/ })).toContainText('Unhealthy');
  await section.getByRole('searchbox', { name: 'Search findings' }).fill('no such thing');
  await expect(section.getByText('No finding matches the search.')).toBeVisible();
  await axe(page, 'recommendation with findings');
});

test("Exempt on a finding opens the wizard with the finding's CVEs and resource, and the exemption then decides it", async ({ page }) => {
  await new ExemptionsPage(page).open();
  await page.goto('#/recommendations/1195afff-c881-495e-9bc5-1486211ae03f');
  const section = page.getByRole('region', { name: /Vulnerability findings/ });
  await section.getByRole('searchbox', { name: 'Search findings' }).fill('cve-2024-6387');
  await section.getByRole('button', { name: 'Exempt CVE-2024-6387 on vm-dns-01' }).click();
  await expect(page).toHaveURL(/#\/exemptions\/new$/);
  const w = new Wizard(page);
  await expect(page.getByRole('button', { name: /Remove vm-dns-01/ })).toBeVisible();
  await w.name().fill('regreSSHion on the DNS server');
  await page.getByRole('radio', { name: 'Waiver (risk accepted)' }).check();
  await w.next();
  await expect(page.getByRole('radio', { name: 'Vulnerabilities' })).toBeChecked();
  await expect(page.getByRole('textbox', { name: 'CVEs' })).toHaveValue('CVE-2024-6387');
  await w.next();
  await expect(page.getByTestId('review-condition')).toHaveText('Vulnerabilities: CVE CVE-2024-6387');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(new ExemptionsPage(page).row('regreSSHion on the DNS server')).toBeVisible();
  await page.goto('#/recommendations/1195afff-c881-495e-9bc5-1486211ae03f');
  await section.getByRole('searchbox', { name: 'Search findings' }).fill('cve-2024-6387');
  const decided = section.getByRole('table', { name: 'Vulnerability findings' }).getByRole('row', { name: /vm-dns-01/ });
  await expect(decided).toContainText('Exempted');
  await expect(decided).toContainText('regreSSHion on the DNS server (Waiver)');
});
