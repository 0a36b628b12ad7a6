import { expect, test } from '@playwright/test';
import { cancelButton, collectRows, demoFile, pickFiles, scoreAll, scoreButton, scoredCount, tableStatus } from './helpers';

test('cancel mid-run keeps the scored rows, and Score again scores only the rest', async ({ page }) => {
  await page.goto('/');
  await pickFiles(page, [demoFile('teacher_reflective.jsonl')]);
  await expect(tableStatus(page)).toContainText('60 trajectories');

  await scoreButton(page).click();
  // Cancel as soon as the first result is in: the rest is still ahead.
  await expect.poll(() => scoredCount(page), { timeout: 120_000, intervals: [50] }).toBeGreaterThan(0);
  await cancelButton(page).click();
  await expect(scoreButton(page)).toBeEnabled({ timeout: 60_000 });

  const afterCancel = await collectRows(page);
  const kept = afterCancel.filter((r) => r.status === 'scored');
  expect(kept.length).toBeGreaterThan(0);
  expect(kept.length).toBeLessThan(60);
  expect(await scoredCount(page)).toBe(kept.length);
  await expect(page.getByText(/of 60 to score/)).toBeVisible();
  // The run panel's account of the cancelled run: exactly the rows it kept.
  const lastRun = page.getByTestId('last-run');
  await expect(lastRun).toContainText('Last run (cancelled)');
  await expect(lastRun).toHaveAttribute('data-trajectories', String(kept.length));

  const leftNotice = page.getByText(/trajectories left for the next Score/);
  await expect(leftNotice).toBeVisible();

  await scoreAll(page, 60);
  // Bug: the "… left" notice stayed after everything was scored.
  await expect(leftNotice).toHaveCount(0);
  await expect(lastRun).not.toContainText('cancelled');
  await expect(lastRun).toHaveAttribute('data-trajectories', String(60 - kept.length));
  const afterRest = await collectRows(page);
  expect(afterRest.every((r) => r.status === 'scored')).toBe(true);
  // What was scored before the cancel is untouched by the second run.
  const before = new Map(kept.map((r) => [r.key, r.rsr]));
  for (const r of afterRest) if (before.has(r.key)) expect(r.rsr).toBe(before.get(r.key));
});
