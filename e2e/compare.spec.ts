import { expect, test } from '@playwright/test';
import { demoLines } from './analysisHelpers';
import { collectRows, pickFiles, scoreAll } from './helpers';

test('two teachers side by side: both heatmaps for a shared id, headers with each side’s numbers, j/k and buttons step through problems', async ({ page }) => {
  await page.goto('/?device=wasm');
  await pickFiles(page, [demoLines('teacher_terse.jsonl', 3), demoLines('teacher_student.jsonl', 3)]);
  await scoreAll(page, 6);
  const table = await collectRows(page);
  const rsrOf = (teacher: string, id: string) => Number(table.find((r) => r.teacher === teacher && r.id === id)!.rsr);

  await page.getByRole('tab', { name: 'Compare A/B' }).click();
  await page.getByLabel('Teacher A', { exact: true }).selectOption('terse');
  await page.getByLabel('Teacher B', { exact: true }).selectOption('student');
  const pairs = page.getByTestId('pair-row');
  await expect(pairs).toHaveCount(3);
  await expect(page.getByText('3 shared problems')).toBeVisible();

  await page.locator('[data-testid="pair-row"][data-id="p7-1"]').click();
  const paneA = page.getByRole('region', { name: 'Teacher A: terse' });
  const paneB = page.getByRole('region', { name: 'Teacher B: student' });
  await expect(paneA.getByTestId('token').first()).toBeVisible();
  await expect(paneB.getByTestId('token').first()).toBeVisible();
  await expect(page.getByTestId('rsr-A')).toHaveText(rsrOf('terse', 'p7-1').toFixed(4));
  await expect(page.getByTestId('rsr-B')).toHaveText(rsrOf('student', 'p7-1').toFixed(4));
  // Both heatmaps are of the same problem: the prompt (the user turn) is the same text.
  await expect(paneA.getByRole('region', { name: /Token heatmap of p7-1 \(terse\)/ })).toBeVisible();
  await expect(paneB.getByRole('region', { name: /Token heatmap of p7-1 \(student\)/ })).toBeVisible();
  // One metric for both: switching it on one side switches the other.
  await paneA.getByRole('button', { name: 'Rank', exact: true }).click();
  await expect(paneB.getByRole('button', { name: 'Rank', exact: true })).toHaveAttribute('aria-pressed', 'true');

  // The difference column is A − B, coloured; sorting by it orders the list.
  const diff = Number(await pairs.filter({ hasText: 'p7-1' }).getAttribute('data-diff'));
  expect(diff).toBeCloseTo(rsrOf('terse', 'p7-1') - rsrOf('student', 'p7-1'), 10);

  await page.keyboard.press('j');
  await expect(page.getByRole('heading', { name: 'Problem p7-2' })).toBeVisible();
  await page.keyboard.press('k');
  await page.keyboard.press('k');
  await expect(page.getByRole('heading', { name: 'Problem p7-0' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Previous problem' })).toBeDisabled();
  await page.getByRole('button', { name: 'Next problem' }).click();
  await expect(page.getByRole('heading', { name: 'Problem p7-1' })).toBeVisible();

  await page.getByRole('columnheader', { name: 'A − B' }).getByRole('button').click();
  const diffs = await pairs.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-diff'))));
  expect(diffs).toEqual([...diffs].sort((a, b) => a - b));
});
