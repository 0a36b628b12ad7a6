import { expect, test } from '@playwright/test';
import { inferredLine, parityFixture, pickFiles, tableStatus } from './helpers';

// The parity fixture: three teachers answering the same eight problems (and one multi-turn extra),
// with the reference implementation's per-token scores imported, drawn on the student's tokens.
const { trajectories, samples } = parityFixture();
const inferred = samples.map(inferredLine).join('\n');
const rsrOf = (teacher: string, id: string) => samples.find((s) => s.teacher === teacher && s.id === id)!.rank_surprisal_ratio;

test('two teachers side by side: both heatmaps for a shared id, headers with each side’s numbers, j/k and buttons step through problems', async ({ page }) => {
  await page.goto('/');
  await pickFiles(page, [{ name: 'trajectories.jsonl', text: trajectories }]);
  await page.getByLabel('Import results files').setInputFiles({ name: 'parity_inferred_data.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(inferred) });
  await expect(page.getByTestId('import-report')).toContainText('25 with heatmaps', { timeout: 60_000 });
  await expect(tableStatus(page)).toContainText('25 trajectories');

  await page.getByRole('tab', { name: 'Compare A/B' }).click();
  await page.getByLabel('Teacher A', { exact: true }).selectOption('terse');
  await page.getByLabel('Teacher B', { exact: true }).selectOption('student');
  const pairs = page.getByTestId('pair-row');
  await expect(pairs).toHaveCount(8);
  await expect(page.getByText('8 shared problems · 1 only B')).toBeVisible();

  await page.locator('[data-testid="pair-row"][data-id="p2024-3"]').click();
  const paneA = page.getByRole('region', { name: 'Teacher A: terse' });
  const paneB = page.getByRole('region', { name: 'Teacher B: student' });
  await expect(paneA.getByRole('region', { name: /Token heatmap of p2024-3 \(terse\)/ }).getByTestId('token').first()).toBeVisible();
  await expect(paneB.getByRole('region', { name: /Token heatmap of p2024-3 \(student\)/ }).getByTestId('token').first()).toBeVisible();
  // Each header shows its side's RSR (recomputed from the imported tokens: the reference's own Eq. 7).
  expect(Number(await page.getByTestId('rsr-A').textContent())).toBeCloseTo(rsrOf('terse', 'p2024-3'), 3);
  expect(Number(await page.getByTestId('rsr-B').textContent())).toBeCloseTo(rsrOf('student', 'p2024-3'), 3);
  const diff = Number(await pairs.filter({ hasText: 'p2024-3' }).getAttribute('data-diff'));
  expect(diff).toBeCloseTo(rsrOf('terse', 'p2024-3') - rsrOf('student', 'p2024-3'), 4);

  // One metric and one scale for both sides: the view's one switch colours both.
  await page.getByRole('group', { name: 'Colour tokens by' }).getByRole('button', { name: 'Rank', exact: true }).click();
  for (const pane of [paneA, paneB]) await expect(pane.getByRole('region', { name: /coloured by rank/ })).toBeVisible();

  // The two heatmaps scroll together.
  const scrollA = paneA.getByRole('region', { name: /Token heatmap/ });
  const scrollB = paneB.getByRole('region', { name: /Token heatmap/ });
  await scrollA.evaluate((el) => (el.style.height = '60px'));
  await scrollB.evaluate((el) => (el.style.height = '60px'));
  await scrollA.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect.poll(() => scrollB.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 2)).toBe(true);

  await page.keyboard.press('j');
  await expect(page.getByRole('heading', { name: 'Problem p2024-4' })).toBeVisible();
  await page.keyboard.press('k');
  await page.keyboard.press('k');
  await expect(page.getByRole('heading', { name: 'Problem p2024-2' })).toBeVisible();
  await page.getByRole('button', { name: 'Next problem' }).click();
  await expect(page.getByRole('heading', { name: 'Problem p2024-3' })).toBeVisible();

  await page.getByRole('columnheader', { name: 'A − B' }).getByRole('button').click();
  const diffs = await pairs.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-diff'))));
  expect(diffs).toEqual([...diffs].sort((a, b) => a - b));
  // Stepping follows the list's current order.
  const sortedIds = await pairs.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')!));
  await pairs.first().click();
  await expect(page.getByRole('button', { name: 'Previous problem' })).toBeDisabled();
  await page.keyboard.press('j');
  await expect(page.getByRole('heading', { name: `Problem ${sortedIds[1]}` })).toBeVisible();
});
