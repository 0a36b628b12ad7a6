/**
 * npm run bench:serve — a real-size student scored by the app two ways, in one run on this machine:
 *
 *   wasm  — the production build in Debian's Chromium, the student in the tab on WASM (a dropped
 *           folder holding its q4f16 files only, as bench:students drops it);
 *   serve — the same build, the student "A server": `rsr-lens serve` on the same folder
 *           (onnxruntime-node, q4f16), the tokenizer the app's bundled one (the shapes carry it).
 *
 * The student is the Qwen2.5-0.5B shape in q4f16 (random weights, `npm run students -- --real
 * qwen2.5-0.5b:q4f16`, made here when missing). Each trajectory of fixtures/realdata/ nearest the
 * lengths asked is scored on its own, in both, and timed by the worker's own "Last run" figures
 * (conversation tokens / seconds from the request to its last result: tokenizing, the model or
 * the server, the metrics). The ratio is serve / wasm on each length.
 *
 *   npm run bench:serve -- [--lengths 1k,4k] [--no-build]
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { type Page, chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../e2e/chromiumArgs';
import { startServe } from '../e2e/serveProcess';
import { ensureRealStudent } from '../scripts/make-students';
import type { Trajectory } from '../src/core/types';
import { nearestTrajectories, scoreOnce, singleDtypeFolder } from './appRuns';
import { startPreview } from './preview';

const ROOT = path.resolve(import.meta.dirname, '..');
const PREVIEW_PORT = Number(process.env.BENCH_PREVIEW_PORT ?? 5308);
const TIMEOUT = 2 * 3600_000;
const SHAPE = 'qwen2.5-0.5b';
const DTYPE = 'q4f16';
const LENGTHS = { '1k': 1024, '4k': 4096, '32k': 32768 } as const;
type Length = keyof typeof LENGTHS;

/** Score each trajectory on its own; the worker's tokens and seconds per length. */
async function scoreEach(page: Page, picked: [Length, { trajectory: Trajectory; tokens: number }][], label: string) {
  const out = new Map<Length, { tokens: number; seconds: number }>();
  for (const [length, { trajectory, tokens }] of picked) {
    const text = JSON.stringify({ ...trajectory, id: `${trajectory.id}-${length}` }) + '\n';
    await page.getByLabel('Choose files…').setInputFiles([{ name: `${length}.jsonl`, mimeType: 'application/jsonl', buffer: Buffer.from(text) }]);
    const { run, error } = await scoreOnce(page, TIMEOUT);
    if (error) throw new Error(`${label} ${length}: ${error}`);
    if (run!.trajectories !== 1 || run!.tokens !== tokens) throw new Error(`${label} ${length}: scored ${run!.trajectories} trajectories, ${run!.tokens} tokens (expected 1, ${tokens})`);
    out.set(length, { tokens, seconds: run!.seconds });
    process.stderr.write(`  ${label} ${length}: ${tokens} tokens in ${run!.seconds.toFixed(1)} s\n`);
  }
  return out;
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--lengths');
  const lengths = (i > 0 ? process.argv[i + 1].split(',') : ['1k', '4k']) as Length[];
  for (const l of lengths) if (!(l in LENGTHS)) throw new Error(`--lengths: ${l} is not one of ${Object.keys(LENGTHS).join(', ')}`);
  const student = ensureRealStudent(SHAPE, [DTYPE]);
  const all = await nearestTrajectories(LENGTHS);
  const picked = lengths.map((l) => [l, all[l]] as [Length, { trajectory: Trajectory; tokens: number }]);
  if (!process.argv.includes('--no-build')) execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  const preview = await startPreview(PREVIEW_PORT);
  const serve = await startServe('--model', student, '--dtype', DTYPE, '--allowed-origins', preview.url);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const load = [os.loadavg()[0]];
  let wasm: Map<Length, { tokens: number; seconds: number }>;
  let served: Map<Length, { tokens: number; seconds: number }>;
  try {
    // In the tab: the dropped folder, WASM, q4f16 picked by auto (the only dtype it holds).
    const tab = await (await browser.newContext({ baseURL: preview.url })).newPage();
    await tab.goto('/?device=wasm');
    await tab.getByLabel('Student model').selectOption('files');
    await tab.getByLabel('Choose model folder…').setInputFiles(singleDtypeFolder(student, DTYPE, path.join(ROOT, 'scratch/bench-serve', SHAPE)));
    await tab.getByText(`Student set to the dropped model folder "${SHAPE}"`).waitFor();
    wasm = await scoreEach(tab, picked, 'wasm');
    await tab.context().close();
    load.push(os.loadavg()[0]);

    // Through the server: the same build, "A server", the bundled tokenizer.
    const page = await (await browser.newContext({ baseURL: preview.url })).newPage();
    await page.goto('/');
    await page.getByLabel('Student model').selectOption('server');
    await page.getByLabel('Server URL').fill(serve.url);
    await page.getByRole('button', { name: 'Check server' }).click();
    await page.getByTestId('server-check').waitFor();
    await page.getByLabel('Tokenizer', { exact: true }).selectOption('bundled');
    served = await scoreEach(page, picked, 'serve');
    load.push(os.loadavg()[0]);
  } finally {
    await browser.close();
    serve.child.kill('SIGTERM');
    preview.stop();
  }
  const rate = (r: { tokens: number; seconds: number }) => r.tokens / r.seconds;
  const fmt = (x: number, d = 1) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
  console.log(`rsr-lens bench:serve — ${SHAPE} ${DTYPE} (random weights), the built app in Chromium, ${os.cpus().length} cores; tok/s = conversation tokens / seconds of the worker's run`);
  console.log(`${'length'.padEnd(16)} ${'app on WASM'.padStart(18)} ${'app through serve'.padStart(20)} ${'serve / WASM'.padStart(13)}`);
  for (const [length, { tokens }] of picked) {
    const [w, s] = [wasm.get(length)!, served.get(length)!];
    console.log(`${`${length} (${tokens.toLocaleString('en-US')})`.padEnd(16)} ${`${fmt(rate(w))} tok/s`.padStart(18)} ${`${fmt(rate(s))} tok/s`.padStart(20)} ${`${fmt(rate(s) / rate(w))}×`.padStart(13)}`);
  }
  console.log(`load average (1 min) before, between and after: ${load.map((l) => l.toFixed(2)).join(', ')}`);
}

await main();
