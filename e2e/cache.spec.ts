import { expect, test } from '@playwright/test';
import { collectRows, demoFile, pickFiles, recordRequests, scoreAll, scoreButton, tableStatus } from './helpers';

test('reload: results come back from IndexedDB with no model call', async ({ page }) => {
  const file = demoFile('teacher_terse.jsonl');
  await page.goto('/');
  await pickFiles(page, [file]);
  await scoreAll(page, 60);
  const scored = await collectRows(page);
  expect(scored.every((r) => r.status === 'scored' && r.rsr !== null)).toBe(true);

  await page.reload();
  const requests = recordRequests(page);
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await pickFiles(page, [file]);
  await expect(tableStatus(page)).toContainText('60 trajectories · 60 scored');
  const restored = await collectRows(page);
  expect(restored.map((r) => [r.key, r.rsr])).toEqual(scored.map((r) => [r.key, r.rsr]));
  await expect(scoreButton(page)).toBeDisabled();
  await expect(page.getByText('all 60 scored')).toBeVisible();

  // Not only no download: no model worker at all.
  expect(requests.map((r) => r.url()).filter((u) => u.includes('/models/'))).toEqual([]);
  expect(workers).toEqual([]);
});

test('"Clear cached results" forgets them: a reload then needs scoring again', async ({ page }) => {
  const file = demoFile('teacher_terse.jsonl');
  await page.goto('/');
  await pickFiles(page, [{ ...file, text: file.text.split('\n').slice(0, 5).join('\n') }]);
  await scoreAll(page, 5);
  await page.getByRole('button', { name: 'Clear cached results' }).click();
  await expect(tableStatus(page)).toContainText('5 trajectories · 0 scored');
  await page.reload();
  await pickFiles(page, [{ ...file, text: file.text.split('\n').slice(0, 5).join('\n') }]);
  await expect(tableStatus(page)).toContainText('5 trajectories · 0 scored');
  await expect(scoreButton(page)).toBeEnabled();
});
