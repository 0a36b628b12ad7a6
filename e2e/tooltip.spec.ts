import { expect, test } from '@playwright/test';
import { parityFixture, pickFiles, scoreAll } from './helpers';

test("a token's tooltip shows the reference implementation's rank and surprisal", async ({ page }) => {
  const { trajectories, samples } = parityFixture();
  const lines = trajectories.split('\n').filter((l) => l.trim());
  const sample = samples[0];
  const line = lines.find((l) => (JSON.parse(l) as { id: string }).id === sample.id)!;
  // The most surprising token the clip leaves exact (rank < 100): a tooltip with something to say.
  let i = -1;
  sample.nlls.forEach((s, j) => {
    if (sample.ranks[j] > 1 && sample.ranks[j] < 100 && (i < 0 || s > sample.nlls[i])) i = j;
  });
  expect(i).toBeGreaterThanOrEqual(0);
  const pos = sample.resp_token_positions[i];

  await page.goto('/?device=wasm');
  await pickFiles(page, [{ name: 'parity.jsonl', text: line }]);
  await scoreAll(page, 1);
  await page.getByTestId('trajectory-row').first().click();

  const token = page.locator(`[data-testid="token"][data-pos="${pos}"]`);
  await token.hover();
  const tip = page.getByTestId('token-tooltip');
  await expect(tip).toBeVisible();
  await expect(tip.locator('dt:text-is("rank") + dd')).toHaveText(String(sample.ranks[i]));
  const shown = Number(/([\d.]+) nats/.exec((await tip.locator('dt:text-is("surprisal") + dd').textContent()) ?? '')![1]);
  expect(Math.abs(shown - sample.nlls[i])).toBeLessThan(2e-4 + 5e-5);

  // Keyboard users get the same: Esc closes it.
  await page.keyboard.press('Escape');
});
