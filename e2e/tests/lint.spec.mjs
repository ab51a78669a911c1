// Lint in the app: the wizard's review calls out what Azure will refuse
// before Create, with the rule and its source; the Exemptions page and the
// Overview count the problems of the exemptions held, as `exempt lint` does.
import { expect } from '@playwright/test';
import { test, seed, axe, ExemptionsPage, Wizard, UPDATES, PORTS } from './app.mjs';

const CORP_PROD = '/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64';
const LONG = `Ports ${'x'.repeat(125)}`;

test('the review calls out a name Azure will refuse; the page and the Overview count the problems', async ({ page }) => {
  await seed(page, [
    { id: 'a', name: LONG, scopes: [CORP_PROD], recommendations: [PORTS.key], expiresOn: '2099-01-01T00:00:00Z' },
    { id: 'b', name: 'Updates on corp-prod', scopes: [CORP_PROD], recommendations: [UPDATES.key], expiresOn: '2099-01-01T00:00:00Z' },
  ]);
  const list = new ExemptionsPage(page);
  await list.open();
  const panel = page.getByTestId('problems');
  await expect(panel).toContainText('Problems before deployment (1 error');
  // The column counts each exemption's problems, worst first; the filter
  // keeps those with an error.
  await expect(list.row(LONG).getByTestId('row-problems')).toContainText(/^1 error/);
  await expect(list.row('Updates on corp-prod').getByTestId('row-problems')).not.toContainText('error');
  await page.getByRole('combobox', { name: 'Problems' }).selectOption('error');
  await expect(page.getByText('Showing 1 of 2 exemptions')).toBeVisible();
  await page.getByRole('combobox', { name: 'Problems' }).selectOption('');
  // An empty table says why.
  await page.getByRole('searchbox', { name: 'Search exemptions' }).fill('nothing is called this');
  await expect(page.getByText('No exemption matches the search and filters: clear them to see all of them.')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search exemptions' }).fill('');
  await panel.locator('summary').click();
  await expect(panel.getByRole('link', { name: 'EX101 DisplayNameTooLong' })).toHaveAttribute('href', /exemption-structure#display-name-and-description/);

  const w = new Wizard(page);
  await w.start();
  await w.basics({ name: `Updates ${'y'.repeat(125)}`, scopes: [{ label: 'corp-prod · Subscription', search: 'corp-prod' }] });
  await w.next();
  await w.selectRecommendations([UPDATES.title]);
  await w.next();
  const problems = page.getByTestId('draft-problems');
  await expect(problems).toContainText('1 problem Azure will refuse');
  await expect(problems).toContainText('the name has 133 characters');
  await expect(problems.getByRole('link', { name: 'EX101 DisplayNameTooLong' })).toBeVisible();
  await axe(page, 'review with problems');

  await page.goto('#/');
  await expect(page.getByTestId('governance-problems')).toHaveText(/^1 error, \d+ warnings?, \d+ notes?$/);
});
