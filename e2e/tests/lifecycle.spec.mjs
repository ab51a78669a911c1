// Lifecycle: overlaps and conflicts flagged, stale exemptions, renew with a
// new justification, and the append-only history.
import { expect } from '@playwright/test';
import { test, seed, saved, axe, ExemptionsPage, Wizard, UPDATES, PORTS } from './app.mjs';

const CORP_PROD = '/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64';

test('redundant, conflicting and unused exemptions are flagged, also for a draft', async ({ page }) => {
  await seed(page, [
    { id: 'a', name: 'Whole subscription', scopes: [CORP_PROD], recommendations: [UPDATES.key], category: 'mitigated' },
    { id: 'b', name: 'Just rg-legacy', scopes: [`${CORP_PROD}/resourceGroups/rg-legacy`], recommendations: [UPDATES.key], category: 'mitigated' },
    { id: 'c', name: 'Risk accepted on rg-app', scopes: [`${CORP_PROD}/resourceGroups/rg-app`], recommendations: [UPDATES.key], category: 'waiver' },
    { id: 'd', name: 'Nowhere', scopes: ['/subscriptions/9a7d3e55-1f2b-4c8e-b6a0-73e5d1c4f298'], recommendations: ['b0fdc63a-38e7-4bab-a7c4-2c2665abbaa9'], category: 'waiver' },
  ]);
  const list = new ExemptionsPage(page);
  await list.open();
  await page.getByText(/Review findings \(\d+\)/).click();
  await expect(page.getByText('“Just rg-legacy” is redundant: “Whole subscription” already covers every assessment it applies to.')).toBeVisible();
  await expect(page.getByText(/“Whole subscription” \(Mitigated\) and “Risk accepted on rg-app” \(Waiver\) both apply to \d+ assessments?; the mitigation wins there./)).toBeVisible();
  await expect(page.getByText('“Nowhere” applies to no healthy or unhealthy assessment.')).toBeVisible();
  await expect(list.row('Just rg-legacy')).toContainText('Redundant');
  await expect(list.row('Risk accepted on rg-app')).toContainText('Conflict');
  await expect(list.row('Nowhere')).toContainText('Unused');

  const w = new Wizard(page);
  await w.start();
  await w.basics({ name: 'Duplicate of rg-legacy', scopes: [{ label: 'vm-legacy-01 · virtualMachines · rg-legacy · Resource', search: 'vm-legacy-01' }], category: 'Mitigated' });
  await w.next();
  await w.selectRecommendations([UPDATES.title]);
  await w.next();
  await expect(page.getByRole('status', { name: 'Overlaps' })).toContainText('“Just rg-legacy” already applies to all 1 of these assessments: this exemption would change nothing.');
});

test('renew asks for a new date and justification, and history keeps every event', async ({ page }) => {
  await seed(page, [
    { id: 'old', name: 'Expired waiver', description: 'Vendor fix pending', scopes: [CORP_PROD], recommendations: [PORTS.key], category: 'waiver', expiresOn: '2025-01-01T00:00:00Z' },
    { id: 'gone', name: 'Soon deleted', scopes: [CORP_PROD], recommendations: [UPDATES.key], category: 'mitigated' },
  ]);
  const list = new ExemptionsPage(page);
  await list.open();
  await expect(list.row('Expired waiver')).toContainText('Expired');
  // One date format everywhere: the instant Azure holds, in UTC.
  await expect(list.row('Expired waiver')).toContainText('2025-01-01 00:00 UTC');
  let menu = await list.menu('Expired waiver');
  await menu.getByRole('menuitem', { name: 'Renew' }).click();
  const dialog = page.getByRole('dialog', { name: 'Renew “Expired waiver”' });
  await expect(dialog.getByLabel('New expiry date')).toBeFocused();
  await dialog.getByLabel('Justification').fill('');
  await dialog.getByRole('button', { name: 'Renew' }).click();
  await expect(dialog.getByText('Enter the new expiry date.')).toBeVisible();
  await expect(dialog.getByText('Enter a justification for the renewal.')).toBeVisible();
  await dialog.getByLabel('New expiry date').fill('2020-05-05');
  await dialog.getByLabel('Justification').fill('Vendor fix slipped to Q3; tracked in SEC-42');
  await dialog.getByRole('button', { name: 'Renew' }).click();
  await expect(dialog.getByText('The expiry date must be in the future.')).toBeVisible();
  await dialog.getByLabel('New expiry date').fill('2099-09-30');
  await dialog.getByRole('button', { name: 'Renew' }).click();
  await expect(dialog).toHaveCount(0);
  // Valid through 2099-09-30: it expires at the start of the next day.
  await expect(list.row('Expired waiver')).toContainText('2099-10-01 00:00 UTC');
  await expect(list.row('Expired waiver').getByText('Expired', { exact: true })).toHaveCount(0);

  await list.row('Expired waiver').getByRole('link', { name: 'Expired waiver' }).click();
  // Its own page, read-only: what it is and its history; Edit is an action.
  await expect(page.getByRole('heading', { level: 1, name: 'Expired waiver' })).toBeVisible();
  await expect(page.getByTestId('exemption-summary')).toContainText('2099-10-01 00:00 UTC');
  await expect(page.getByTestId('exemption-summary')).toContainText('Vendor fix slipped to Q3');
  await expect(page.getByRole('table', { name: 'Its history' })).toContainText('Renewed');
  await axe(page, 'exemption page');
  await page.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByRole('textbox', { name: 'Description (optional)' })).toHaveValue('Vendor fix slipped to Q3; tracked in SEC-42');
  await page.getByRole('textbox', { name: 'Exemption name' }).fill('Renewed waiver');
  await page.getByRole('tab', { name: 'Review + create' }).click();
  await page.getByRole('button', { name: 'Save' }).click();

  menu = await list.menu('Soon deleted');
  await menu.getByRole('menuitem', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(list.row('Soon deleted')).toHaveCount(0);

  await page.getByRole('link', { name: 'History' }).click();
  const history = page.getByRole('table', { name: 'Exemption history' });
  // The expiry that passed before the page opened is an event too.
  await expect(history.getByRole('row')).toHaveCount(5);
  await expect(history.getByRole('row').nth(4)).toContainText('Expired');
  await expect(history.getByRole('row').nth(4)).toContainText('expiry 2025-01-01 00:00 UTC passed; recorded by Exempt');
  await expect(history.getByRole('row').nth(1)).toContainText('Soon deleted (deleted)');
  await expect(history.getByRole('row').nth(1)).toContainText('Deleted');
  await expect(history.getByRole('row').nth(2)).toContainText('Edited');
  await expect(history.getByRole('row').nth(2)).toContainText('name: “Expired waiver” → “Renewed waiver”');
  await expect(history.getByRole('row').nth(3)).toContainText('Renewed');
  await expect(history.getByRole('row').nth(3)).toContainText('expiry 2025-01-01 00:00 UTC → 2099-10-01 00:00 UTC');
  await saved(page);
  await page.reload();
  // The expiry that passed before the page opened is an event too.
  await expect(history.getByRole('row')).toHaveCount(5);
  await expect(history.getByRole('row').nth(4)).toContainText('Expired');
  await expect(history.getByRole('row').nth(4)).toContainText('expiry 2025-01-01 00:00 UTC passed; recorded by Exempt');
});
