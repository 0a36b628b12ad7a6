import { expect, test } from '@playwright/test';
import { collectRows, loadDemo, tableStatus } from './helpers';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await loadDemo(page);
});

test('clicking a header sorts by it, and again flips the direction (aria-sort follows)', async ({ page }) => {
  const idHeader = page.getByRole('columnheader', { name: 'ID' });
  await expect(idHeader).toHaveAttribute('aria-sort', 'none');

  await idHeader.getByRole('button').click();
  await expect(idHeader).toHaveAttribute('aria-sort', 'ascending');
  let all = await collectRows(page);
  // Numeric-aware: p7-2 before p7-10; the five teachers share ids.
  expect(all.slice(0, 5).map((r) => r.id)).toEqual(['p7-0', 'p7-0', 'p7-0', 'p7-0', 'p7-0']);
  expect(all.findIndex((r) => r.id === 'p7-2')).toBeLessThan(all.findIndex((r) => r.id === 'p7-10'));

  await idHeader.getByRole('button').click();
  await expect(idHeader).toHaveAttribute('aria-sort', 'descending');
  all = await collectRows(page);
  expect(all[0].id).toBe('p7-59');

  const teacherHeader = page.getByRole('columnheader', { name: 'Teacher' });
  await teacherHeader.getByRole('button').click();
  await expect(teacherHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(idHeader).toHaveAttribute('aria-sort', 'none');
  all = await collectRows(page);
  const teachers = all.map((r) => r.teacher);
  expect(teachers).toEqual([...teachers].sort());
});

test('filters by teacher and by id text', async ({ page }) => {
  await page.getByLabel('Teacher', { exact: true }).selectOption('terse');
  await expect(tableStatus(page)).toContainText('60 of 300 trajectories');
  let all = await collectRows(page);
  expect(all).toHaveLength(60);
  expect(all.every((r) => r.teacher === 'terse')).toBe(true);

  await page.getByLabel('Filter by id').fill('p7-1');
  // p7-1 and p7-10 … p7-19
  await expect(tableStatus(page)).toContainText('11 of 300 trajectories');
  all = await collectRows(page);
  expect(all.every((r) => r.teacher === 'terse' && r.id.includes('p7-1'))).toBe(true);

  await page.getByLabel('Teacher', { exact: true }).selectOption('');
  await expect(tableStatus(page)).toContainText('55 of 300 trajectories');

  await page.getByLabel('Filter by id').fill('no such id');
  await expect(page.getByText('No trajectory matches the filters.')).toBeVisible();
});

test('sort and filters live in the URL and survive a reload', async ({ page }) => {
  await page.getByRole('columnheader', { name: 'ID' }).getByRole('button').click();
  await page.getByLabel('Teacher', { exact: true }).selectOption('student');
  await expect(page).toHaveURL(/teacher=student/);
  await expect(page).toHaveURL(/sort=id/);
  // The session is saved shortly after the demo's last file is in; a reload before that brings the
  // session back without that file (named as not restored), and the demo flag then loads nothing.
  await expect(page.getByTestId('session-state')).toContainText('a reload brings it back');
  await page.reload();
  // demo=1 in the URL loads the demo again by itself.
  await expect(tableStatus(page)).toContainText('60 of 300 trajectories');
  await expect(page.getByLabel('Teacher', { exact: true })).toHaveValue('student');
  await expect(page.getByRole('columnheader', { name: 'ID' })).toHaveAttribute('aria-sort', 'ascending');
});
