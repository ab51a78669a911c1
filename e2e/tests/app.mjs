// Page objects and fixtures shared by the journeys. Controls are found by role
// and accessible name, as a screen reader would find them.
import { test as base, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository's root, for demo data, fixtures and the CLI. */
export const ROOT = path.resolve(here, '../..');
const EXEMPT = process.env.EXEMPT_BIN || path.join(ROOT, 'target/debug/exempt');

/** `exempt` with these arguments; its JSON output. */
export function cli(args) {
  if (!existsSync(EXEMPT)) throw new Error(`build the CLI first (${EXEMPT})`);
  return JSON.parse(execFileSync(EXEMPT, args, { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 }).toString());
}

// Injected through the debugging protocol, not a script tag: the page's
// Content-Security-Policy (rightly) refuses inline scripts.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core finds no serious or critical violation in this page or frame. */
export async function axe(target, label) {
  await target.evaluate(axeSource);
  const result = await target.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${label}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** A stored document with no exemptions (schema 4). */
export const EMPTY_DOCUMENT = JSON.stringify({ schema: 4, strings: [], exemptions: [], history: [] });

/** Every journey fails on a Content-Security-Policy violation or an uncaught
 * error in the page, whatever else it checks. Journeys start from an empty
 * exemption list unless they ask for a first visit (`firstVisit`), which
 * shows the demo's example exemptions. */
export const test = base.extend({
  firstVisit: [false, { option: true }],
  page: async ({ page, firstVisit }, use) => {
    if (!firstVisit) {
      await page.addInitScript((text) => {
        try {
          if (!sessionStorage.getItem('started') && localStorage.getItem('exempt.document') === null) {
            localStorage.setItem('exempt.document', text);
          }
          sessionStorage.setItem('started', '1');
        } catch { /* storage blocked: the journey says what it expects */ }
      }, EMPTY_DOCUMENT);
    }
    const problems = [];
    page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    await use(page);
    expect(problems).toEqual([]);
  },
});
export { expect };

export const SUBSCRIPTIONS = {
  'connectivity-prod': '4c1e6f2a-8b3d-4a57-9e10-2d7f5b9c3a81',
  'corp-prod': 'b2e84c19-6d05-47f3-a9c1-5e3b8f0d7a64',
  'corp-dev': '0d5f9b73-2a4c-4e61-8f3d-c17a9e2b6d05',
  'sandbox-01': 'f81c2d47-3e6b-4a9d-8c05-94b7e1a3d6f2',
};
export const UPDATES = { key: '4ab6e3c5-74dd-8b35-9ab9-f61b30875b27', title: 'System updates should be installed on your machines' };
export const PORTS = { key: 'bc303248-3d14-44c2-96a0-55f5c326b5fe', title: 'Management ports should be closed on your virtual machines' };

/** A stored document (schema 3) holding these exemptions. */
export function storedDocument(exemptions) {
  const strings = [];
  const id = (s) => { let i = strings.indexOf(s); if (i < 0) { strings.push(s); i = strings.length - 1; } return i; };
  const rows = exemptions.map((e, i) => [
    e.id ?? `seed-${i}`, e.name, e.description ?? null, ['Azure', 'AWS', 'GCP'].indexOf(e.cloud ?? 'Azure'),
    e.scopes.map(id), e.category === 'waiver' ? 1 : 0, e.expiresOn ? Math.floor(Date.parse(e.expiresOn) / 1000) : null,
    e.recommendationCategory ?? e.recommendations.map(id), Math.floor(Date.parse(e.createdOn ?? '2026-01-15T00:00:00Z') / 1000),
    null, e.revision ?? 1, null, null,
  ]);
  return JSON.stringify({ schema: 3, settings: { dataset: 'demo' }, strings, exemptions: rows, history: [] });
}

/** Puts this text under the document key before the app starts (first load only). */
export async function seedRaw(page, text) {
  await page.addInitScript((text) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('exempt.document', text);
      sessionStorage.setItem('seeded', '1');
    }
  }, text);
}

/** Stores these exemptions before the app starts (first load only). */
export async function seed(page, exemptions) {
  await seedRaw(page, storedDocument(exemptions));
}

export class ExemptionsPage {
  constructor(page) { this.page = page; }
  async open() {
    await this.page.goto('#/exemptions');
    await expect(this.page.getByRole('heading', { name: 'Exemptions', level: 1 })).toBeVisible();
  }
  table() { return this.page.getByRole('table', { name: 'Exemptions' }); }
  row(name) { return this.table().getByRole('row').filter({ has: this.page.getByRole('rowheader', { name }) }); }
  async menu(name) {
    await this.row(name).getByRole('button', { name: '...' }).click();
    return this.page.getByRole('menu');
  }
}

export class Wizard {
  constructor(page) { this.page = page; }
  async start() {
    await this.page.getByRole('button', { name: '+ Create' }).first().click();
    await expect(this.page.getByRole('heading', { name: 'Create exemption' })).toBeVisible();
  }
  name() { return this.page.getByRole('textbox', { name: 'Exemption name' }); }
  async basics({ name, description, cloud = 'Azure', scopes = [], category = 'Mitigated', expiry }) {
    await this.name().fill(name);
    if (description) await this.page.getByRole('textbox', { name: 'Description (optional)' }).fill(description);
    await this.page.getByRole('radio', { name: cloud, exact: true }).check();
    for (const scope of scopes) {
      await this.page.getByRole('searchbox', { name: 'Search scopes' }).fill(scope.search ?? scope.label);
      await this.page.getByRole('checkbox', { name: scope.label, exact: true }).check();
    }
    await this.page.getByRole('searchbox', { name: 'Search scopes' }).fill('');
    await this.page.getByRole('radio', { name: category === 'Mitigated' ? 'Mitigated (resolved through a third-party service)' : 'Waiver (risk accepted)' }).check();
    if (expiry) await this.page.getByLabel('Expiry date (optional)').fill(expiry);
  }
  async next() { await this.page.getByRole('button', { name: 'Next' }).click(); }
  async selectRecommendations(titles) {
    await this.page.getByRole('radio', { name: 'Selected recommendations' }).check();
    for (const t of titles) {
      await this.page.getByRole('searchbox', { name: 'Search recommendations' }).fill(t);
      await this.page.getByRole('checkbox', { name: new RegExp(escape(t)) }).check();
    }
  }
  async selectCategory(category) {
    await this.page.getByRole('radio', { name: 'Recommendation category' }).check();
    await this.page.getByRole('combobox', { name: 'Recommendation category' }).selectOption(category);
  }
  tab(name) { return this.page.getByRole('tab', { name }); }
  async create() { await this.page.getByRole('button', { name: 'Create', exact: true }).click(); }
}

export function escape(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

/** Waits until the page says every change is stored, as a user would
 * before closing the tab: a save takes a moment after the list shows it. */
export async function saved(page) {
  await expect(page.locator('.status-pill')).toHaveText('All changes saved');
}

/** Creates an exemption through the wizard, from the exemptions page. */
export async function createThroughWizard(page, { name, scopes, recommendations, category = 'Mitigated', recommendationCategory }) {
  // A page in the background gets no animation frames, which slows every action.
  await page.bringToFront();
  const list = new ExemptionsPage(page);
  await list.open();
  const w = new Wizard(page);
  await w.start();
  await w.basics({ name, scopes, category });
  await w.next();
  if (recommendationCategory) await w.selectCategory(recommendationCategory);
  else await w.selectRecommendations(recommendations);
  await w.next();
  await w.create();
  await expect(list.row(name)).toBeVisible();
}
