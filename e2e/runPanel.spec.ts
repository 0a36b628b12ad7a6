import { expect, test } from '@playwright/test';
import { cancelButton, demoFile, pickFiles, scoreButton, scoredCount, tableStatus } from './helpers';

test('during a run the run panel says which file and dtype score (auto: the bundled one, not "asked for fp32"), and the ETA reads as an estimate', async ({ page }) => {
  await page.goto('/?device=wasm');
  await expect(page.getByLabel('Dtype')).toHaveValue('auto');
  await pickFiles(page, [demoFile('teacher_reflective.jsonl'), demoFile('teacher_noise.jsonl')]);
  await expect(tableStatus(page)).toContainText('120 trajectories');
  await scoreButton(page).click();
  await expect.poll(() => scoredCount(page), { timeout: 120_000, intervals: [50] }).toBeGreaterThan(0);
  // Still running: what scores is on screen now, not only after the run.
  await expect(cancelButton(page)).toBeEnabled();
  const loaded = page.getByTestId('loaded-model');
  await expect(loaded).toHaveAttribute('data-file', 'onnx/model.onnx');
  await expect(loaded).toHaveAttribute('data-dtype', 'fp32');
  await expect(loaded).toContainText('Why this file: auto: the bundled student ships one file, fp32.');
  await expect(loaded).not.toContainText('asked for');
  await expect(page.getByTestId('run-eta')).toHaveText(/^ETA (estimating…|more than \d+:\d\d|\d+:\d\d(–\d+:\d\d)?)$/);
  await cancelButton(page).click();
  await expect(scoreButton(page)).toBeEnabled({ timeout: 60_000 });
});
