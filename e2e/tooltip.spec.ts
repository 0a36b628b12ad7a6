import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { pickFiles, scoreAll, SHARED } from './helpers';

interface ReferenceSample {
  id: string;
  teacher: string;
  resp_token_positions: number[];
  nlls: number[];
  /** Clipped at 100 by the reference. */
  ranks: number[];
}

test("a token's tooltip shows the reference implementation's rank and surprisal", async ({ page }) => {
  const lines = readFileSync(new URL('fixtures/parity/trajectories.jsonl', SHARED), 'utf8').split('\n').filter((l) => l.trim());
  const reference = JSON.parse(readFileSync(new URL('fixtures/parity/reference.json', SHARED), 'utf8')) as { samples: ReferenceSample[] };
  const sample = reference.samples[0];
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
