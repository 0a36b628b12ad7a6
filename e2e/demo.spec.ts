import { expect, test } from '@playwright/test';
import { collectRows, DEMO_COUNT, loadDemo } from './helpers';

test('load demo data: 300 trajectories from 5 teachers, no input errors', async ({ page }) => {
  await page.goto('/');
  await loadDemo(page);

  await expect(page.getByText('No input errors.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Input errors' })).toHaveCount(0);
  const all = await collectRows(page);
  expect(all).toHaveLength(DEMO_COUNT);
  expect(new Set(all.map((r) => r.key)).size).toBe(DEMO_COUNT);
  expect(new Set(all.map((r) => r.teacher))).toEqual(new Set(['noise', 'paraphrase', 'reflective', 'student', 'terse']));
  expect(all.every((r) => r.status === 'pending' || r.status === 'scored')).toBe(true);
});
