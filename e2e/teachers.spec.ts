import { expect, test } from '@playwright/test';
import { cliScore, demoLines, relDiff, teacherRsrOf } from './analysisHelpers';
import { collectRows, pickFiles, scoreAll, tableStatus } from './helpers';

const FILES = [demoLines('teacher_terse.jsonl', 5), demoLines('teacher_student.jsonl', 5), demoLines('teacher_reflective.jsonl', 5)];
const N = 15;

test('teacher summary equals the CLI’s Eq. 9 values, and brushing the scatter filters the table', async ({ page }) => {
  const cli = cliScore(FILES);
  await page.goto('/?device=wasm');
  await pickFiles(page, FILES);
  await scoreAll(page, N);

  await page.getByRole('tab', { name: 'Teachers' }).click();
  const summary = page.getByRole('region', { name: 'Teacher summary' });
  await expect(summary.locator('tbody tr')).toHaveCount(3);
  const expected = teacherRsrOf(await cli);
  const shown = await summary.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => ({ teacher: tr.getAttribute('data-teacher')!, rsr: Number(tr.getAttribute('data-rsr')), n: Number(tr.getAttribute('data-n')) })));
  expect(shown.map((s) => s.teacher)).toEqual([...expected].sort((a, b) => a[1] - b[1]).map(([t]) => t));
  for (const s of shown) {
    expect(s.n).toBe(5);
    expect(relDiff(s.rsr, expected.get(s.teacher)!), `${s.teacher}: browser ${s.rsr}, CLI ${expected.get(s.teacher)}`).toBeLessThanOrEqual(1e-4);
  }
  // The bootstrap intervals arrive from an idle callback and bracket the estimate.
  await expect(summary.locator('tbody tr').first().locator('td').nth(2)).toHaveText(/\d – \d/);

  // Brush the right half of the plot: the table keeps exactly the points inside the rectangle.
  const area = page.getByTestId('scatter-brush-area');
  const box = (await area.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.6, { steps: 5 });
  await page.mouse.move(box.x + box.width - 2, box.y + box.height - 2, { steps: 5 });
  await page.mouse.up();
  const inside = await page.getByTestId('trajectory-scatter').evaluate((svg) => {
    const rect = svg.querySelector('.brush-rect')!;
    const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((a) => Number(rect.getAttribute(a)));
    return [...svg.querySelectorAll('circle')]
      .filter((c) => {
        const cx = Number(c.getAttribute('cx'));
        const cy = Number(c.getAttribute('cy'));
        return cx >= x - 0.5 && cx <= x + w + 0.5 && cy >= y - 0.5 && cy <= y + h + 0.5;
      })
      .map((c) => c.getAttribute('data-key')!);
  });
  expect(inside.length).toBeGreaterThan(0);
  expect(inside.length).toBeLessThan(N);
  await expect(page.getByRole('status', { name: 'Scatter brush' })).toContainText(`${inside.length} trajectories`);

  await page.getByRole('button', { name: 'Show in table' }).click();
  await expect(tableStatus(page)).toContainText(`${inside.length} of ${N} trajectories`);
  expect(new Set((await collectRows(page)).map((r) => r.key))).toEqual(new Set(inside));

  await page.getByRole('button', { name: 'Clear brush' }).click();
  await expect(tableStatus(page)).toContainText(`${N} trajectories`);
  await expect(tableStatus(page)).not.toContainText(' of ');
});
