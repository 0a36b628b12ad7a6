import { expect, test } from '@playwright/test';
import { jsonl, longText, pickFiles, scoreButton } from './helpers';

/** The model worker's life (issue 20): long work that cannot yield. Real student, real worker. */

const runCount = (page: import('@playwright/test').Page) => page.locator('.run-count');


test('reliability: tokenizing a 6 MB conversation is announced, and the watchdog waits for it instead of restarting the worker', async ({ page }) => {
  // The page's clock is ours to move: the worker's is not, so it goes on tokenizing while the page jumps past the stall bound.
  await page.clock.install();
  await page.goto('/?device=wasm&max=64');
  await pickFiles(page, [{ name: 'long.jsonl', text: jsonl('long', 'Explain.', longText(6_000_000)) }]);
  await scoreButton(page).click();
  await expect(page.getByTestId('run-tokenizing')).toContainText('tokenizing a conversation of 6,000,0', { timeout: 60_000 });
  // 65 s of silence: past the 60 s that make a worker "stalled"; 6 M characters are allowed 210 s.
  await page.clock.fastForward(65_000);
  await expect(runCount(page)).toHaveText('all 1 scored', { timeout: 120_000 });
  await expect(page.getByText(/stalled|Restarted the model worker/)).toHaveCount(0);
});
