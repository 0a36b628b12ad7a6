import { expect, test } from '@playwright/test';
import { foreignRequests, jsonl, loadDemo, pickFiles, recordRequests, scoreAll } from './helpers';

test('no request leaves for another host: loading data, loading the model, scoring', async ({ page, baseURL }) => {
  const requests = recordRequests(page);
  await page.goto('/');
  await loadDemo(page);
  await page.getByTestId('trajectory-row').first().click();
  await page.getByRole('button', { name: 'Clear data' }).click();

  await pickFiles(page, [{ name: 'one.jsonl', text: jsonl('one', 'What is 2 + 3?', '2 + 3 = 5. \\boxed{5}') }]);
  await scoreAll(page, 1);
  await page.getByTestId('trajectory-row').first().click();
  await expect(page.getByTestId('token').first()).toBeVisible();

  const urls = requests.map((r) => r.url());
  expect(urls.some((u) => u.includes('/samples/'))).toBe(true);
  expect(urls.some((u) => u.includes('/models/rsr-tiny-qwen3/'))).toBe(true);
  expect(foreignRequests(requests, baseURL!)).toEqual([]);
});
