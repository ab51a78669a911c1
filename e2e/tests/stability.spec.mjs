// What comes and goes on its own never moves the page under the pointer:
// a click aimed at a button lands on it.
import { test, expect } from './app.mjs';

test('the background review shows beside the save status and never moves the page', async ({ page }) => {
  await page.goto('#/settings');
  await page.getByLabel('Number of generated exemptions').fill('50000');
  // Every position the Exemptions heading and Create take while the page
  // opens and the review of the new exemptions runs and ends. The page
  // opens the moment the new exemptions are shown, so that the review runs
  // while it opens, however long the test takes to look.
  await page.evaluate(() => {
    const seen = { working: false, places: new Set(), opened: false };
    window.__seen = seen;
    const look = () => {
      if (!seen.opened && document.querySelector('main')?.textContent.includes('50000 generated exemptions are shown')) {
        seen.opened = true;
        location.hash = '#/exemptions';
      }
      if (!seen.opened) return;
      const working = document.querySelector('.working');
      if (working && working.closest('.topbar')) seen.working = true;
      const h1 = document.querySelector('main h1');
      const create = [...document.querySelectorAll('main button')].find((b) => b.textContent === '+ Create');
      if (h1?.textContent === 'Exemptions' && create) {
        seen.places.add(`${h1.getBoundingClientRect().top} ${create.getBoundingClientRect().top}`);
      }
    };
    new MutationObserver(look).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Generate exemptions' }).click();
  await expect(page).toHaveURL(/#\/exemptions$/);
  await expect(page.locator('details.findings')).toBeVisible();
  await expect(page.locator('.working')).toHaveCount(0);
  const seen = await page.evaluate(() => ({ working: window.__seen.working, places: [...window.__seen.places] }));
  expect(seen.working).toBe(true);
  expect(seen.places).toHaveLength(1);
});
