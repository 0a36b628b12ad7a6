import { expect, test } from '@playwright/test';
import { collectRows, jsonl, pickFiles, scoreAll, tableStatus } from './helpers';

const BAD_FILE = [
  jsonl('ok-1', 'What is 2 + 2?', '2 + 2 = 4. \\boxed{4}'),
  '{not json',
  jsonl('ok-2', 'What is 3 + 3?', '3 + 3 = 6. \\boxed{6}'),
  '{"id":"no-messages"}',
  '',
  '[1,2]',
  jsonl('ok-3', 'What is 1 + 1?', '1 + 1 = 2. \\boxed{2}'),
].join('\n');

test('a file with malformed lines: the errors panel names each line, the valid rows load', async ({ page }) => {
  await page.goto('/');
  await pickFiles(page, [{ name: 'bad.jsonl', text: BAD_FILE }]);

  await expect(tableStatus(page)).toContainText('3 trajectories');
  const errors = page.getByRole('list', { name: 'Input errors' }).getByRole('listitem');
  await expect(errors).toHaveCount(3);
  await expect(errors.nth(0)).toContainText('bad.jsonl:2 — invalid JSON at column 2:');
  // The file's line only: never the parser's own "line 1" beside it.
  await expect(errors.nth(0)).not.toContainText('line 1');
  await expect(errors.nth(1)).toContainText('bad.jsonl:4 —');
  await expect(errors.nth(2)).toContainText('bad.jsonl:6 —');

  const all = await collectRows(page);
  expect(all.map((r) => r.id)).toEqual(['ok-1', 'ok-2', 'ok-3']);
  expect(all.every((r) => r.teacher === 'bad')).toBe(true);
});

test('the valid rows of a file with malformed lines score', async ({ page }) => {
  await page.goto('/?device=wasm');
  await pickFiles(page, [{ name: 'bad.jsonl', text: BAD_FILE }]);
  await scoreAll(page, 3);
  const all = await collectRows(page);
  expect(all.map((r) => [r.id, r.status])).toEqual([
    ['ok-1', 'scored'],
    ['ok-2', 'scored'],
    ['ok-3', 'scored'],
  ]);
  expect(all.every((r) => Number(r.rsr) > 0)).toBe(true);
});
