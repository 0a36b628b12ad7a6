import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { demoLines } from './analysisHelpers';
import { collectRows, FIXTURES, inferredLine, jsonl, parityFixture, pickFiles, scoreAll, tableStatus } from './helpers';
import { watchLongTasks } from './longTasks';

/**
 * What researchers know from Hugging Face's dataset viewer and LLM Comparator, here: a length
 * column before anything is scored, regex search with match snippets, slices by a derived field,
 * and per-slice win rates of two teachers.
 */

/** Each row's data-length and data-tokens (response tokens), by key. */
async function lengths(page: Page): Promise<Map<string, { length: number | null; tokens: number | null }>> {
  return new Map((await collectRows(page)).map((r) => [r.key, { length: r.length, tokens: r.tokens }]));
}

test('lengths are counted on load with the student’s tokenizer, before scoring, sort the table, and equal what scoring finds', async ({ page }) => {
  await page.goto('/?device=wasm');
  await pickFiles(page, [demoLines('teacher_terse.jsonl', 20), demoLines('teacher_reflective.jsonl', 20)]);
  await expect(tableStatus(page)).toContainText('40 trajectories · 0 scored');
  // Every row gets its length and response tokens with nothing scored (the worker loads no weights for this).
  await expect.poll(async () => [...(await lengths(page)).values()].filter((l) => l.length! > 0 && l.tokens! > 0).length, { timeout: 60_000 }).toBe(40);
  const counted = await lengths(page);
  await expect(page.getByRole('row').filter({ hasText: 'pending' }).first()).toBeVisible();

  // Sorted by length, longest first, before scoring.
  const header = page.getByRole('columnheader', { name: 'Length' });
  await header.getByRole('button').click();
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  const order = (await collectRows(page)).map((r) => r.length!);
  expect(order).toEqual([...order].sort((a, b) => b - a));
  expect(order[0]).toBeGreaterThan(order[order.length - 1]);

  // Scoring tokenizes the same way: as many response tokens as counted, and the heatmap has the counted length.
  await scoreAll(page, 40);
  const scored = await lengths(page);
  for (const [key, c] of counted) expect(scored.get(key), key).toEqual(c);
  const longest = (await collectRows(page))[0];
  await page.locator(`[data-testid="trajectory-row"][data-key="${longest.key}"]`).click();
  const { length, tokens } = counted.get(longest.key)!;
  await expect(page.locator('.rsr-hm-summary')).toHaveText(`${length!.toLocaleString('en-US')} tokens, ${tokens!.toLocaleString('en-US')} scored · rank clip R = 100`);
});

test('a regex search keeps the trajectories whose messages match and shows each match in its row; an invalid or runaway pattern says why and filters nothing, and the page stays responsive', async ({ page }) => {
  const { trajectories, samples } = parityFixture();
  // One answer on which `(a+)+$` backtracks for ever: forty a's and a full stop.
  const runaway = jsonl('runaway-0', 'Say it.', `${'a'.repeat(40)}.`, 'student');
  await page.goto('/');
  await pickFiles(page, [
    { name: 'trajectories.jsonl', text: trajectories },
    { name: 'runaway.jsonl', text: `${runaway}\n` },
  ]);
  await page.getByLabel('Import results files').setInputFiles({ name: 'parity_inferred_data.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(samples.map(inferredLine).join('\n')) });
  await expect(page.getByTestId('import-report')).toContainText('with heatmaps', { timeout: 60_000 });
  await expect(tableStatus(page)).toContainText('26 trajectories');

  // What the pattern matches, computed here from the file itself (JavaScript's RegExp, as the app says).
  const pattern = '^(first|then), \\d+';
  const re = new RegExp(pattern, 'gim');
  const records = trajectories.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; teacher: string; messages: { content: string }[] });
  const expected = records.filter((r) => r.messages.some((m) => new RegExp(re.source, re.flags).test(m.content)));
  expect(expected.length).toBeGreaterThan(2);
  expect(expected.length).toBeLessThan(records.length);

  await page.getByRole('button', { name: 'Regular expression' }).click();
  await page.getByLabel('Search text').fill(pattern);
  await expect(tableStatus(page)).toContainText(`${expected.length} of 26 trajectories`);
  const shown = await collectRows(page);
  expect(shown.map((r) => `${r.teacher}/${r.id}`).sort()).toEqual(expected.map((r) => `${r.teacher}/${r.id}`).sort());
  await expect(page).toHaveURL(/re=1/);
  // Each row shows its first match, in context.
  const first = page.getByTestId('trajectory-row').first();
  await expect(first.locator('.match-cell mark')).toHaveText(/^(First|Then), \d+$/);
  // The open trajectory frames the pattern's matches.
  await first.click();
  await expect(page.getByTestId('match-steps')).toContainText(`/${pattern}/: 1 of`);
  await expect(page.locator('.rsr-hm-match').first()).toBeVisible();

  // An invalid pattern: said at once, under the toolbar; the table is not filtered.
  await page.getByLabel('Search text').fill('(first');
  await expect(page.getByTestId('search-problem')).toHaveText('Not a valid regular expression: Unterminated group');
  await expect(tableStatus(page)).toHaveText(/^26 trajectories/);

  // A pattern that backtracks for ever: the page keeps answering, and the search is stopped. Its
  // worker runs the pattern, so the page's own thread never has a task near a second (a pattern run
  // on the page would hold it for good); measured on the page, not by a round trip from the test
  // process, which a busy machine slows whatever the page does.
  const longTasks = await watchLongTasks(page);
  await page.getByLabel('Search text').fill('(a+)+$');
  await expect(tableStatus(page)).toContainText('searching');
  const started = Date.now();
  await page.getByRole('button', { name: 'Regular expression' }).focus();
  await expect(page.getByRole('button', { name: 'Regular expression' })).toBeFocused();
  await expect(page.getByTestId('search-problem')).toContainText('was stopped', { timeout: 20_000 });
  expect(Date.now() - started).toBeGreaterThan(1000);
  const tasks = await longTasks();
  expect(tasks.filter((t) => t.ms > 1000), JSON.stringify(tasks)).toEqual([]);
  await expect(tableStatus(page)).toHaveText(/^26 trajectories/);
  // The search works again after the stopped one (its worker was replaced).
  await page.getByLabel('Search text').fill('a{40}\\.');
  await expect(tableStatus(page)).toContainText('1 of 26 trajectories');

  // A plain search shows its matches too.
  await page.getByRole('button', { name: 'Regular expression' }).click();
  await page.getByLabel('Search text').fill('STICKERS');
  await expect(page.getByTestId('trajectory-row').first().locator('.match-cell mark')).toHaveText('stickers');
});

test('slices from the id’s prefix (AIME vs AMC) and from a field derived with a pattern; win rates of a pair of teachers per slice, in Teachers and in Compare', async ({ page }) => {
  const IDS = new Set(['aime24-0', 'aime24-1', 'amc23-0', 'amc23-1', 'amc23-2']);
  const files = ['teacher_qwen2.5-14b-instruct.jsonl', 'teacher_sky-t1-math-reflection-0.2-32b.jsonl'].map((name) => ({
    name,
    text: readFileSync(new URL(`realdata/${name}`, FIXTURES), 'utf8')
      .split('\n')
      .filter((l) => l && IDS.has(JSON.parse(l).id))
      .join('\n'),
  }));
  // The first 200 tokens of each answer: enough for the numbers to differ, quick to score.
  await page.goto('/?max=200&device=wasm');
  await pickFiles(page, files);
  await expect(tableStatus(page)).toContainText('10 trajectories');

  // AIME vs AMC from ids like aime24-0 / amc23-5, with nothing but the ids.
  const slice = page.getByLabel('Slice');
  await expect(slice.locator('optgroup[label="id prefix"] option')).toHaveText(['id prefix = amc23 (6)', 'id prefix = aime24 (4)']);
  await slice.selectOption({ label: 'id prefix = amc23 (6)' });
  await expect(tableStatus(page)).toContainText('6 of 10 trajectories');
  expect((await collectRows(page)).every((r) => r.id.startsWith('amc23-'))).toBe(true);
  await expect(page).toHaveURL(/slice=%40id-prefix%3Damc23/);
  await slice.selectOption('');

  // Any derived field: the benchmark named in the source path.
  await page.getByText('Fields', { exact: true }).click();
  await page.getByLabel('From').selectOption('source');
  await page.getByLabel(/^Pattern/).fill('(');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('derive-problem')).toHaveText('Not a valid regular expression: Unterminated group');
  await page.getByLabel(/^Pattern/).fill('(\\w+)_eval');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('derive-summary')).toContainText('2 values');
  await page.getByText('Fields ✓', { exact: true }).click();
  await slice.selectOption({ label: 'source ~ /(\\w+)_eval/ = aime24 (4)' });
  await expect(tableStatus(page)).toContainText('4 of 10 trajectories');
  expect((await collectRows(page)).every((r) => r.id.startsWith('aime24-'))).toBe(true);
  await slice.selectOption('');

  await scoreAll(page, 10);

  // Win rates per slice, checked against the pairs' own differences (Compare's list).
  await page.getByRole('tab', { name: 'Compare A/B' }).click();
  await page.getByLabel('Teacher A', { exact: true }).selectOption('Qwen/Qwen2.5-14B-Instruct');
  await page.getByLabel('Teacher B', { exact: true }).selectOption('Sky-T1-math-reflection-0.2-32B');
  const diffs = new Map(await page.getByTestId('pair-row').evaluateAll((rs) => rs.map((r) => [r.getAttribute('data-id')!, Number(r.getAttribute('data-diff'))] as const)));
  expect(diffs.size).toBe(5);
  const expected = (prefix: string) => {
    const ds = [...diffs].filter(([id]) => id.startsWith(prefix)).map(([, d]) => d);
    return { n: String(ds.length), a: String(ds.filter((d) => d < 0).length), b: String(ds.filter((d) => d > 0).length) };
  };
  const check = async (rows: ReturnType<Page['locator']>) => {
    for (const prefix of ['aime24', 'amc23']) {
      const row = rows.and(page.locator(`[data-slice="${prefix}"]`));
      const e = expected(prefix);
      await expect(row).toHaveAttribute('data-n', e.n);
      await expect(row).toHaveAttribute('data-wins-a', e.a);
      await expect(row).toHaveAttribute('data-wins-b', e.b);
    }
  };
  await page.getByText('Wins by slice', { exact: true }).click();
  await expect(page.getByRole('table', { name: 'A and B by id prefix' }).locator('tr.slice-row')).toHaveCount(2);
  await check(page.getByRole('table', { name: 'A and B by id prefix' }).locator('tr.slice-row'));

  await page.getByRole('tab', { name: 'Teachers' }).click();
  await page.getByLabel('Split by').selectOption({ label: 'id prefix' });
  const paired = page.getByRole('table', { name: 'Paired comparison of teachers' });
  await expect(paired.locator('tr.slice-row')).toHaveCount(2);
  await check(paired.locator('tr.slice-row'));
  // And Eq. 9 per teacher within each slice.
  await page.getByLabel('Group by').selectOption({ label: 'id prefix' });
  await expect(page.getByRole('table', { name: 'Teacher RSR by id prefix' }).locator('tbody tr')).toHaveCount(4);
});
