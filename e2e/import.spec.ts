import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { relDiff } from './analysisHelpers';
import { heatmapTokens, pickFiles, SHARED, tableStatus } from './helpers';

interface ReferenceSample {
  id: string;
  teacher: string;
  input_ids: number[];
  resp_token_positions: number[];
  nlls: number[];
  /** Clipped at 100 by the reference. */
  ranks: number[];
}
interface Reference {
  samples: ReferenceSample[];
  dataset_by_teacher: Record<string, { rank_surprisal_ratio: number }>;
}

const trajectories = readFileSync(new URL('fixtures/parity/trajectories.jsonl', SHARED), 'utf8');
const reference = JSON.parse(readFileSync(new URL('fixtures/parity/reference.json', SHARED), 'utf8')) as Reference;

/** The reference's `_inferred_data` for the fixture (what rsr_cal.py writes), with three lines that must not be drawn. */
function inferredData(): string {
  const [, bad1, bad2] = reference.samples;
  const good = reference.samples.filter((s) => s !== bad1 && s !== bad2);
  const line = (s: ReferenceSample) => JSON.stringify({ id: s.id, teacher: s.teacher, input_ids: s.input_ids, resp_token_positions: s.resp_token_positions, nlls: s.nlls, ranks: s.ranks });
  const { input_ids: _dropped, ...beyond } = { ...bad1, resp_token_positions: bad1.resp_token_positions.map((p) => p + 500) };
  const otherIds = { ...bad2, input_ids: bad2.input_ids.map((id, i) => (i === 3 ? id + 1 : id)) };
  return [...good.map(line), JSON.stringify(beyond), line(otherIds), line({ ...good[0], id: 'not-loaded' })].join('\n') + '\n';
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
  for (const sample of [reference.samples[0], reference.samples[24]]) {
    await page.getByLabel('Filter by id').fill(sample.id);
    const tokens = await heatmapTokens(page, sample.id, sample.teacher);
    expect(tokens.map((t) => t.pos)).toEqual(sample.resp_token_positions);
    expect(tokens.map((t) => t.rank)).toEqual(sample.ranks);
    tokens.forEach((t, i) => expect(Math.abs(t.surprisal - sample.nlls[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, sample.nlls[i])));
  }
  await expect(page.locator(`[data-testid="trajectory-row"][data-id="${reference.samples[24].id}"]`)).toHaveAttribute('data-status', 'imported');
  // Entropy and top-k are not in the file: the tooltip says so instead of inventing them.
  await page.getByTestId('token').first().hover();
  await expect(page.getByTestId('token-tooltip')).toContainText('not in the imported file');

  // With every line of the other samples imported, teacher RSR (Eq. 9) is the reference's own.
  await page.getByRole('tab', { name: 'Teachers' }).click();
  const rows = page.getByRole('region', { name: 'Teacher summary' }).locator('tbody tr');
  await expect(rows).toHaveCount(3);
  const terse = Number(await page.getByRole('region', { name: 'Teacher summary' }).locator('tr[data-teacher="terse"]').getAttribute('data-rsr'));
  // Float32 storage of the nlls is the only difference.
  expect(relDiff(terse, reference.dataset_by_teacher.terse.rank_surprisal_ratio)).toBeLessThanOrEqual(1e-6);
});
