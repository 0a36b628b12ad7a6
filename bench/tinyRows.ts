/**
 * Many tiny rows, loaded then restored by a reload (issue 20, item 18): the wall time until the
 * table counts them all, and the longest main-thread task on the way, for `bench:browser`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { tinyRowsFile } from '../e2e/tinyRows';
import { watchLongTasksFromStart } from '../e2e/longTasks';

export interface TinyRowsTiming {
  rows: number;
  loadSeconds: number;
  loadLongestMs: number;
  reloadSeconds: number;
  reloadLongestMs: number;
}

const TIMEOUT = 30 * 60_000;

/** Load `rows` tiny rows from a file on disk, wait until they are saved, reload, and time both. */
export async function timeTinyRows(browser: Browser, url: string, rows: number): Promise<TinyRowsTiming> {
  const file = tinyRowsFile(fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-bench-')), rows);
  const page = await (await browser.newContext({ baseURL: url })).newPage();
  try {
    const tasks = await watchLongTasksFromStart(page);
    await page.goto('/');
    await page.getByText('Load demo data').first().waitFor({ timeout: TIMEOUT });
    const status = `${rows.toLocaleString('en-US')} trajectories`;
    const t0 = Date.now();
    await page.getByLabel('Choose files…').setInputFiles(file);
    await page.locator('.table-count', { hasText: status }).waitFor({ timeout: TIMEOUT });
    const loadSeconds = (Date.now() - t0) / 1000;
    const loadLongestMs = Math.max(0, ...(await tasks()).map((t) => t.ms));
    await page.getByTestId('session-state').getByText('Saved in this browser').waitFor({ timeout: TIMEOUT });
    const t1 = Date.now();
    await page.reload();
    await page.locator('.table-count', { hasText: status }).waitFor({ timeout: TIMEOUT });
    const reloadSeconds = (Date.now() - t1) / 1000;
    await page.getByTestId('session-state').getByText('Saved in this browser').waitFor({ timeout: TIMEOUT });
    const reloadLongestMs = Math.max(0, ...(await tasks()).map((t) => t.ms));
    return { rows, loadSeconds, loadLongestMs, reloadSeconds, reloadLongestMs };
  } finally {
    await page.context().close();
  }
}
