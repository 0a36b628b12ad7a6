import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { collectRows, jsonl, pickFiles, recordRequests, scoreAll } from './helpers';

const MODEL_DIR = fileURLToPath(new URL('../public/models/rsr-tiny-qwen3', import.meta.url));

test('a dropped model folder is the student, served from memory: same numbers, no model request', async ({ page }) => {
  await page.goto('/?device=wasm');
  await pickFiles(page, [{ name: 'one.jsonl', text: jsonl('one', 'What is 6 * 7?', '6 * 7 = 42. \\boxed{42}') }]);
  await scoreAll(page, 1);
  const [bundled] = await collectRows(page);

  await page.getByLabel('Student model').selectOption('files');
  // A different student: the bundled model's results are not shown for it.
  await expect(page.locator('.table-count')).toContainText('1 trajectory · 0 scored');
  await page.getByLabel('Choose model folder…').setInputFiles(MODEL_DIR);
  await expect(page.getByText('Student set to the dropped model folder "rsr-tiny-qwen3"')).toBeVisible();

  const requests = recordRequests(page);
  await scoreAll(page, 1);
  const [dropped] = await collectRows(page);
  expect(Number(dropped.rsr)).toBeCloseTo(Number(bundled.rsr), 10);
  expect(requests.map((r) => r.url()).filter((u) => u.includes('/models/'))).toEqual([]);
});
