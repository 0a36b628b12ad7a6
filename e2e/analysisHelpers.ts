import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Locator, Page } from '@playwright/test';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** An input file for the file picker: name and exact text. */
export interface InputFile {
  name: string;
  text: string;
}

/** The first `n` lines of a demo teacher file, exactly as written (a quick run instead of all 60). */
export function demoLines(name: string, n: number): InputFile {
  const lines = readFileSync(new URL(`../public/samples/${name}`, import.meta.url), 'utf8').split('\n').slice(0, n);
  return { name, text: `${lines.join('\n')}\n` };
}

/** One line of the CLI's output (the reference's field names). */
export interface CliRow {
  sample_id: string;
  teacher: string;
  resp_token_length: number;
  avg_rank_clip: number;
  avg_surprisal: number;
  rank_surprisal_ratio: number;
}

/**
 * Score the same files with the CLI (onnxruntime-node, the same core) in a child process.
 * Asynchronous, so it runs while the browser scores.
 */
export async function cliScore(files: InputFile[]): Promise<CliRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rsr-e2e-'));
  const paths = files.map((f) => {
    const p = join(dir, f.name);
    writeFileSync(p, f.text);
    return p;
  });
  const out = join(dir, 'cli.jsonl');
  await promisify(execFile)('node', ['bin/rsr-lens.mjs', 'score', ...paths, '--out', out], {
    cwd: ROOT,
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
  });
  return readFileSync(out, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CliRow);
}

/** Eq. 9 per teacher from per-trajectory rows: Σ avg_rank_clip / Σ avg_surprisal. */
export function teacherRsrOf(rows: CliRow[]): Map<string, number> {
  const sums = new Map<string, [number, number]>();
  for (const r of rows) {
    const s = sums.get(r.teacher) ?? [0, 0];
    sums.set(r.teacher, [s[0] + r.avg_rank_clip, s[1] + r.avg_surprisal]);
  }
  return new Map([...sums].map(([t, [rank, surprisal]]) => [t, rank / surprisal]));
}

/** Click what starts a download and return the downloaded file's name and bytes. */
export async function downloaded(page: Page, trigger: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), trigger.click()]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

/** The same, as UTF-8 text. */
export async function downloadedText(page: Page, trigger: Locator): Promise<{ name: string; text: string }> {
  const { name, bytes } = await downloaded(page, trigger);
  return { name, text: bytes.toString('utf8') };
}

/** Relative difference, for comparing browser and CLI numbers. */
export function relDiff(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
}
