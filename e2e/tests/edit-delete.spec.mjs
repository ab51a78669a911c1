// Editing keeps identity and creation date; deleting asks first and can be undone.
import { expect } from '@playwright/test';
import { test, ExemptionsPage, Wizard, saved, seed, PORTS, UPDATES } from './app.mjs';

const CORP_PROD = '/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64';

test('edit opens the wizard filled in and saves in place', async ({ page }) => {
  await seed(page, [
    { id: 'ex-1', name: 'Ports handled by firewall', scopes: [CORP_PROD], recommendations: [PORTS.key], createdOn: '2026-02-03T10:00:00Z' },
    { id: 'ex-2', name: 'Another', scopes: [CORP_PROD], recommendations: [UPDATES.key], category: 'waiver' },
  ]);
  const list = new ExemptionsPage(page);
  await list.open();
  const menu = await list.menu('Ports handled by firewall');
  await menu.getByRole('menuitem', { name: 'Edit' }).click();
  await expect(page).toHaveURL(/#\/exemptions\/ex-1\/edit$/);
  await expect(page.getByRole('heading', { name: 'Edit exemption' })).toBeVisible();
  const w = new Wizard(page);
  await expect(w.name()).toHaveValue('Ports handled by firewall');
  await expect(page.getByRole('radio', { name: 'Mitigated (resolved through a third-party service)' })).toBeChecked();
  await w.name().fill('Ports closed by perimeter firewall');
  await page.getByRole('radio', { name: 'Waiver (risk accepted)' }).check();
  await w.next();
  await expect(page.getByRole('checkbox', { name: new RegExp(PORTS.title) })).toBeChecked();
  await w.next();
  // The preview arriving moves the buttons below it: click once it is there.
  await expect(page.getByTestId('impact-score')).toContainText('→');
  await page.getByRole('button', { name: 'Save' }).click();
  const row = list.row('Ports closed by perimeter firewall');
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell', { name: 'Waiver' })).toBeVisible();
  await expect(row.getByRole('cell', { name: '2026-02-03' })).toBeVisible();
  await expect(list.row('Ports handled by firewall')).toHaveCount(0);
  // The list shows the edit before the save has written it.
  await saved(page);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('exempt.document')));
  expect(stored.exemptions.map((r) => r[0])).toEqual(['ex-1', 'ex-2']);
  expect(stored.exemptions[0][10]).toBe(2); // revision bumped
});

test('delete asks for confirmation, and Undo brings it back', async ({ page }) => {
  await seed(page, [
    { id: 'a', name: 'Keep me', scopes: [CORP_PROD], recommendations: [PORTS.key] },
    { id: 'b', name: 'Delete me', scopes: [CORP_PROD], recommendations: [UPDATES.key] },
  ]);
  const list = new ExemptionsPage(page);
  await list.open();
  // Keyboard: open the menu with ArrowDown, move to Delete, cancel with Escape.
  await list.row('Delete me').getByRole('button', { name: '...' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Edit' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Renew' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(page.getByRole('menuitem', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Delete exemption' });
  await expect(dialog).toContainText('Delete the exemption “Delete me”?');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(list.row('Delete me')).toBeVisible();

  const menu = await list.menu('Delete me');
  await menu.getByRole('menuitem', { name: 'Delete' }).click();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(list.row('Delete me')).toHaveCount(0);
  await expect(page.getByText('Showing 1 of 1 exemptions')).toBeVisible();
  // The list shows each change before the save has written it.
  const storedNames = () => page.evaluate(() => JSON.parse(localStorage.getItem('exempt.document')).exemptions.map((r) => r[1]));
  await expect.poll(storedNames).toEqual(['Keep me']);

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(list.row('Delete me')).toBeVisible();
  await expect.poll(storedNames).toEqual(['Keep me', 'Delete me']);
});

test("a row's open menu lies above the rows below it: every point of each item is the item's", async ({ page }) => {
  await seed(page, [
    { id: 'ex-1', name: 'First', scopes: [CORP_PROD], recommendations: [PORTS.key] },
    { id: 'ex-2', name: 'Second', scopes: [CORP_PROD], recommendations: [UPDATES.key] },
    { id: 'ex-3', name: 'Third', scopes: [CORP_PROD], recommendations: [PORTS.key], category: 'waiver' },
  ]);
  const list = new ExemptionsPage(page);
  await list.open();
  const menu = await list.menu('First');
  for (const item of await menu.getByRole('menuitem').all()) {
    const covered = await item.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return [0.1, 0.5, 0.95].flatMap((x) => [0.2, 0.8].map((y) => document.elementFromPoint(r.left + r.width * x, r.top + r.height * y)))
        .filter((hit) => !el.contains(hit)).map((hit) => hit?.outerHTML.slice(0, 80));
    });
    expect(covered, await item.textContent()).toEqual([]);
  }
});
