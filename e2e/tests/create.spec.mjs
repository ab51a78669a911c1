// Creating exemptions: with selected recommendations, and with a category.
import { expect } from '@playwright/test';
import { test, ExemptionsPage, Wizard, UPDATES } from './app.mjs';

test('create with selected recommendations shows the impact, then the exemption everywhere', async ({ page }) => {
  const list = new ExemptionsPage(page);
  await list.open();
  await expect(page.getByRole('heading', { name: 'No exemptions yet' })).toBeVisible();
  const w = new Wizard(page);
  await w.start();
  await expect(w.tab('Basics')).toHaveAttribute('aria-selected', 'true');
  await w.basics({
    name: 'Patched by Tanium', description: 'Third-party patching, SEC-123',
    scopes: [{ label: 'corp-prod · Subscription', search: 'corp-prod' }], category: 'Mitigated',
  });
  await w.next();
  await expect(w.tab('Recommendations')).toHaveAttribute('aria-selected', 'true');
  await w.selectRecommendations([UPDATES.title]);
  await expect(page.getByText('1 selected')).toBeVisible();
  await w.next();
  await expect(w.tab('Review + create')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('definition').filter({ hasText: 'Patched by Tanium' })).toBeVisible();
  const exempted = Number(await page.getByTestId('impact-assessments').textContent());
  const unhealthy = Number(await page.getByTestId('impact-unhealthy').textContent());
  const resources = await page.getByTestId('impact-resources').textContent();
  expect(exempted).toBeGreaterThan(0);
  expect(unhealthy).toBeGreaterThan(0);
  expect(unhealthy).toBeLessThanOrEqual(exempted);
  await expect(page.getByTestId('impact-score')).toContainText('→');
  const predicted = await page.getByTestId('impact-score').getAttribute('data-effect');
  const inCloud = (await page.getByTestId('impact-cloud').textContent()).match(/Azure score alone: ([+-]\d+\.\d\d)/)[1];
  await w.create();

  const row = list.row('Patched by Tanium');
  await expect(row).toBeVisible();
  // One tab open: nothing was merged from another.
  await expect(page.getByText(/from another tab/)).toHaveCount(0);
  await expect(row.getByRole('cell', { name: 'Mitigated' })).toBeVisible();
  await expect(row.getByRole('cell', { name: UPDATES.title })).toBeVisible();
  // The "Resources affected" column agrees with the preview (after the Select box, Category, Cloud, Scope, Exempted, Expiry).
  await expect(row.getByRole('cell').nth(7)).toHaveText(resources);

  await page.getByRole('link', { name: 'Overview' }).click();
  const gap = page.getByRole('region', { name: 'Exemption gap' });
  await expect(gap).toContainText(/Mitigated \+\d+\.\d\d · Waiver \+0\.00/);
  // The effect the wizard predicted is the effect listed, overall and
  // under the Cloud filter.
  const effect = page.getByRole('region', { name: 'Top contributors to the gap' })
    .getByRole('row', { name: /Patched by Tanium/ }).getByTestId('contributor-effect');
  await expect(effect).toHaveText(predicted);
  await page.getByRole('combobox', { name: 'Cloud' }).selectOption('Azure');
  await expect(effect).toHaveText(inCloud);
  // And the exemption's own page shows the same effect.
  await page.getByRole('region', { name: 'Top contributors to the gap' }).getByRole('link', { name: 'Patched by Tanium' }).click();
  await expect(page.getByTestId('exemption-effect')).toHaveText(predicted);
  await expect(page.getByRole('table', { name: 'Assessments it decides' }).getByRole('row')).not.toHaveCount(0);
});

test('create with a recommendation category', async ({ page }) => {
  const list = new ExemptionsPage(page);
  await list.open();
  const w = new Wizard(page);
  await w.start();
  await w.basics({ name: 'Sandbox risk accepted', scopes: [{ label: 'Sandbox · Management group', search: 'sandbox' }], category: 'Waiver' });
  await w.next();
  await w.selectCategory('Compute');
  await w.next();
  await expect(page.getByText('Recommendation category: Compute')).toBeVisible();
  await w.create();
  const row = list.row('Sandbox risk accepted');
  await expect(row.getByRole('cell', { name: 'Waiver' })).toBeVisible();
  await expect(row.getByRole('cell', { name: 'Category: Compute' })).toBeVisible();
});

test('focus lands on each step, so a second Enter on Next does not create; the header says which environment is shown', async ({ page }) => {
  const list = new ExemptionsPage(page);
  await list.open();
  await expect(page.getByTestId('environment-shown')).toHaveText('Demo environment (Contoso)');
  await expect(page.locator('header')).toContainText('Exempt');
  await expect(page.locator('header')).toContainText('for Microsoft Defender for Cloud');
  const w = new Wizard(page);
  await w.start();
  const panel = page.getByRole('tabpanel');
  await expect(panel).toBeFocused();
  await w.basics({ name: 'Keyboard only', scopes: [{ label: 'corp-prod · Subscription', search: 'corp-prod' }] });
  await w.next();
  // The list is one tab stop: arrows move within it, Space selects, and
  // "Show selected only" leaves what was chosen.
  await page.getByRole('radio', { name: 'Selected recommendations' }).check();
  const search = page.getByRole('searchbox', { name: 'Search recommendations' });
  await search.focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('checkbox', { name: 'Show selected only' })).toBeFocused();
  await page.keyboard.press('Tab');
  const recs = page.getByRole('group', { name: 'Recommendations' });
  const boxes = recs.getByRole('checkbox');
  await expect(boxes.first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(boxes.nth(1)).toBeFocused();
  await page.keyboard.press('Space');
  await expect(boxes.nth(1)).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(recs.locator(':focus')).toHaveCount(0);
  const chosen = await boxes.nth(1).getAttribute('id');
  await page.getByRole('checkbox', { name: 'Show selected only' }).check();
  await expect(boxes).toHaveCount(1);
  await expect(recs.locator(`#${chosen}`)).toBeChecked();
  await page.getByRole('checkbox', { name: 'Show selected only' }).uncheck();
  await boxes.nth(1).uncheck();
  await w.selectRecommendations([UPDATES.title]);
  const next = page.getByRole('button', { name: 'Next' });
  await next.focus();
  await page.keyboard.press('Enter');
  await expect(w.tab('Review + create')).toHaveAttribute('aria-selected', 'true');
  await expect(panel).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(w.tab('Review + create')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: 'Create exemption' })).toBeVisible();

  // Skip to content moves focus without leaving the page.
  const url = page.url();
  await page.keyboard.press('Shift+Tab');
  await page.locator('.skip-link').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  expect(page.url()).toBe(url);
});
