import { expect, test } from '@playwright/test';
import { demoLines, downloaded, downloadedText } from './analysisHelpers';
import { collectRows, pickFiles, scoreAll } from './helpers';

// Three teachers whose best answers differ by problem (see the CLI on the demo data).
const FILES = [demoLines('teacher_paraphrase.jsonl', 4), demoLines('teacher_noise.jsonl', 4), demoLines('teacher_reflective.jsonl', 4)];

test('per-problem selection picks the lowest RSR of each problem, and the export is the picked input lines, byte for byte', async ({ page }) => {
  await page.goto('/?device=wasm');
  await pickFiles(page, FILES);
  await scoreAll(page, 12);
  const table = await collectRows(page);

  // Expected: for each id, the row with the lowest RSR.
  const best = new Map<string, (typeof table)[number]>();
  for (const r of table) {
    const b = best.get(r.id);
    if (!b || Number(r.rsr) < Number(b.rsr)) best.set(r.id, r);
  }
  expect(best.size).toBe(4);

  await page.getByRole('tab', { name: 'Select & export' }).click();
  await expect(page.getByLabel('Per problem: the lowest-RSR answer to each problem id')).toBeChecked();
  await expect(page.getByTestId('selection-count')).toContainText('Picked 4 of 12');
  const picks = await page.getByTestId('pick-row').evaluateAll((rows) => rows.map((r) => ({ id: r.getAttribute('data-id')!, teacher: r.getAttribute('data-teacher')! })));
  expect(picks).toEqual([...best.values()].map((r) => ({ id: r.id, teacher: r.teacher })));

  // Shares add up to the picks.
  const shares = await page.locator('.shares-table tbody tr').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-teacher'), Number(r.getAttribute('data-count'))]));
  for (const [teacher, count] of shares) expect(count).toBe(picks.filter((p) => p.teacher === teacher).length);

  // The export holds the original lines, byte for byte, in pick order.
  const lineOf = (key: string) => {
    const [file, line] = [key.slice(0, key.lastIndexOf(':')), Number(key.slice(key.lastIndexOf(':') + 1))];
    return FILES.find((f) => f.name === file)!.text.split('\n')[line - 1];
  };
  const exported = await downloadedText(page, page.getByRole('button', { name: 'Export selection' }));
  expect(exported.name).toMatch(/\.jsonl$/);
  expect(exported.text).toBe([...best.values()].map((r) => `${lineOf(r.key)}\n`).join(''));

  // Results export: one _sample_metrics line per scored trajectory.
  const results = await downloadedText(page, page.getByRole('button', { name: 'Export results' }));
  const lines = results.text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines).toHaveLength(12);
  expect(Object.keys(lines[0]).slice(0, 6)).toEqual(['sample_id', 'teacher', 'resp_token_length', 'avg_rank_clip', 'avg_surprisal', 'rank_surprisal_ratio']);

  // Top 2 by RSR, and the threshold mode, pick from all rows.
  await page.getByLabel('N', { exact: true }).fill('2');
  await expect(page.getByTestId('selection-count')).toContainText('Picked 2 of 12');
  const sorted = table.map((r) => Number(r.rsr)).sort((a, b) => a - b);
  const picked = await page.getByTestId('pick-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-rsr'))));
  expect(picked).toEqual(sorted.slice(0, 2));
  await page.getByLabel('RSR threshold').fill(String(sorted[5]));
  await expect(page.getByTestId('selection-count')).toContainText('Picked 5 of 12');

  // The open trajectory's heatmap exports as SVG (its tokens as text) and as PNG.
  await page.getByTestId('pick-row').first().click();
  await expect(page.getByRole('tab', { name: 'Trajectories' })).toHaveAttribute('aria-selected', 'true');
  const svg = await downloadedText(page, page.getByRole('button', { name: 'Export heatmap as SVG' }));
  expect(svg.name).toMatch(/\.svg$/);
  expect(svg.text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.text).toContain('>&lt;|im_start|&gt;</text>');
  const png = await downloaded(page, page.getByRole('button', { name: 'Export heatmap as PNG' }));
  expect(png.name).toMatch(/\.png$/);
  expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
});
