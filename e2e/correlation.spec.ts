import { expect, test } from '@playwright/test';
import { collectRows, tableStatus } from './helpers';

/** Two trajectories per teacher, built so that Eq. 9 (Σ avg clipped rank / Σ avg surprisal) is 1, 2, 3, 4 and 5. */
const METRICS: [string, number, number][] = [
  ['A', 1, 1], ['A', 1, 1],
  ['B', 2, 1], ['B', 2, 1],
  ['C', 3, 1], ['C', 6, 2],
  ['D', 4, 1], ['D', 4, 1],
  ['E', 5, 1], ['E', 5, 1],
];
const sampleMetrics = METRICS.map(([teacher, rank, surprisal], i) =>
  JSON.stringify({ sample_id: `q${i >> 1}`, teacher, resp_token_length: 10, avg_rank_clip: rank, avg_surprisal: surprisal, rank_surprisal_ratio: rank / surprisal }),
).join('\n');

// E has no score; Z has no trajectories.
const CSV = 'teacher,score\nA,40\nB,30\nC,35\nD,10\nZ,50\n';

test('a pasted teacher,score CSV shows the hand-computed Spearman and Pearson of RSR, with unmatched teachers listed', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Import results files').setInputFiles({ name: 'metrics_sample_metrics.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(sampleMetrics) });
  await expect(page.getByTestId('import-report')).toContainText('10 rows imported');
  // Imported rows join the table, marked as such.
  await expect(tableStatus(page)).toContainText('10 trajectories');
  expect((await collectRows(page)).every((r) => r.status === 'imported')).toBe(true);

  await page.getByRole('tab', { name: 'Teachers' }).click();
  const summary = page.getByRole('region', { name: 'Teacher summary' });
  // The tab is fetched when first opened: wait for its rows before reading them.
  await expect(summary.locator('tbody tr')).toHaveCount(5);
  expect(await summary.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-teacher'), Number(tr.getAttribute('data-rsr'))]))).toEqual([
    ['A', 1],
    ['B', 2],
    ['C', 3],
    ['D', 4],
    ['E', 5],
  ]);

  await page.getByLabel('Scores (CSV or TSV)').fill(CSV);
  const rsr = page.locator('tr[data-metric="rsr"]');
  // Ranks of RSR (1, 2, 3, 4) against ranks of the scores (4, 2, 3, 1): Σd·d = −4, Σd² = 5 → ρ = −0.8.
  expect(Number(await rsr.getAttribute('data-spearman'))).toBeCloseTo(-0.8, 12);
  // Pearson of (1, 2, 3, 4) and (40, 30, 35, 10): −42.5 / √(5 · 518.75).
  expect(Number(await rsr.getAttribute('data-pearson'))).toBeCloseTo(-42.5 / Math.sqrt(5 * 518.75), 12);
  await expect(rsr).toContainText('−0.800'.replace('−', '-'));
  await expect(rsr.locator('td').last()).toHaveText('4');
  await expect(page.getByTestId('unmatched-teachers')).toHaveText('E');
  await expect(page.getByTestId('unmatched-scores')).toHaveText('Z');
});
