// Nothing lost, nothing bypassed: tabs racing to save, a newer version's
// document, a full storage, drafts in several tabs, broken stored rows and a
// scope too long for any screen.
import { test, expect, ExemptionsPage, Wizard, createThroughWizard, saved, seed, seedRaw, storedDocument, SUBSCRIPTIONS, PORTS, UPDATES } from './app.mjs';

const CORP_PROD = `/subscriptions/${SUBSCRIPTIONS['corp-prod']}`;
const CORP_DEV = `/subscriptions/${SUBSCRIPTIONS['corp-dev']}`;
const CORP_PROD_SCOPE = { label: 'corp-prod · Subscription', search: 'corp-prod' };

/** The names in the stored document, in order. */
async function storedNames(page) {
  return page.evaluate(() => {
    const text = localStorage.getItem('exempt.document');
    return text ? JSON.parse(text).exemptions.map((r) => r[1]) : [];
  });
}

/** The list's row named exactly `name` ("Delta" is not "DELTA (2)"). */
function row(page, name) {
  return new ExemptionsPage(page).table().getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
}

async function menu(page, name) {
  await row(page, name).getByRole('button', { name: '...' }).click();
  return page.getByRole('menu');
}

function pill(page) {
  return page.locator('.status-pill');
}

/** Makes setItem throw the browser's quota error for keys matching
 * `pattern` while `window.__full` is set. */
async function fillStorageFor(page, pattern) {
  await page.addInitScript((source) => {
    const matches = new RegExp(source);
    const original = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (window.__full && matches.test(key)) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return original.call(this, key, value);
    };
  }, pattern);
}

/** Another tab of the same browser; it fails the journey on an error in
 * its page. Open it after `page` has started, which seeds the empty list. */
async function anotherTab(context, errors) {
  const p = await context.newPage();
  p.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  p.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text()); });
  return p;
}

/** Fills the Create wizard up to Review + create, impact shown. */
async function prepareCreate(page, name) {
  await page.bringToFront();
  await new ExemptionsPage(page).open();
  const w = new Wizard(page);
  await w.start();
  await w.basics({ name, scopes: [CORP_PROD_SCOPE] });
  await w.next();
  await w.selectRecommendations([UPDATES.title]);
  await w.next();
  await expect(w.tab('Review + create')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('impact-score')).toContainText('→');
}

// Under load a tab's copy of localStorage can lag another tab's write by
// tens of milliseconds, even after that tab released the lock: this is the
// journey that found it.
test('two tabs pressing Create at the same moment keep both exemptions', async ({ page: a, context }) => {
  const errors = [];
  await new ExemptionsPage(a).open();
  const b = await anotherTab(context, errors);
  const made = [];
  // Each tab presses at an instant agreed in advance; a tab too busy to be
  // told in time presses late, and that round is not counted as a race.
  let races = 0;
  const before = (await storedNames(a)).length;
  for (let round = 1; races < 3; round++) {
    expect(round, 'three presses within 5 ms of each other in eight rounds').toBeLessThanOrEqual(8);
    // Later rounds sort first, so their rows are in the table's first window.
    const mark = String.fromCharCode(0x5a - round);
    const mine = [`Race ${mark} in tab A`, `Race ${mark} in tab B`];
    await prepareCreate(a, mine[0]);
    await prepareCreate(b, mine[1]);
    made.push(...mine);
    const at = Date.now() + 1000;
    const pressed = await Promise.all([a, b].map((p) => p.evaluate((at) => {
      const create = [...document.querySelectorAll('button')].find((x) => x.textContent === 'Create');
      while (Date.now() < at) { /* the agreed instant */ }
      const when = performance.timeOrigin + performance.now();
      create.click();
      return when;
    }, at)));
    if (Math.abs(pressed[0] - pressed[1]) < 5) races += 1;
    // This round's rows; the earlier rounds' may lie beyond the table's
    // window once there are many, so each tab's count says they are there.
    for (const p of [a, b]) {
      await p.bringToFront();
      for (const name of mine) await expect(new ExemptionsPage(p).row(name)).toBeVisible();
      await expect(pill(p)).toHaveText('All changes saved');
      await expect(p.getByText(/^Showing [\d,]+ of [\d,]+ exemptions/)).toHaveText(new RegExp(`of ${before + made.length} exemptions`));
    }
    await expect.poll(async () => (await storedNames(a)).sort()).toEqual([...made].sort());
  }
  for (const p of [a, b]) {
    await p.bringToFront();
    await p.reload();
    await new ExemptionsPage(p).open();
    await expect(p.getByText(/^Showing [\d,]+ of [\d,]+ exemptions/)).toHaveText(new RegExp(`of ${before + made.length} exemptions`));
    for (const name of made.slice(-2)) await expect(new ExemptionsPage(p).row(name)).toBeVisible();
  }
  expect((await storedNames(b)).sort()).toEqual([...made].sort());
  expect(errors).toEqual([]);
});

test("a newer version's document, written by another tab, survives this tab's next save", async ({ page: a, context }) => {
  const errors = [];
  await createThroughWizard(a, { name: 'Saved before the upgrade', scopes: [CORP_PROD_SCOPE], recommendations: [UPDATES.title] });
  await expect(pill(a)).toHaveText('All changes saved');
  // Another tab runs a newer Exempt: its text, odd spacing and all, must be
  // kept byte for byte. localStorage's storage event reaches only other tabs.
  const newer = '{"schema": 99,  "exemptions": [{"id": "x", "name": "Only Exempt 99 reads this"}], "note": "é ✓"}\n';
  const b = await anotherTab(context, errors);
  await b.goto('#/exemptions');
  await b.evaluate((text) => localStorage.setItem('exempt.document', text), newer);

  await createThroughWizard(a, { name: 'Saved after the upgrade', scopes: [CORP_PROD_SCOPE], recommendations: [PORTS.title] });
  const banner = a.getByRole('alert').filter({ hasText: 'Saved exemptions could not be read.' });
  await expect(banner).toContainText('written by a newer version of Exempt (schema 99)');
  await expect(banner).toContainText('kept unchanged in this browser (under “exempt.document.backup”)');
  expect(await a.evaluate(() => localStorage.getItem('exempt.document.backup'))).toBe(newer);
  // This tab's own exemptions are not taken for deleted by text it cannot read.
  const list = new ExemptionsPage(a);
  await expect(list.row('Saved before the upgrade')).toBeVisible();
  await expect(list.row('Saved after the upgrade')).toBeVisible();
  await expect(pill(a)).toHaveText('All changes saved');
  expect(await storedNames(a)).toEqual(['Saved before the upgrade', 'Saved after the upgrade']);
  await a.reload();
  await expect(list.row('Saved before the upgrade')).toBeVisible();
  await expect(list.row('Saved after the upgrade')).toBeVisible();
  expect(await a.evaluate(() => localStorage.getItem('exempt.document.backup'))).toBe(newer);
  expect(errors).toEqual([]);
});

test('a full storage never hides a change that was not saved', async ({ page }) => {
  await fillStorageFor(page, '^exempt\\.document$');
  const list = new ExemptionsPage(page);
  await list.open();
  await page.evaluate(() => { window.__full = true; });
  const notSaved = page.getByRole('alert').filter({ hasText: "Not saved. the browser's storage is full" });

  await createThroughWizard(page, { name: 'First while full', scopes: [CORP_PROD_SCOPE], recommendations: [UPDATES.title] });
  await expect(pill(page)).toHaveText('Not saved');
  await expect(notSaved).toBeVisible();
  const toast = page.locator('.toast');
  await expect(toast).toContainText('Not saved');
  await expect(toast).not.toContainText('saved.');
  // Still said once the toast has gone, on another page, and after
  // dismissing everything that offers it.
  await expect(toast).toHaveCount(0, { timeout: 15_000 });
  await page.getByRole('link', { name: 'Overview' }).click();
  await expect(pill(page)).toHaveText('Not saved');
  await list.open();
  for (const dismiss of await page.getByRole('button', { name: 'Dismiss' }).all()) await dismiss.click();
  await page.keyboard.press('Escape');
  await expect(notSaved).toBeVisible();
  await expect(pill(page)).toHaveText('Not saved');

  await createThroughWizard(page, { name: 'Second while full', scopes: [CORP_PROD_SCOPE], recommendations: [PORTS.title] });
  await expect(toast).toContainText('“Second while full”');
  await expect(toast).toContainText('Not saved');
  await expect(pill(page)).toHaveText('Not saved');
  await expect(notSaved).toBeVisible();
  expect(await storedNames(page)).toEqual([]);

  await page.evaluate(() => { window.__full = false; });
  await createThroughWizard(page, { name: 'After space was freed', scopes: [CORP_PROD_SCOPE], recommendations: [UPDATES.title, PORTS.title] });
  await expect(pill(page)).toHaveText('All changes saved');
  await expect(notSaved).toHaveCount(0);
  await expect(toast).not.toContainText('Not saved');
  expect(await storedNames(page)).toEqual(['First while full', 'Second while full', 'After space was freed']);
  await page.reload();
  for (const name of ['First while full', 'Second while full', 'After space was freed']) await expect(list.row(name)).toBeVisible();
});

test('a draft belongs to the tab that typed it; other tabs are only offered it', async ({ page: a, context }) => {
  const errors = [];
  await new ExemptionsPage(a).open();
  const wa = new Wizard(a);
  await wa.start();
  const description = (p) => p.getByRole('textbox', { name: 'Description (optional)' });
  await wa.name().fill('Typed in tab A');
  await description(a).fill('only tab A typed this');
  await expect.poll(() => a.evaluate(() => Object.keys(localStorage)
    .filter((k) => k.startsWith('exempt.draft.') && localStorage.getItem(k).includes('only tab A typed this')).length)).toBe(1);

  // A new tab, and one opened from A (which starts with a copy of A's
  // session storage).
  const b = await anotherTab(context, errors);
  await b.goto('#/exemptions/new');
  const [c] = await Promise.all([context.waitForEvent('page'), a.evaluate(() => { window.open(location.href); })]);
  c.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  for (const p of [b, c]) {
    await p.bringToFront();
    const w = new Wizard(p);
    await expect(p.getByRole('heading', { name: 'Create exemption' })).toBeVisible();
    await expect(p.getByRole('status').filter({ hasText: 'Another tab has an unfinished exemption (“Typed in tab A”)' })).toBeVisible();
    await expect(w.name()).toHaveValue('');
    await expect(description(p)).toHaveValue('');
    await w.name().fill(p === b ? 'Typed in tab B' : 'Typed in tab C');
  }

  await a.bringToFront();
  await a.reload();
  await expect(wa.name()).toHaveValue('Typed in tab A');
  await expect(description(a)).toHaveValue('only tab A typed this');
  await expect(a.getByText('Another tab has an unfinished exemption')).toHaveCount(0);
  await b.bringToFront();
  await b.reload();
  await expect(new Wizard(b).name()).toHaveValue('Typed in tab B');
  expect(errors).toEqual([]);
});

test('a draft that cannot be kept says so in the wizard', async ({ page }) => {
  await fillStorageFor(page, '^exempt\\.draft\\.');
  await new ExemptionsPage(page).open();
  const w = new Wizard(page);
  await w.start();
  await page.evaluate(() => { window.__full = true; });
  await w.name().fill('Cannot be kept');
  const warning = page.getByRole('alert').filter({ hasText: "Your draft could not be kept (the browser's storage is full)" });
  await expect(warning).toBeVisible();
  await page.evaluate(() => { window.__full = false; });
  await w.name().fill('Kept again');
  await expect(warning).toHaveCount(0);
});

test('broken stored rows are mended and listed, and Edit and Delete act on the one clicked', async ({ page }) => {
  const rule = { scopes: [CORP_PROD], recommendations: [PORTS.key] };
  await seedRaw(page, storedDocument([
    { id: 'same', name: 'Alpha', ...rule },
    { id: 'same', name: 'Beta', ...rule, recommendations: [UPDATES.key] },
    { id: 'same', name: 'Gamma', ...rule, scopes: [CORP_DEV] },
    { id: 'nameless', name: '', ...rule },
    { id: 'nowhere', name: 'No scope at all', ...rule, scopes: [] },
    { id: 'delta-1', name: 'Delta', ...rule },
    { id: 'delta-2', name: 'DELTA', ...rule },
  ]));
  const list = new ExemptionsPage(page);
  await list.open();
  const repairs = page.getByRole('status').filter({ hasText: 'Some saved exemptions broke the rules and were mended' });
  await expect(repairs).toBeVisible();
  for (const text of [
    '“Beta” had the same id as another exemption (same)',
    '“Gamma” had the same id as another exemption (same)',
    'Stored exemption 4 had no name; it is now called “Unnamed exemption 4”',
    '“No scope at all” breaks the exemption rules',
    'Two exemptions were named “DELTA” (names must differ without regard to case); this one is now “DELTA (2)”',
  ]) await expect(repairs.getByRole('listitem').filter({ hasText: text })).toBeVisible();
  const shown = ['Alpha', 'Beta', 'Gamma', 'Unnamed exemption 4', 'Delta', 'DELTA (2)'];
  for (const name of shown) await expect(row(page, name)).toBeVisible();
  await expect(row(page, 'No scope at all')).toHaveCount(0);
  await expect(pill(page)).toHaveText('All changes saved');

  await (await menu(page, 'Beta')).getByRole('menuitem', { name: 'Edit' }).click();
  const w = new Wizard(page);
  await expect(w.name()).toHaveValue('Beta');
  await w.name().fill('Beta, edited');
  await w.tab('Review + create').click();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(row(page, 'Beta, edited')).toBeVisible();
  for (const name of ['Alpha', 'Gamma']) await expect(row(page, name)).toBeVisible();
  await expect(row(page, 'Beta')).toHaveCount(0);

  await (await menu(page, 'Gamma')).getByRole('menuitem', { name: 'Delete' }).click();
  await page.getByRole('dialog', { name: 'Delete exemption' }).getByRole('button', { name: 'Delete' }).click();
  await expect(row(page, 'Gamma')).toHaveCount(0);
  for (const name of ['Alpha', 'Beta, edited']) await expect(row(page, name)).toBeVisible();

  await (await menu(page, 'DELTA (2)')).getByRole('menuitem', { name: 'Edit' }).click();
  await expect(w.name()).toHaveValue('DELTA (2)');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('dialog', { name: 'Discard this draft?' }).getByRole('button', { name: 'Discard' }).click();

  const kept = ['Alpha', 'Beta, edited', 'Unnamed exemption 4', 'Delta', 'DELTA (2)'];
  await expect(pill(page)).toHaveText('All changes saved');
  expect(await storedNames(page)).toEqual(kept);
  const ids = await page.evaluate(() => JSON.parse(localStorage.getItem('exempt.document')).exemptions.map((r) => r[0]));
  expect(new Set(ids).size).toBe(ids.length);
  await page.reload();
  for (const name of kept) await expect(row(page, name)).toBeVisible();
  for (const name of ['Beta', 'Gamma', 'No scope at all']) await expect(row(page, name)).toHaveCount(0);
});

const LONG_GROUP = 'rg-'.padEnd(10_000, 'x');
const LONG_SCOPE = `${CORP_PROD}/resourceGroups/${LONG_GROUP}`;

/** The page is no wider than its window. */
async function fits(page, where) {
  const { width, client } = await page.evaluate(() => ({
    width: document.scrollingElement.scrollWidth, client: document.scrollingElement.clientWidth,
  }));
  expect(width, `${where}: ${width} px wide in a ${client} px window`).toBeLessThanOrEqual(client);
}

for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
  test(`a 10,000-character scope does not widen the page at ${viewport.width} px`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await seed(page, [{ id: 'long', name: 'Very long scope', scopes: [LONG_SCOPE], recommendations: [PORTS.key] }]);
    const list = new ExemptionsPage(page);
    await list.open();
    if (viewport.width > 600) {
      const cell = list.row('Very long scope').getByRole('cell', { name: /^Scope: / });
      await expect(cell).toHaveAttribute('title', LONG_SCOPE);
    } else {
      // A phone's list shows name, state and expiry; the scope is on the
      // exemption's page.
      await expect(list.row('Very long scope').getByRole('cell', { name: /^Scope: / })).toBeHidden();
    }
    await fits(page, 'list');

    await (await list.menu('Very long scope')).getByRole('menuitem', { name: 'Edit' }).click();
    const w = new Wizard(page);
    await expect(w.name()).toHaveValue('Very long scope');
    const chips = page.getByRole('list', { name: 'Selected scopes' });
    await expect(chips.locator(`[title="${LONG_SCOPE}"]`)).toHaveCount(1);
    await expect(chips.getByRole('button', { name: /^Remove / })).toBeVisible();
    await fits(page, 'basics');
    // A second scope, so that the history shows the long one too.
    await page.getByRole('searchbox', { name: 'Search scopes' }).fill('corp-dev');
    await page.getByRole('checkbox', { name: 'corp-dev · Subscription', exact: true }).check();
    await page.getByRole('searchbox', { name: 'Search scopes' }).fill('');
    await expect(chips.getByRole('button', { name: /^Remove / })).toHaveCount(2);
    await fits(page, 'basics with two scopes');

    await w.tab('Review + create').click();
    const scope = page.getByRole('definition').locator(`li[title="${LONG_SCOPE}"]`);
    await expect(scope).toBeVisible();
    await expect(page.getByTestId('impact-score')).toContainText('→');
    await fits(page, 'review');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(list.row('Very long scope')).toBeVisible();
    await fits(page, 'list after the edit');

    await page.goto('#/exemptions/history');
    const details = page.getByRole('table', { name: 'Exemption history' }).getByRole('listitem').filter({ hasText: 'scope:' });
    await expect(details).toContainText(LONG_GROUP);
    await expect(details).toContainText(SUBSCRIPTIONS['corp-dev']);
    await fits(page, 'history');
  });
}

test('leaving while a change waits to be saved asks first; once saved it does not', async ({ page: a, context }) => {
  const errors = [];
  await new ExemptionsPage(a).open();
  // Another tab holds the tabs' lock, so this tab's save waits for it.
  const b = await anotherTab(context, errors);
  await b.goto('#/exemptions');
  await b.evaluate(() => new Promise((held) => {
    navigator.locks.request('exempt.document.lock', () => new Promise((release) => { window.__release = release; held(); }));
  }));
  await createThroughWizard(a, { name: 'Waits for the lock', scopes: [CORP_PROD_SCOPE], recommendations: [UPDATES.title] });
  await expect(pill(a)).not.toHaveText('All changes saved');
  const asked = new Promise((resolve) => a.once('dialog', async (d) => { resolve(d.type()); await d.dismiss(); }));
  // Dismissed, the dialog keeps the page: the reload does not happen.
  a.reload().catch(() => {});
  expect(await asked).toBe('beforeunload');
  await expect(new ExemptionsPage(a).row('Waits for the lock')).toBeVisible();

  await b.evaluate(() => window.__release());
  await saved(a);
  let dialogs = 0;
  a.on('dialog', async (d) => { dialogs += 1; await d.dismiss(); });
  await a.reload();
  await expect(new ExemptionsPage(a).row('Waits for the lock')).toBeVisible();
  expect(dialogs).toBe(0);
  expect(errors).toEqual([]);
});

test('leaving in the moment before the engine has taken a change asks too', async ({ page }) => {
  const list = new ExemptionsPage(page);
  await list.open();
  await saved(page);
  const w = new Wizard(page);
  await w.start();
  await w.basics({ name: 'Not yet in the engine', scopes: [CORP_PROD_SCOPE], category: 'Mitigated' });
  await w.next();
  await w.selectRecommendations([UPDATES.title]);
  await w.next();
  // The engine's thread is busy for a while (as with a large environment),
  // so the change waits in a message: nothing says it is unsaved yet.
  const [engine] = page.workers();
  const busy = engine.evaluate(() => { const end = Date.now() + 3000; while (Date.now() < end); });
  await w.create();
  const asked = new Promise((resolve) => page.once('dialog', async (d) => { resolve(d.type()); await d.dismiss(); }));
  page.reload().catch(() => {});
  expect(await asked).toBe('beforeunload');
  await busy;
  await expect(list.row('Not yet in the engine')).toBeVisible();
  await saved(page);
  let dialogs = 0;
  page.on('dialog', async (d) => { dialogs += 1; await d.dismiss(); });
  await page.reload();
  await expect(list.row('Not yet in the engine')).toBeVisible();
  expect(dialogs).toBe(0);
});
