import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS } from './chromiumArgs';
import { jsonl, pickFiles, scoreButton, tableStatus } from './helpers';

/**
 * Out of memory in the model worker (issue 20), made cheap: the tokenization that takes gigabytes
 * on a 28 MB row runs out of a 128 MB heap on 4 MB (after a minute of garbage collection, as the issue saw). In Chromium a worker that exhausts its
 * JavaScript heap takes the whole tab with it (the renderer is killed), so what the app can do happens at the next visit.
 */
test.use({ launchOptions: { executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--js-flags=--max-old-space-size=128'] } });

const runCount = (page: import('@playwright/test').Page) => page.locator('.run-count');
const HUGE_CHARS = 4_000_000;
/** One-letter words: two characters a token, the most tokens (and memory) per character. */
const huge = () => 'a b c d e f g h i j '.repeat(HUGE_CHARS / 20);

test('reliability: the model worker runs out of memory on a huge conversation — the next visit says where, keeps what was scored, and sets that one aside', async ({ page, context }) => {
  test.setTimeout(420_000);
  await page.goto('/?device=wasm');
  // 64 short rows fill the scorer's first window, so they are scored before the huge one is tokenized.
  const rows = Array.from({ length: 64 }, (_, i) => jsonl(`short-${i}`, `Question ${i}?`, `Answer ${i}.`));
  rows.push(jsonl('huge', 'Explain.', huge()), jsonl('after', 'Last question?', 'Last answer.'));
  await pickFiles(page, [{ name: 'mixed.jsonl', text: rows.join('\n') }]);
  await expect(page.getByTestId('session-state')).toContainText('Saved in this browser');
  const crashed = page.waitForEvent('crash', { timeout: 300_000 });
  await scoreButton(page).click();
  await crashed;

  const next = await context.newPage();
  await next.goto('/?device=wasm');
  await expect(next.getByText(`The page stopped during the last scoring run while the student was on huge (mixed.jsonl:65, ${(HUGE_CHARS + 'Explain.'.length).toLocaleString('en-US')} characters) — most likely out of memory. 64 results scored before it are kept`)).toBeVisible();
  await expect(tableStatus(next)).toContainText('66 trajectories · 64 scored');
  await expect(next.getByRole('list', { name: 'Input errors' })).toContainText('mixed.jsonl:65 — not scored: set aside: the page stopped while the student was on it');
  // Score goes on with the others, and the page lives.
  await scoreButton(next).click();
  await expect(runCount(next)).toHaveText('65 of 66 scored · 1 could not be scored', { timeout: 60_000 });
});
