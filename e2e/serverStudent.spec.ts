import type { ChildProcess } from 'node:child_process';
import { expect, type Page, test } from '@playwright/test';
import { demoLines } from './analysisHelpers';
import { DEMO_COUNT, cancelButton, collectRows, heatmapTokens, loadDemo, pickFiles, scoreAll, scoreButton, scoredCount, tableStatus } from './helpers';
import { startServe as startServeProcess, stopServe } from './serveProcess';

// "A server" as the student: the built app in Chromium scores through a real `rsr-lens serve`
// (the bundled student on onnxruntime-node), started here on a free port and allowing this app's
// origin (CORS). Its numbers are those of the tab; Cancel, reload and failures behave as with the
// worker's own model.

const PORT = Number(process.env.E2E_PORT ?? 4173);
/** The app's origins as the browser sends them (playwright.config.ts: E2E_BASE_URL, else the preview on E2E_PORT). */
const APP_ORIGINS = process.env.E2E_BASE_URL ? new URL(process.env.E2E_BASE_URL).origin : `http://localhost:${PORT},http://127.0.0.1:${PORT}`;
/** `rsr-lens serve` of the bundled student, letting this app's origin in. */
const startServe = (...args: string[]) => startServeProcess('--allowed-origins', APP_ORIGINS, ...args);

/** Choose "A server", give its URL (and key), and check it: the tokenizer is then the served model's. */
async function useServer(page: Page, url: string, key?: string) {
  await page.getByLabel('Student model').selectOption('server');
  await page.getByLabel('Server URL').fill(url);
  if (key !== undefined) await page.getByLabel('API key (optional)').fill(key);
  await page.getByRole('button', { name: 'Check server' }).click();
}

let serve: { url: string; child: ChildProcess };
test.beforeAll(async () => {
  serve = await startServe();
});
test.afterAll(async () => {
  if (serve) await stopServe(serve.child);
});

test('the app scores through rsr-lens serve with the heatmap values of the tab, and the run panel names the server, model and dtype', async ({ page }) => {
  await page.goto('/?device=wasm');
  await pickFiles(page, [demoLines('teacher_terse.jsonl', 6)]);
  await expect(tableStatus(page)).toContainText('6 trajectories');
  await scoreAll(page, 6);
  const inTab = await heatmapTokens(page, 'p7-0');
  const tabRows = await collectRows(page);

  await useServer(page, serve.url);
  await expect(page.getByTestId('server-check')).toHaveText(/^rsr-tiny-qwen3 · rsr-lens \(cpu\) 0\.1\.0 · fp32 · max_model_len [\d,]+ · ranks strict$/);
  // The served model is the bundled student: its tokenizer is the app's own.
  await expect(page.getByLabel('Tokenizer', { exact: true })).toHaveValue('bundled');
  await expect(page).toHaveURL(/server=http%3A%2F%2F127\.0\.0\.1%3A\d+&tok=bundled/);
  // Another student source is another result cache: nothing is scored for it yet.
  await expect(page.getByText('6 of 6 to score')).toBeVisible();
  await scoreAll(page, 6);
  const loaded = page.getByTestId('loaded-model');
  await expect(loaded).toContainText(`Server: ${serve.url} · rsr-lens (cpu) 0.1.0`);
  await expect(loaded).toContainText('Model: rsr-tiny-qwen3 · fp32');
  await expect(loaded).toContainText('Ranks: strict 1 + #{>} (from the server).');
  await expect(loaded).toContainText('Tokenizer and chat template: rsr-tiny-qwen3 (bundled).');
  await expect(page.getByLabel('Provenance')).toContainText('rsr-tiny-qwen3 · fp32 · rsr-lens (cpu) 0.1.0 · server scoring');

  const viaServer = await heatmapTokens(page, 'p7-0');
  expect(viaServer.map((t) => [t.pos, t.rank])).toEqual(inTab.map((t) => [t.pos, t.rank]));
  // onnxruntime-node and the WASM build agree within 3e-5 nats on float32 (README).
  viaServer.forEach((t, i) => expect(Math.abs(t.surprisal - inTab[i].surprisal), `position ${t.pos}`).toBeLessThanOrEqual(1e-4));
  const serverRows = await collectRows(page);
  serverRows.forEach((r, i) => expect(Math.abs(Number(r.rsr) - Number(tabRows[i].rsr)) / Number(tabRows[i].rsr)).toBeLessThanOrEqual(1e-4));
});

test('through a server: Cancel keeps what was scored, a reload brings it back, and a server that went away is explained', async ({ page, baseURL }) => {
  const own = await startServe();
  try {
    await page.goto('/');
    // All 300 demo trajectories: however fast the server, Cancel comes long before the end.
    await loadDemo(page);
    await useServer(page, own.url);
    await expect(page.getByTestId('server-check')).toBeVisible();

    await scoreButton(page).click();
    await expect.poll(() => scoredCount(page), { timeout: 120_000, intervals: [50] }).toBeGreaterThan(0);
    await cancelButton(page).click();
    await expect(scoreButton(page)).toBeEnabled({ timeout: 30_000 });
    const kept = (await collectRows(page)).filter((r) => r.status === 'scored');
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(DEMO_COUNT);
    await expect(page.getByText(/trajectories left for the next Score/)).toBeVisible();
    await expect(page.getByTestId('last-run')).toContainText('Last run (cancelled)');

    // A reload restores the results from the cache, keyed by this server and tokenizer.
    await page.reload();
    await expect(tableStatus(page)).toContainText(`${kept.length} scored`);
    const restored = (await collectRows(page)).filter((r) => r.status === 'scored');
    expect(new Map(restored.map((r) => [r.key, r.rsr]))).toEqual(new Map(kept.map((r) => [r.key, r.rsr])));

    // The server goes away: Score says why, in words, and what was scored stays.
    await stopServe(own.child);
    await scoreButton(page).click();
    const origin = new URL(baseURL!).origin;
    await expect(page.getByText(new RegExp(`The server could not be used: cannot reach ${own.url.replace(/\./g, '\\.')}/v1/models: .* — the server is down, or it does not let ${origin.replace(/\./g, '\\.')} in \\(CORS`))).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText(new RegExp(`Every result scored so far is kept; Score scores the ${DEMO_COUNT - kept.length} left`))).toBeVisible();
    await expect(scoreButton(page)).toBeEnabled();
    await expect(tableStatus(page)).toContainText(`${kept.length} scored`);
  } finally {
    await stopServe(own.child);
  }
});

test('a server with an API key: refused without it, scoring with it, and the key is never in the URL or stored unless asked', async ({ page }) => {
  const locked = await startServe('--api-key', 'open-sesame');
  try {
    await page.goto('/');
    await pickFiles(page, [demoLines('teacher_terse.jsonl', 2)]);
    await useServer(page, locked.url);
    await expect(page.getByTestId('server-check-error')).toHaveText(`${locked.url} refused the request (401 Unauthorized): it needs an API key`);
    await useServer(page, locked.url, 'open-sesame');
    await expect(page.getByTestId('server-check')).toBeVisible();
    await scoreAll(page, 2);
    expect(page.url()).not.toContain('open-sesame');
    expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }))).not.toContain('open-sesame');
    // Kept for the tab only when asked.
    await page.getByLabel('Keep it for this tab').check();
    expect(await page.evaluate(() => sessionStorage.getItem('rsr-lens-server-key'))).toBe('open-sesame');
  } finally {
    await stopServe(locked.child);
  }
});

test('Quick rank works through a server: a sample scored there, interleaved, until the teachers are told apart', async ({ page }) => {
  await page.goto('/');
  await pickFiles(page, [demoLines('teacher_terse.jsonl', 20), demoLines('teacher_reflective.jsonl', 20)]);
  await expect(tableStatus(page)).toContainText('40 trajectories');
  await useServer(page, serve.url);
  await expect(page.getByTestId('server-check')).toBeVisible();
  await page.getByRole('button', { name: 'Quick rank', exact: true }).first().click();
  const quick = page.getByTestId('quick-rank-status');
  await expect(quick).not.toHaveAttribute('data-outcome', 'running', { timeout: 120_000 });
  const scored = Number(await quick.getAttribute('data-scored'));
  expect(scored).toBeGreaterThanOrEqual(16);
  await page.getByRole('tab', { name: 'Trajectories' }).click();
  const rows = (await collectRows(page)).filter((r) => r.status === 'scored');
  expect(rows).toHaveLength(scored);
  // Interleaved: as many of each teacher.
  expect(Math.abs(rows.filter((r) => r.teacher === 'terse').length - rows.filter((r) => r.teacher === 'reflective').length)).toBeLessThanOrEqual(1);
  await expect(page.getByLabel('Provenance')).toContainText('server scoring');
});
