/**
 * What the benchmarks that drive the built app share: the app served by `vite preview`, a Score
 * timed by the worker's own "Last run" figures, the real trajectories nearest given lengths, and a
 * model folder holding one dtype. Used by bench:students and bench:serve.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { BUNDLED_MODEL_DIR, dirFileGetter } from '../src/cli/nodeFileGetter';
import { nodeInputFile } from '../src/cli/nodeInputFile';
import { readInputFile } from '../src/core/parse/readInputFile';
import { readTokenizerFiles } from '../src/core/score/studentFiles';
import { MARKER_PRESETS } from '../src/core/tokenize/responseMarkers';
import { createStudentTokenizer } from '../src/core/tokenize/studentTokenizer';
import { tokenizeContext, tokenizeTrajectory } from '../src/core/tokenize/tokenizeTrajectory';
import type { Trajectory } from '../src/core/types';

const ROOT = path.resolve(import.meta.dirname, '..');
const REALDATA = path.resolve(ROOT, 'fixtures/realdata');

/**
 * A folder with one dtype's files only, hard links into `from` (no copy): the app's dtype
 * picker has no q4f16 (settingsSlice's DTYPE_CHOICES), and on WASM 'auto' prefers fp32 over it, so
 * q4f16 is dropped alone and picked by 'auto'. Made at `dir` (in the git-ignored scratch/).
 */
export function singleDtypeFolder(from: string, dtype: string, dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  for (const f of fs.readdirSync(from).filter((n) => n.endsWith('.json'))) fs.linkSync(path.join(from, f), path.join(dir, f));
  const graph = dtype === 'fp32' ? 'model.onnx' : `model_${dtype}.onnx`;
  for (const f of fs.readdirSync(path.join(from, 'onnx')).filter((n) => n === graph || n.startsWith(`${graph}_data`))) fs.linkSync(path.join(from, 'onnx', f), path.join(dir, 'onnx', f));
  return dir;
}

/** The real trajectory of fixtures/realdata/ nearest each length, by the bundled Qwen tokenizer (the real-size shapes carry it too). */
export async function nearestTrajectories<L extends string>(lengths: Record<L, number>): Promise<Record<L, { trajectory: Trajectory; tokens: number }>> {
  const ctx = tokenizeContext(createStudentTokenizer(await readTokenizerFiles(dirFileGetter(BUNDLED_MODEL_DIR))), MARKER_PRESETS.qwen);
  const all: { trajectory: Trajectory; tokens: number }[] = [];
  for (const f of fs.readdirSync(REALDATA).filter((n) => n.endsWith('.jsonl'))) {
    for await (const item of readInputFile(nodeInputFile(path.join(REALDATA, f), f))) {
      if (item.kind === 'trajectory') all.push({ trajectory: item.trajectory, tokens: tokenizeTrajectory(ctx, item.trajectory.messages).inputIds.length });
    }
  }
  const out = {} as Record<L, { trajectory: Trajectory; tokens: number }>;
  for (const l of Object.keys(lengths) as L[]) out[l] = all.reduce((best, t) => (Math.abs(t.tokens - lengths[l]) < Math.abs(best.tokens - lengths[l]) ? t : best));
  return out;
}

/**
 * Press Score and wait for the run's end: a new "Last run" line (the worker's own figures), or an
 * error notice (a student that does not fit is refused there). Wall seconds since the press.
 */
export async function scoreOnce(page: Page, timeout: number): Promise<{ run?: { trajectories: number; tokens: number; seconds: number }; error?: string; wallSeconds: number }> {
  const before = await page.evaluate(() => ({
    seconds: document.querySelector<HTMLElement>('[data-testid="last-run"]')?.dataset.seconds ?? null,
    errors: document.querySelectorAll('.notices .notice-error').length,
  }));
  const started = performance.now();
  await page.getByRole('button', { name: 'Score', exact: true }).click();
  await page.waitForFunction(
    (old) => {
      // Picking a file may take the old line away: wait for one with other figures.
      const seconds = document.querySelector<HTMLElement>('[data-testid="last-run"]')?.dataset.seconds;
      return (seconds !== undefined && seconds !== old.seconds) || document.querySelectorAll('.notices .notice-error').length > old.errors;
    },
    before,
    { timeout, polling: 250 },
  );
  const wallSeconds = (performance.now() - started) / 1000;
  const error = await page.evaluate((n) => document.querySelectorAll<HTMLElement>('.notices .notice-error')[n]?.querySelector('span')?.textContent ?? undefined, before.errors);
  if (error) return { error, wallSeconds };
  const run = await page.getByTestId('last-run').evaluate((el) => ({ trajectories: Number(el.dataset.trajectories), tokens: Number(el.dataset.tokens), seconds: Number(el.dataset.seconds) }));
  return { run, wallSeconds };
}
