// axe-core finds no serious or critical violation on the list page and on
// each wizard step; the pages fit 1280×800 and 390 px wide (screenshots are
// written to e2e/screenshots for a person to look at).
import { expect } from '@playwright/test';
import { test, axe, ExemptionsPage, Wizard, seed, PORTS, UPDATES } from './app.mjs';

const CORP_PROD = '/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64';

async function shot(page, name) {
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}

for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
  test(`list page and every wizard step are accessible at ${viewport.width} px`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await seed(page, [
      { id: 'a', name: 'Ports handled by perimeter firewall', scopes: [CORP_PROD], recommendations: [PORTS.key], expiresOn: '2099-01-01T00:00:00Z' },
      { id: 'b', name: 'Patching by Tanium', scopes: [CORP_PROD], recommendations: [UPDATES.key], category: 'waiver', expiresOn: '2020-01-01T00:00:00Z' },
      { id: 'c', name: 'Sandbox compute', scopes: ['/providers/Microsoft.Management/managementGroups/contoso-sandbox'], recommendationCategory: 'Compute', category: 'waiver' },
    ]);
    const w = viewport.width;
    const list = new ExemptionsPage(page);
    await list.open();
    await expect(list.row('Patching by Tanium').getByText('Expired')).toBeVisible();
    await axe(page, 'list');
    await shot(page, `list-${w}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);

    const wizard = new Wizard(page);
    await wizard.start();
    await wizard.next(); // show the errors too
    await axe(page, 'basics with errors');
    await wizard.basics({ name: 'New one', scopes: [{ label: 'corp-prod · Subscription', search: 'corp-prod' }], category: 'Waiver' });
    await shot(page, `basics-${w}`);
    await wizard.next();
    await wizard.selectRecommendations(['Machines should have vulnerability findings resolved']);
    await axe(page, 'recommendations');
    await shot(page, `recommendations-${w}`);
    await wizard.next();
    await expect(page.getByRole('heading', { name: 'Impact preview' })).toBeVisible();
    await axe(page, 'review');
    await shot(page, `review-${w}`);
    for (const [hash, name] of [['#/', 'overview'], ['#/environments', 'environments'], ['#/recommendations', 'recommendations-page'],
      [`#/recommendations/${UPDATES.key}`, 'recommendation'], ['#/exemptions/history', 'history']]) {
      await page.goto(hash);
      await page.waitForTimeout(100);
      if (name === 'recommendation') {
        await page.getByRole('tab', { name: /^Healthy/ }).click();
        await page.getByRole('button', { name: /^Why is this exempt\?/ }).first().click();
      }
      await axe(page, name);
      await shot(page, `${name}-${w}`);
    }
    await page.goto('#/exemptions');
    await (await list.menu('Patching by Tanium')).getByRole('menuitem', { name: 'Renew' }).click();
    await axe(page, 'renew dialog');
  });
}
