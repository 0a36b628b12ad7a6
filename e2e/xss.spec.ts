import { expect, test } from '@playwright/test';
import { pickFiles, rows, scoreAll } from './helpers';

const IMG = '<img src=x onerror=window.__xss=1>';
const SCRIPT = '<script>window.__xss=2</script>';

test('an XSS payload in a trajectory renders as text and never runs', async ({ page }) => {
  const text = JSON.stringify({
    id: IMG,
    teacher: SCRIPT,
    messages: [
      { role: 'user', content: `Solve ${IMG} please ${SCRIPT}` },
      { role: 'assistant', content: `Sure: ${SCRIPT} and ${IMG}` },
    ],
  });
  await page.goto('/');
  await pickFiles(page, [{ name: 'xss.jsonl', text }]);

  const row = rows(page).first();
  await expect(row).toHaveAttribute('data-id', IMG);
  await expect(row).toHaveAttribute('data-teacher', SCRIPT);
  await expect(row.getByRole('gridcell').first()).toHaveText(IMG);
  await row.click();
  await expect(page.getByRole('list', { name: 'Conversation' })).toContainText(`Solve ${IMG} please ${SCRIPT}`);
  await expect(page.getByRole('heading', { level: 2, name: IMG })).toBeVisible();

  // Give an injected onerror a moment to fire, then check that nothing ran or was inserted.
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(await page.locator('script').evaluateAll((s) => s.filter((e) => e.textContent?.includes('__xss')).length)).toBe(0);
});

test('the XSS payload stays text in the token heatmap too', async ({ page }) => {
  const text = JSON.stringify({ id: 'xss', messages: [{ role: 'user', content: IMG }, { role: 'assistant', content: `${SCRIPT} ${IMG}` }] });
  await page.goto('/?device=wasm');
  await pickFiles(page, [{ name: 'xss.jsonl', text }]);
  await scoreAll(page, 1);
  await rows(page).first().click();
  await expect(page.getByTestId('token').first()).toBeVisible();
  const heatmap = page.getByRole('region', { name: /Token heatmap of xss/ });
  await expect(heatmap).toContainText('<img');
  await expect(heatmap).toContainText('<script>');
  await page.getByTestId('token').first().hover();
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
});
