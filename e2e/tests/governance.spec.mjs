// Approvals end to end: a request made under one name, refused to the same
// name, approved under another; a policy the exemptions break refused by
// name; three rows extended at once with the score shown first; and the
// evidence pack, opened with every network request blocked.
import { expect } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, seed, axe, ExemptionsPage, Wizard, PORTS, UPDATES } from './app.mjs';

const CORP_PROD = '/subscriptions/b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64';
const LEGACY = `${CORP_PROD}/resourceGroups/rg-legacy`;

async function name(page, who) {
  await page.goto('#/settings');
  await page.getByRole('textbox', { name: 'Your name or e-mail' }).fill(who);
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByText('Saved in this browser.')).toBeVisible();
}

async function policy(page, { approval, owner = false }) {
  await page.goto('#/settings');
  await page.getByLabel('Require approval').selectOption({ label: approval });
  const box = page.getByRole('checkbox', { name: 'Owner required' });
  if (owner) await box.check(); else await box.uncheck();
  await page.getByRole('button', { name: 'Apply policy' }).click();
}

test('request, refuse self-approval, approve as another, extend three in bulk, download the pack', async ({ page, context }) => {
  await seed(page, [
    { id: 'a', name: 'Legacy patched by Tanium', scopes: [LEGACY], recommendations: [UPDATES.key], expiresOn: '2099-01-01T00:00:00Z' },
    { id: 'b', name: 'Ports behind firewall', scopes: [CORP_PROD], recommendations: [PORTS.key], expiresOn: '2099-01-01T00:00:00Z' },
    { id: 'c', name: 'Ports waived on legacy', scopes: [LEGACY], recommendations: [PORTS.key], category: 'waiver', expiresOn: '2099-01-01T00:00:00Z' },
  ]);
  await name(page, 'bob@contoso.com');

  // An owner rule the held exemptions break is refused, naming them.
  await policy(page, { approval: 'For every exemption', owner: true });
  await expect(page.locator('#policy-error')).toContainText('"Legacy patched by Tanium": owner: is required by the policy (requireOwner)');
  await policy(page, { approval: 'For every exemption' });
  await expect(page.getByText('Policy applied.')).toBeVisible();
  await axe(page, 'settings with approvals');

  // The request: Submit for approval, recorded as bob's, pending.
  const list = new ExemptionsPage(page);
  await list.open();
  const w = new Wizard(page);
  await w.start();
  await w.basics({ name: 'Shop assets waived', scopes: [{ label: 'corp-prod · Subscription', search: 'corp-prod' }], category: 'Waiver' });
  await page.getByRole('textbox', { name: /^Owner/ }).fill('alice@contoso.com');
  await page.getByRole('textbox', { name: /^Ticket/ }).fill('https://tickets.contoso.com/SEC-7');
  await w.next();
  await w.selectRecommendations([UPDATES.title]);
  await w.next();
  await expect(page.getByTestId('approval-note')).toContainText('someone other than you approves it');
  await expect(page.getByTestId('impact-score')).toContainText('→');
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  const row = list.row('Shop assets waived');
  await expect(row.getByText('Pending', { exact: true })).toBeVisible();
  await expect(row.getByRole('link', { name: 'https://tickets.contoso.com/SEC-7' })).toBeVisible();

  // Bob cannot decide his own request: the reason is shown.
  let menu = await list.menu('Shop assets waived');
  await expect(menu.getByRole('menuitem', { name: 'Approve' })).toHaveAttribute('aria-disabled', 'true');
  await expect(menu.getByText('You asked for this exemption: someone else decides.')).toBeVisible();
  await page.keyboard.press('Escape');

  // Carol approves, with the impact shown before she confirms.
  await name(page, 'carol@contoso.com');
  await list.open();
  menu = await list.menu('Shop assets waived');
  await menu.getByRole('menuitem', { name: 'Approve' }).click();
  const approve = page.getByRole('dialog', { name: 'Approve: “Shop assets waived”' });
  await approve.getByLabel('Comment (optional)').fill('Assets are public by design.');
  await expect(approve.getByTestId('bulk-impact')).toContainText('Secure score');
  await axe(page, 'approve dialog');
  await approve.getByRole('button', { name: 'Approve' }).click();
  await expect(row.getByText('Active', { exact: true })).toBeVisible();

  // The three seeded ones were never approved: pending under the policy.
  for (const n of ['Legacy patched by Tanium', 'Ports behind firewall', 'Ports waived on legacy']) {
    await list.row(n).getByRole('checkbox').check();
  }
  await page.getByRole('toolbar', { name: 'Actions on the selected exemptions' }).getByRole('button', { name: 'Extend expiry' }).click();
  const extend = page.getByRole('dialog', { name: 'Extend expiry: 3 selected exemptions' });
  await extend.getByLabel('New expiry date').fill('2099-06-30');
  await extend.getByLabel('Justification').fill('Reviewed in the quarterly risk board.');
  await expect(extend.getByTestId('bulk-impact')).toContainText('Secure score');
  await extend.getByRole('button', { name: 'Extend expiry' }).click();
  await expect(extend).toHaveCount(0);
  await expect(list.row('Ports behind firewall')).toContainText('2099-07-01 00:00 UTC');

  await page.getByRole('link', { name: 'History' }).click();
  const history = page.getByRole('table', { name: 'Exemption history' });
  await expect(history.getByRole('row').filter({ hasText: 'Renewed' })).toHaveCount(3);
  await expect(history.getByRole('row').filter({ hasText: 'Approved' })).toContainText('by “carol@contoso.com” (recorded, not verified)');

  await page.goto('#/');
  await expect(page.getByTestId('governance-pending')).toHaveText('3');
  // One tab alone: no save ever claims another tab's changes.
  await expect(page.getByText(/from another tab were merged in/)).toHaveCount(0);

  // The pack: one HTML file that makes no request when opened.
  await list.open();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download evidence pack' }).click()]);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'exempt-pack-')), download.suggestedFilename());
  await download.saveAs(file);
  const html = readFileSync(file, 'utf8');
  expect(html).toContain('Shop assets waived');
  expect(html).toContain('carol@contoso.com');
  const reader = await context.newPage();
  const requests = [];
  // Only the file itself may load; anything else it asked for would be
  // counted and refused.
  await reader.route('**/*', (route) => {
    const url = route.request().url();
    if (url === `file://${file}`) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await reader.goto(`file://${file}`);
  await expect(reader.getByRole('heading', { name: 'Evidence pack' })).toBeVisible();
  const packed = reader.locator('#exemptions').getByRole('row').filter({ hasText: 'Shop assets waived' });
  await expect(packed).toContainText('Active');
  await expect(packed).toContainText('approved by carol@contoso.com');
  expect(requests).toEqual([]);
  await axe(reader, 'evidence pack');
});
