import { expect, test } from '@playwright/test';
import { foreignRequests, loadDemo, recordRequests } from './helpers';

test('no request leaves for another host while loading data', async ({ page, baseURL }) => {
  const requests = recordRequests(page);
  await page.goto('/');
  await loadDemo(page);
  await page.getByTestId('trajectory-row').first().click();
  expect(requests.length).toBeGreaterThan(0);
  expect(foreignRequests(requests, baseURL!)).toEqual([]);
});
