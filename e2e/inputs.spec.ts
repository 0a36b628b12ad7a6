import { expect, test } from '@playwright/test';
import { demoFile, jsonl, pickFiles, tableStatus } from './helpers';

// Input mistakes get a word, and nothing loaded is lost without a way back. No model is involved.

test('a .txt picked with trajectory files and a 0-byte file each get a notice; the good file loads', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Choose files…').setInputFiles([
    { name: 'good.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(`${jsonl('a', 'q', 'answer')}\n`) },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just notes') },
    { name: 'empty.jsonl', mimeType: 'application/jsonl', buffer: Buffer.alloc(0) },
  ]);
  await expect(tableStatus(page)).toContainText('1 trajectory');
  await expect(page.getByText(/Not loaded: notes\.txt/)).toBeVisible();
  await expect(page.getByText('empty.jsonl: the file is empty (0 bytes): nothing to load.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Input errors' })).toContainText('empty.jsonl — the file is empty (0 bytes)');
});

test('one file can be removed, and Undo brings it back; Clear data has an Undo too', async ({ page }) => {
  await page.goto('/');
  await pickFiles(page, [demoFile('teacher_terse.jsonl'), demoFile('teacher_noise.jsonl')]);
  await expect(tableStatus(page)).toContainText('120 trajectories');
  await page.getByRole('button', { name: 'Remove teacher_terse.jsonl' }).click();
  await expect(tableStatus(page)).toContainText('60 trajectories');
  await expect(page.getByRole('list', { name: 'Loaded files' })).not.toContainText('teacher_terse.jsonl');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(tableStatus(page)).toContainText('120 trajectories');

  await page.getByRole('button', { name: 'Clear data' }).click();
  await expect(page.getByText('No data yet.')).toBeVisible();
  await expect(page.getByText('Cleared 2 files (120 trajectories).')).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(tableStatus(page)).toContainText('120 trajectories');
  await expect(page.getByRole('list', { name: 'Loaded files' }).getByRole('listitem')).toHaveCount(2);
});

test('teacher colours stay when a file whose teacher sorts first is added; long teacher names can be read in full', async ({ page }) => {
  await page.goto('/');
  const long = 'a-very-long-teacher-name-that-no-table-column-can-show-whole/Qwen2.5-Math-72B-Instruct-step-1200';
  const swatch = (teacher: string) => page.locator(`[data-testid="trajectory-row"][data-teacher="${teacher}"] .swatch`).first().evaluate((el) => getComputedStyle(el).backgroundColor);
  await pickFiles(page, [{ name: 'zeta.jsonl', text: `${jsonl('p1', 'q', 'a')}\n` }]);
  await expect(tableStatus(page)).toContainText('1 trajectory');
  const before = await swatch('zeta');
  await pickFiles(page, [{ name: 'alpha.jsonl', text: `${jsonl('p1', 'q', 'b', long)}\n` }]);
  await expect(tableStatus(page)).toContainText('2 trajectories');
  expect(await swatch('zeta')).toBe(before);
  expect(await swatch(long)).not.toBe(before);

  const cell = page.locator(`[data-testid="trajectory-row"][data-teacher="${long}"] [role="gridcell"]`).nth(1);
  // Cut in the middle when it does not fit (MiddleEllipsis), whole on hover.
  await expect(cell.locator('.mid-ellipsis')).toHaveAttribute('title', long);
  await cell.click();
  await expect(page.locator('.heatmap-header .teacher-chip .mid-ellipsis')).toHaveAttribute('title', long);
});
