import { expect, test } from '@playwright/test';
import { relDiff } from './analysisHelpers';
import { heatmapTokens, inferredLine, parityFixture, pickFiles, tableStatus } from './helpers';

const { trajectories, samples, datasetByTeacher } = parityFixture();

/** The reference's `_inferred_data` for the fixture (what rsr_cal.py writes), with three lines that must not be drawn. */
function inferredData(): string {
  const [, bad1, bad2] = samples;
  const good = samples.filter((s) => s !== bad1 && s !== bad2);
  const { input_ids: _dropped, ...beyond } = { ...bad1, resp_token_positions: bad1.resp_token_positions.map((p) => p + 500) };
  const otherIds = { ...bad2, input_ids: bad2.input_ids.map((id, i) => (i === 3 ? id + 1 : id)) };
  return [...good.map(inferredLine), JSON.stringify(beyond), inferredLine(otherIds), inferredLine({ ...good[0], id: 'not-loaded' })].join('\n') + '\n';
}

test('an imported _inferred_data file draws the reference’s per-token values, and every line it cannot place is reported', async ({ page }) => {
  await page.goto('/');
  await pickFiles(page, [{ name: 'trajectories.jsonl', text: trajectories }]);
  await expect(tableStatus(page)).toContainText('25 trajectories');

  await page.getByLabel('Import results files').setInputFiles({ name: 'fixture_inferred_data.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(inferredData()) });
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('23 imported · 23 with heatmaps', { timeout: 60_000 });
  const problems = page.getByRole('list', { name: 'Import problems in fixture_inferred_data.jsonl' }).getByRole('listitem');
  await expect(problems).toHaveCount(3);
  await expect(problems.nth(0)).toContainText('fixture_inferred_data.jsonl:24');
  await expect(problems.nth(0)).toContainText('response positions are beyond the student');
  await expect(problems.nth(1)).toContainText('fixture_inferred_data.jsonl:25');
  await expect(problems.nth(1)).toContainText('input_ids differ from the student\'s tokenization at index 3');
  await expect(problems.nth(2)).toContainText('no loaded trajectory has id "not-loaded"');

  // The heatmap shows the file's numbers on the student's tokens (the last sample: two assistant turns).
  for (const sample of [samples[0], samples[24]]) {
    await page.getByLabel('Filter by id').fill(sample.id);
    const tokens = await heatmapTokens(page, sample.id, sample.teacher);
    expect(tokens.map((t) => t.pos)).toEqual(sample.resp_token_positions);
    expect(tokens.map((t) => t.rank)).toEqual(sample.ranks);
    tokens.forEach((t, i) => expect(Math.abs(t.surprisal - sample.nlls[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, sample.nlls[i])));
  }
  await expect(page.locator(`[data-testid="trajectory-row"][data-id="${samples[24].id}"]`)).toHaveAttribute('data-status', 'imported');
  // Entropy and top-k are not in the file: the tooltip says so instead of inventing them.
  await page.getByTestId('token').first().hover();
  await expect(page.getByTestId('token-tooltip')).toContainText('not in the imported file');

  // With every line of the other samples imported, teacher RSR (Eq. 9) is the reference's own.
  await page.getByRole('tab', { name: 'Teachers' }).click();
  const rows = page.getByRole('region', { name: 'Teacher summary' }).locator('tbody tr');
  await expect(rows).toHaveCount(3);
  const terse = Number(await page.getByRole('region', { name: 'Teacher summary' }).locator('tr[data-teacher="terse"]').getAttribute('data-rsr'));
  // Float32 storage of the nlls is the only difference.
  expect(relDiff(terse, datasetByTeacher.terse.rank_surprisal_ratio)).toBeLessThanOrEqual(1e-6);
});
