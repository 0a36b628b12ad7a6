import { expect, test } from '@playwright/test';
import { jsonl, pickFiles, rows, tableStatus } from './helpers';

test('10,000 rows: only the visible ones are in the DOM, and the end is one keypress away', async ({ page }) => {
  const text = Array.from({ length: 10_000 }, (_, i) => jsonl(`big-${i}`, `Question ${i}?`, `Answer ${i}.`, `t${i % 7}`)).join('\n');
  await page.goto('/');
  await pickFiles(page, [{ name: 'big.jsonl', text }]);
  await expect(tableStatus(page)).toContainText('10,000 trajectories');
  expect(await rows(page).count()).toBeLessThan(80);

  await rows(page).first().click();
  await page.keyboard.press('End');
  const last = page.locator('[data-testid="trajectory-row"][data-id="big-9999"]');
  await expect(last).toBeVisible();
  await expect(last).toHaveAttribute('aria-selected', 'true');
  await expect(last).toBeFocused();
  expect(await rows(page).count()).toBeLessThan(80);

  // Scrolling through all of it stays fast: 40 jumps, each rendering a new window of rows.
  const ms = await page.locator('.grid-body').evaluate(async (el) => {
    const t0 = performance.now();
    for (let i = 0; i < 40; i++) {
      el.scrollTop = (el.scrollHeight * i) / 40;
      await new Promise(requestAnimationFrame);
    }
    return performance.now() - t0;
  });
  expect(ms).toBeLessThan(4000);
});
