// Two tabs stay in sync; edits made elsewhere are not silently overwritten;
// deep links and back/forward work.
import { expect } from '@playwright/test';
import { test, ExemptionsPage, Wizard, seed, createThroughWizard, PORTS, UPDATES } from './app.mjs';

const CORP_PROD = '/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64';

test('a change in one tab shows in the other without a reload', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await new ExemptionsPage(b).open();
  await createThroughWizard(a, { name: 'Made in tab A', scopes: [{ label: 'corp-prod · Subscription', search: 'corp-prod' }], recommendations: [UPDATES.title] });
  await expect(new ExemptionsPage(b).row('Made in tab A')).toBeVisible();
});

test('saving an edit that another tab changed meanwhile asks first', async ({ context }) => {
  const a = await context.newPage();
  await seed(a, [{ id: 'shared', name: 'Shared', scopes: [CORP_PROD], recommendations: [PORTS.key] }]);
  await new ExemptionsPage(a).open();
  const b = await context.newPage();
  await b.goto('#/exemptions/shared/edit');
  const wb = new Wizard(b);
  await expect(wb.name()).toHaveValue('Shared');
  await wb.name().fill('Shared (tab B)');

  await a.bringToFront();
  await a.goto('#/exemptions/shared/edit');
  const wa = new Wizard(a);
  await wa.name().fill('Shared (tab A)');
  await wa.tab('Review + create').click();
  await a.getByRole('button', { name: 'Save' }).click();
  await expect(new ExemptionsPage(a).row('Shared (tab A)')).toBeVisible();

  await b.bringToFront();
  await wb.tab('Review + create').click();
  await b.getByRole('button', { name: 'Save' }).click();
  await expect(b.getByRole('alert').filter({ hasText: 'This exemption was changed in another tab.' })).toBeVisible();
  await expect(b).toHaveURL(/edit$/);
  // What the other tab changed is shown beside this tab's value before anything is overwritten.
  const differs = b.getByRole('table', { name: 'Differences' }).getByRole('row', { name: /name/ });
  await expect(differs).toContainText('Shared (tab A)');
  await expect(differs).toContainText('Shared (tab B)');
  await b.getByRole('button', { name: 'Save mine anyway' }).click();
  await expect(new ExemptionsPage(b).row('Shared (tab B)')).toBeVisible();
});

test('deep links open each page, and back and forward work', async ({ page }) => {
  await seed(page, [{ id: 'deep', name: 'Deep linked', scopes: [CORP_PROD], recommendations: [PORTS.key] }]);
  await page.goto('#/exemptions/deep/edit');
  await expect(page.getByRole('heading', { name: 'Edit exemption' })).toBeVisible();
  await expect(new Wizard(page).name()).toHaveValue('Deep linked');
  await page.goto('#/exemptions/new');
  await expect(page.getByRole('heading', { name: 'Create exemption' })).toBeVisible();
  await page.goto('#/exemptions');
  await expect(page.getByRole('heading', { name: 'Exemptions', level: 1 })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Create exemption' })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Edit exemption' })).toBeVisible();
  await page.goForward();
  await expect(page.getByRole('heading', { name: 'Create exemption' })).toBeVisible();
  await page.goto('#/exemptions/missing/edit');
  await expect(page.getByRole('heading', { name: 'Exemption not found' })).toBeVisible();
  await page.goto('#/environments');
  await page.getByRole('link', { name: 'Exemptions', exact: true }).click();
  await expect(page).toHaveURL(/#\/exemptions$/);
});
