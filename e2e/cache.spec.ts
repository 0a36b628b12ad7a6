import { expect, test } from '@playwright/test';
import { collectRows, demoFile, pickFiles, recordRequests, scoreAll, scoreButton, tableStatus } from './helpers';

/** The first lines of a demo teacher: enough rows to restore, few enough to score quickly. */
const head = (n: number) => {
  const file = demoFile('teacher_terse.jsonl');
  return { ...file, text: file.text.split('\n').slice(0, n).join('\n') };
};

test('reload: results come back from IndexedDB with no model call', async ({ page }) => {
  const file = head(12);
  await page.goto('/');
  await pickFiles(page, [file]);
  await scoreAll(page, 12);
  const scored = await collectRows(page);
  expect(scored.every((r) => r.status === 'scored' && r.rsr !== null)).toBe(true);

  await page.reload();
  const requests = recordRequests(page);
  await pickFiles(page, [file]);
  await expect(tableStatus(page)).toContainText('12 trajectories · 12 scored');
  const restored = await collectRows(page);
  expect(restored.map((r) => [r.key, r.rsr])).toEqual(scored.map((r) => [r.key, r.rsr]));
  await expect(scoreButton(page)).toBeDisabled();
  await expect(page.getByText('all 12 scored')).toBeVisible();

  // No model loaded: of the student only its tokenizer is read, by the length column's counter
  // (tokenCounter.ts), never its config or its ONNX file.
  const modelFiles = requests.map((r) => r.url()).filter((u) => u.includes('/models/'));
  expect(modelFiles.filter((u) => !/\/(tokenizer\.json|tokenizer_config\.json|chat_template\.jinja)$/.test(u))).toEqual([]);
});

test('"Clear cached results" forgets them: a reload then needs scoring again', async ({ page }) => {
  await page.goto('/');
  await pickFiles(page, [head(5)]);
  await scoreAll(page, 5);
  await page.getByRole('button', { name: 'Clear cached results' }).click();
  await expect(tableStatus(page)).toContainText('5 trajectories · 0 scored');
  await page.reload();
  await pickFiles(page, [head(5)]);
  await expect(tableStatus(page)).toContainText('5 trajectories · 0 scored');
  await expect(scoreButton(page)).toBeEnabled();
});
