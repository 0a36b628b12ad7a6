import { expect, test, type Page } from '@playwright/test';
import { demoLines } from './analysisHelpers';
import { collectRows, pickFiles, scoreAll, tableStatus } from './helpers';

/**
 * What researchers know from Hugging Face's dataset viewer and LLM Comparator, here: a length
 * column before anything is scored, regex search with match snippets, slices by a derived field,
 * and per-slice win rates of two teachers.
 */

/** Each row's data-length and data-tokens (response tokens), by key. */
async function lengths(page: Page): Promise<Map<string, { length: number; tokens: number }>> {
  const body = page.locator('.table-panel .grid-body');
  await body.evaluate((el) => (el.style.height = '20000px'));
  const out = await page.getByTestId('trajectory-row').evaluateAll((rows) =>
    rows.map((r) => [r.getAttribute('data-key')!, { length: Number(r.getAttribute('data-length') ?? NaN), tokens: Number(r.getAttribute('data-tokens') ?? NaN) }] as const),
  );
  await body.evaluate((el) => (el.style.height = ''));
  return new Map(out);
}

test('lengths are counted on load with the student’s tokenizer, before scoring, sort the table, and equal what scoring finds', async ({ page }) => {
  await page.goto('/?device=wasm');
  await pickFiles(page, [demoLines('teacher_terse.jsonl', 20), demoLines('teacher_reflective.jsonl', 20)]);
  await expect(tableStatus(page)).toContainText('40 trajectories · 0 scored');
  // Every row gets its length and response tokens with nothing scored (the worker loads no weights for this).
  await expect.poll(async () => [...(await lengths(page)).values()].filter((l) => l.length > 0 && l.tokens > 0).length, { timeout: 60_000 }).toBe(40);
  const counted = await lengths(page);
  await expect(page.getByRole('row').filter({ hasText: 'pending' }).first()).toBeVisible();

  // Sorted by length, longest first, before scoring.
  const header = page.getByRole('columnheader', { name: 'Length' });
  await header.getByRole('button').click();
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  const order = (await collectRows(page)).map((r) => counted.get(r.key)!.length);
  expect(order).toEqual([...order].sort((a, b) => b - a));
  expect(order[0]).toBeGreaterThan(order[order.length - 1]);

  // Scoring tokenizes the same way: as many response tokens as counted, and the heatmap has the counted length.
  await scoreAll(page, 40);
  const scored = await lengths(page);
  for (const [key, c] of counted) expect(scored.get(key), key).toEqual(c);
  const longest = (await collectRows(page))[0];
  await page.locator(`[data-testid="trajectory-row"][data-key="${longest.key}"]`).click();
  const { length, tokens } = counted.get(longest.key)!;
  await expect(page.locator('.rsr-hm-summary')).toHaveText(`${length.toLocaleString('en-US')} tokens, ${tokens.toLocaleString('en-US')} scored · rank clip R = 100`);
});
