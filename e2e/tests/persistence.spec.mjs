// Nothing typed is lost: saved exemptions and wizard drafts survive a reload;
// unreadable storage is kept aside, never overwritten.
import { expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { test, ExemptionsPage, Wizard, createThroughWizard, saved, seedRaw, UPDATES } from './app.mjs';

test('exemptions persist across reload', async ({ page }) => {
  await createThroughWizard(page, { name: 'Persisted', scopes: [{ label: 'corp-prod · Subscription', search: 'corp-prod' }], recommendations: [UPDATES.title] });
  await saved(page);
  await page.reload();
  await expect(new ExemptionsPage(page).row('Persisted')).toBeVisible();
});

test('a wizard in progress survives a reload until Cancel', async ({ page }) => {
  await new ExemptionsPage(page).open();
  const w = new Wizard(page);
  await w.start();
  await w.basics({ name: 'Half done', description: 'typed before a reload', scopes: [{ label: 'corp-dev · Subscription', search: 'corp-dev' }], category: 'Waiver' });
  await w.next();
  await page.reload();
  await expect(w.tab('Recommendations')).toHaveAttribute('aria-selected', 'true');
  await w.tab('Basics').click();
  await expect(w.name()).toHaveValue('Half done');
  await expect(page.getByRole('textbox', { name: 'Description (optional)' })).toHaveValue('typed before a reload');
  await expect(page.getByRole('list', { name: 'Selected scopes' })).toContainText('corp-dev');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('dialog', { name: 'Discard this draft?' }).getByRole('button', { name: 'Discard' }).click();
  await page.goto('#/exemptions/new');
  await expect(w.name()).toHaveValue('');
});

test('corrupt storage is kept under a backup key and the app starts empty and working', async ({ page }) => {
  const garbage = '{"schema": 2, "strings": [ this is not json';
  await seedRaw(page, garbage);
  await page.goto('#/exemptions');
  const banner = page.getByRole('alert').filter({ hasText: 'Saved exemptions could not be read.' });
  await expect(banner).toBeVisible();
  const downloading = page.waitForEvent('download');
  await banner.getByRole('button', { name: 'Download the saved text' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('exempt-backup.json');
  expect(readFileSync(await download.path(), 'utf8')).toBe(garbage);
  expect(await page.evaluate(() => localStorage.getItem('exempt.document.backup'))).toBe(garbage);

  await createThroughWizard(page, { name: 'After recovery', scopes: [{ label: 'corp-prod · Subscription', search: 'corp-prod' }], recommendations: [UPDATES.title] });
  expect(await page.evaluate(() => localStorage.getItem('exempt.document.backup'))).toBe(garbage);
  await saved(page);
  await page.reload();
  await expect(new ExemptionsPage(page).row('After recovery')).toBeVisible();
});

test('a failed save says so and keeps what is on screen', async ({ page }) => {
  await page.addInitScript(() => {
    const original = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (key === 'exempt.document' && window.__failSaves) {
        throw new DOMException('full', 'QuotaExceededError');
      }
      return original.call(this, key, value);
    };
  });
  await createThroughWizard(page, { name: 'Saved fine', scopes: [{ label: 'corp-prod · Subscription', search: 'corp-prod' }], recommendations: [UPDATES.title] });
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();
  const before = await page.evaluate(() => localStorage.getItem('exempt.document'));
  await page.evaluate(() => { window.__failSaves = true; });
  await createThroughWizard(page, { name: 'Not saved', scopes: [{ label: 'corp-dev · Subscription', search: 'corp-dev' }], recommendations: [UPDATES.title] });
  await expect(page.getByRole('alert').filter({ hasText: "the browser's storage is full" })).toBeVisible();
  await expect(new ExemptionsPage(page).row('Not saved')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Not saved$/ })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('exempt.document'))).toBe(before);
});

test('exemptions saved by an older version are migrated, and say so', async ({ page }) => {
  const v1 = JSON.stringify({ schema: 1, exemptions: [{ id: 'old-1', name: 'From schema 1', cloud: 'Azure', scopes: ['/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64'], category: 'waiver', recommendations: [UPDATES.key] }] });
  await seedRaw(page, v1);
  await page.goto('#/exemptions');
  await expect(page.getByRole('status').filter({ hasText: 'upgraded from an earlier version of Exempt (schema 1)' })).toBeVisible();
  await expect(new ExemptionsPage(page).row('From schema 1')).toBeVisible();
});
