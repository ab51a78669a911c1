// The exemptions table draws only the rows in view, and always enough of
// them: at any window height, after the window grows, and far down the list.
import { test, expect } from './app.mjs';

/** What the table's frame shows: rows drawn, and any blank band in view. */
const coverage = (page) => page.evaluate(() => {
  const frame = document.querySelector('.table-scroll');
  if (!frame?.querySelector('tbody tr:not(.spacer)')) return { drawn: 0, inView: 0, covered: false, first: 0 };
  const view = frame.getBoundingClientRect();
  // The header cells stick to the top of the frame; the rows pass under them.
  const head = frame.querySelector('thead th').getBoundingClientRect();
  const drawn = [...frame.querySelectorAll('tbody tr:not(.spacer)')];
  const rows = drawn.map((r) => r.getBoundingClientRect());
  const inView = rows.filter((r) => r.bottom > head.bottom && r.top < view.bottom);
  // Rows down to the frame's bottom edge, unless the list ends above it.
  const ends = drawn[drawn.length - 1].getAttribute('aria-rowindex') === frame.querySelector('table').getAttribute('aria-rowcount');
  const covered = inView.length > 0
    && inView[0].top <= head.bottom + 1
    && (ends || inView[inView.length - 1].bottom >= view.bottom - 1);
  const first = drawn[0].getAttribute('aria-rowindex');
  return { drawn: rows.length, inView: inView.length, covered, first: Number(first) };
});

test('the exemptions table fills its frame at any height and far down the list', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('#/settings');
  await page.getByLabel('Number of generated exemptions').fill('3000');
  await page.getByRole('button', { name: 'Generate exemptions' }).click();
  await expect(page.getByText('3000 generated exemptions are shown')).toBeVisible();
  await page.evaluate(() => { location.hash = '#/exemptions'; });
  await expect.poll(async () => (await coverage(page)).covered).toBe(true);
  const small = await coverage(page);
  // Enough for the frame and a few below it, not a fixed large window.
  expect(small.drawn).toBeLessThanOrEqual(small.inView + 6);

  await page.setViewportSize({ width: 1280, height: 1400 });
  await expect.poll(async () => (await coverage(page)).covered, { message: 'a taller window shows more rows' }).toBe(true);
  const tall = await coverage(page);
  expect(tall.inView).toBeGreaterThan(small.inView);

  await page.locator('.table-scroll').evaluate((frame) => { frame.scrollTop = 52 * 2000; });
  await expect.poll(async () => {
    const c = await coverage(page);
    return c.covered && c.first > 1990 && c.first < 2010;
  }, { message: 'rows 2,000 on are drawn where the frame shows them' }).toBe(true);
});
