import { expect, test } from '@playwright/test';
import { jsonl, pickFiles, rows, tableStatus } from './helpers';
import { watchLongTasks } from './longTasks';

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

  // Scrolling through all of it: 40 jumps, each drawing the window of rows at its place and no more,
  // with no main-thread task near a second (on the page's clock, which a busy machine does not
  // stretch the way it stretches a whole scroll's wall time).
  const longTasks = await watchLongTasks(page);
  const windows = await page.locator('.grid-body').evaluate(async (el) => {
    const seen: { first: number; rows: number }[] = [];
    for (let i = 0; i < 40; i++) {
      el.scrollTop = (el.scrollHeight * i) / 40;
      await new Promise(requestAnimationFrame);
      await new Promise(requestAnimationFrame);
      const ids = [...el.querySelectorAll('[data-testid="trajectory-row"]')].map((r) => Number(r.getAttribute('data-id')!.slice(4)));
      seen.push({ first: Math.min(...ids), rows: ids.length });
    }
    return seen;
  });
  windows.forEach((w, i) => {
    expect(w.rows).toBeLessThan(80);
    // The drawn rows are where the scroll is: row 250·i is among them, give or take the overscan.
    expect(Math.abs(w.first - 250 * i), `jump ${i}: first row drawn ${w.first}`).toBeLessThan(60);
  });
  const tasks = await longTasks();
  expect(tasks.filter((t) => t.ms > 1000), JSON.stringify(tasks)).toEqual([]);
});
