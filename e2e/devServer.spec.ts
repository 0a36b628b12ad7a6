import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { tableStatus } from './helpers';

/**
 * `npm run dev` on a fresh clone: Vite pre-bundles dependencies on start (`--force` is a fresh
 * cache), and one it finds later — a worker's, reached only through `new URL(…)` — makes it bundle
 * again and reload the page, dropping what the user loaded. The dev server runs on a free port of
 * its own, beside the build the other tests use.
 */
let server: ChildProcess | undefined;
let url = '';
let log = '';
/** What the dev server has pre-bundled so far (its cache's metadata). */
const optimized = () => Object.keys(JSON.parse(readFileSync('node_modules/.vite/deps/_metadata.json', 'utf8')).optimized as object);

test.beforeAll(async () => {
  server = spawn('npx', ['vite', '--port', '0', '--force'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`vite did not start: ${out}`)), 60_000);
    server!.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      log += chunk.toString();
      // eslint-disable-next-line no-control-regex
      const m = /Local:\s+(http:\/\/localhost:\d+\/)/.exec(out.replace(/\x1b\[[0-9;]*m/g, ''));
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
});

test.afterAll(() => {
  // The whole group: npx and the vite process it started.
  if (server?.pid) process.kill(-server.pid);
});

test('a fresh dev server does not reload the page when the workers’ dependencies are first used', async ({ page }) => {
  let loads = 0;
  page.on('load', () => loads++);
  await page.goto(url);
  // What the workers import is bundled with the first page, not discovered when they start.
  expect(optimized()).toEqual(expect.arrayContaining(['hyparquet', 'hyparquet-compressors', 'diff', '@huggingface/tokenizers', '@huggingface/jinja', 'onnx-proto']));
  await page.getByRole('button', { name: 'Load demo data' }).click({ timeout: 120_000 });
  await expect(tableStatus(page)).toContainText('300 trajectories', { timeout: 120_000 });
  // Before the fix, the parse worker's parquet reader was found now: a re-bundle, then a reload
  // some seconds later, and the loaded files were gone.
  await page.waitForTimeout(15_000);
  expect(log).not.toContain('reloading');
  expect(loads).toBe(1);
  await expect(tableStatus(page)).toContainText('300 trajectories');
});
