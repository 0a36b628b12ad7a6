import { expect, test } from '@playwright/test';
import { demoLines, downloadedText } from './analysisHelpers';
import { pickFiles, tableStatus } from './helpers';

// At 80 tokens (Max tokens), the terse teacher's first six conversations (64–75 tokens) are whole
// and the student teacher's (81–86 tokens) are all cut: one verdict on cut rows, one not.
const FILES = [demoLines('teacher_terse.jsonl', 6), demoLines('teacher_student.jsonl', 6)];

test('verdicts on truncated trajectories say how many rows per teacher were cut and at what cap — Quick rank, Teachers, Compare, Select, the exports; "score in full" rescores only those', async ({ page }) => {
  await page.goto('/?device=wasm&max=80');
  await pickFiles(page, FILES);
  await expect(tableStatus(page)).toContainText('12 trajectories');
  // Quick rank: six per teacher never separate (it needs eight), so the whole sample is scored.
  await page.getByRole('tab', { name: 'Teachers' }).click();
  await page.getByTestId('quick-rank').getByRole('button', { name: 'Quick rank', exact: true }).click();
  await expect(page.getByTestId('quick-rank-status')).toHaveAttribute('data-outcome', 'sampled', { timeout: 120_000 });
  const quickRank = page.getByTestId('quick-rank');
  await expect(quickRank.getByTestId('truncation-note').locator('.cut-item[data-teacher="student"]')).toHaveText('student: 6 of 6 trajectories cut at 80 tokens');
  const rankedBefore = await quickRank.locator('.quick-ranking li[data-teacher="student"]').textContent();

  // Teachers: the summary says what its RSRs rest on.
  const summary = page.getByRole('region', { name: 'Teacher summary' });
  const note = summary.getByTestId('truncation-note');
  await expect(note.locator('.cut-item[data-teacher="student"]')).toHaveText('student: 6 of 6 trajectories cut at 80 tokens');
  await expect(note.locator('.cut-item[data-teacher="terse"]')).toHaveCount(0);
  const rsrBefore = Number(await summary.locator('tr[data-teacher="student"]').getAttribute('data-rsr'));

  // Compare: the paired verdict rests on both sides of every shared problem.
  await page.getByRole('tab', { name: 'Compare A/B' }).click();
  await expect(page.getByTestId('paired-summary')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Compare teachers' }).getByTestId('truncation-note')).toContainText('student: 6 of 6 trajectories cut at 80 tokens');

  // Select and its exports.
  await page.getByRole('tab', { name: 'Select & export' }).click();
  await expect(page.getByRole('region', { name: 'Select trajectories' }).getByTestId('truncation-note')).toHaveAttribute('data-truncated', '6');
  const tsv = await downloadedText(page, page.getByRole('button', { name: 'Export teacher summary' }));
  const [header, ...lines] = tsv.text.trim().split('\n').map((l) => l.split('\t'));
  const cell = (teacher: string, column: string) => lines.find((l) => l[0] === teacher)![header.indexOf(column)];
  expect([cell('student', 'max_tokens'), cell('student', 'truncated'), cell('terse', 'max_tokens'), cell('terse', 'truncated')]).toEqual(['80', '6', '80', '0']);
  const results = await downloadedText(page, page.getByRole('button', { name: 'Export results' }));
  const rows = results.text.trim().split('\n').map((l) => JSON.parse(l) as { teacher: string; max_tokens: number; truncated: boolean });
  expect(rows.every((r) => r.max_tokens === 80)).toBe(true);
  expect(rows.filter((r) => r.truncated).map((r) => r.teacher)).toEqual(Array(6).fill('student'));

  // Score the rest in full: Max tokens becomes no limit, only the six cut ones are scored again.
  await page.getByRole('button', { name: 'Score the 6 truncated trajectories in full' }).click();
  await expect(page.getByTestId('last-run')).toHaveAttribute('data-trajectories', '6', { timeout: 120_000 });
  await expect(page.getByLabel('Max tokens')).toHaveValue('0');
  await expect(page.getByTestId('truncation-note')).toHaveCount(0);
  expect(new URL(page.url()).searchParams.get('max')).toBeNull();
  await page.getByRole('tab', { name: 'Trajectories' }).click();
  await expect(tableStatus(page)).toContainText('12 scored');
  await page.getByRole('tab', { name: 'Teachers' }).click();
  await expect(summary.locator('tr[data-teacher="student"]')).toHaveAttribute('data-n', '6');
  const rsrAfter = Number(await summary.locator('tr[data-teacher="student"]').getAttribute('data-rsr'));
  expect(rsrAfter).not.toBe(rsrBefore);
  // Quick rank's ranking is recomputed on the whole conversations.
  await expect(quickRank.locator('.quick-ranking li[data-teacher="student"]')).not.toHaveText(rankedBefore!);
  await expect(quickRank.locator('.quick-ranking li[data-teacher="student"]')).toContainText(rsrAfter.toFixed(3));
});
