// Validation: errors next to the fields, focus on the first, Next refused.
import { expect } from '@playwright/test';
import { test, ExemptionsPage, Wizard, seed, PORTS } from './app.mjs';

test('Next is refused until Basics is valid, with errors beside the fields', async ({ page }) => {
  await seed(page, [{ name: 'Existing one', scopes: ['/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64'], recommendations: [PORTS.key] }]);
  await new ExemptionsPage(page).open();
  const w = new Wizard(page);
  await w.start();
  await w.next();
  await expect(w.tab('Basics')).toHaveAttribute('aria-selected', 'true');
  const name = w.name();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toBeFocused();
  await expect(page.getByText('Enter a name for the exemption.')).toBeVisible();
  await expect(page.getByText('Select a management group, subscription or resource.')).toBeVisible();
  await expect(page.getByText('Select a category.')).toBeVisible();
  // The error is the field's description, so screen readers read it with the field.
  await expect(name).toHaveAccessibleDescription('Enter a name for the exemption.');

  await name.fill('existing ONE');
  await w.next();
  await expect(page.getByText('An exemption named “existing ONE” already exists. Choose another name.')).toBeVisible();
  await expect(name).toBeFocused();

  await name.fill('Fresh name');
  await expect(name).not.toHaveAttribute('aria-invalid', 'true');
  await w.next();
  // Name is fine now; focus moves to the scope search, the first field still in error.
  await expect(page.getByRole('searchbox', { name: 'Search scopes' })).toBeFocused();
  // Tabs cannot jump past an invalid step either.
  await w.tab('Review + create').click();
  await expect(w.tab('Basics')).toHaveAttribute('aria-selected', 'true');
});

test('Recommendations step needs a choice', async ({ page }) => {
  await new ExemptionsPage(page).open();
  const w = new Wizard(page);
  await w.start();
  await w.basics({ name: 'Needs targets', scopes: [{ label: 'corp-dev · Subscription', search: 'corp-dev' }], category: 'Waiver' });
  await w.next();
  await w.next();
  await expect(page.getByText('Select at least one recommendation.')).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Search recommendations' })).toBeFocused();
  await w.selectCategory('');
  await w.next();
  await expect(page.getByText('Select a recommendation category.')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Recommendation category' })).toBeFocused();
});

test('an expiry date in the past is rejected; a future one is explained', async ({ page }) => {
  await new ExemptionsPage(page).open();
  const w = new Wizard(page);
  await w.start();
  await w.basics({ name: 'Old expiry', scopes: [{ label: 'corp-dev · Subscription', search: 'corp-dev' }], expiry: '2020-01-31' });
  await w.next();
  await expect(page.getByText('The expiry date must be in the future.')).toBeVisible();
  await expect(page.getByLabel('Expiry date (optional)')).toBeFocused();
  await page.getByLabel('Expiry date (optional)').fill('2099-03-31');
  await expect(page.getByText('Expires 2099-04-01 00:00 UTC: valid through 2099-03-31 (UTC).')).toBeVisible();
  await w.next();
  await expect(w.tab('Recommendations')).toHaveAttribute('aria-selected', 'true');
});
