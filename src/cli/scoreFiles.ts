import fs from 'node:fs';
import { type RunStats, type ScoreSettings, scoreTrajectories } from '../core/run/scoreTrajectories';
import { DEFAULT_CHUNK_BUDGET } from '../core/score/chunkLength';
import type { Dtype } from '../core/score/studentFiles';
import { TEMPLATE_MODES, type TemplateMode } from '../core/tokenize/responseMarkers';
import type { InputError, ScoredTrajectory } from '../core/types';
import { loadNodeStudent } from './loadNodeStudent';
import { progressBar } from './progressBar';
import { readTrajectories } from './readTrajectories';

export class UsageError extends Error {}

export const SCORE_OPTIONS = {
  model: { type: 'string' },
  dtype: { type: 'string', default: 'fp32' },
  clip: { type: 'string', default: '100' },
  template: { type: 'string', default: 'auto' },
  'max-tokens': { type: 'string', default: '0' },
  'chunk-mib': { type: 'string', default: String(DEFAULT_CHUNK_BUDGET / 2 ** 20) },
  out: { type: 'string' },
  tokens: { type: 'boolean', default: false },
  js: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The student to load (`--model`, `--dtype`, `--js`) and how to score with it. */
export interface ScoreFilesOptions extends ScoreSettings {
  model?: string;
  dtype: Dtype;
  js: boolean;
}

function positiveNumber(name: string, value: string, { integer = false, zero = false } = {}): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (!zero && n === 0) || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${name} must be a ${integer ? 'whole' : ''} number${zero ? ' ≥ 0' : ' > 0'}, got "${value}"`);
  }
  return n;
}

export function scoreOptions(values: Record<string, string | boolean | undefined>): ScoreFilesOptions {
  const dtype = values.dtype as string;
  if (!['fp32', 'fp16', 'q8', 'q4'].includes(dtype)) throw new UsageError(`--dtype must be fp32, fp16, q8 or q4, got "${dtype}"`);
  const template = values.template as string;
  if (!TEMPLATE_MODES.includes(template as TemplateMode)) throw new UsageError(`--template must be auto, qwen or llama3, got "${template}"`);
  return {
    model: values.model as string | undefined,
    dtype: dtype as Dtype,
    clip: positiveNumber('clip', values.clip as string, { integer: true }),
    template: template as TemplateMode,
    maxTokens: positiveNumber('max-tokens', values['max-tokens'] as string, { integer: true, zero: true }),
    chunkBudgetBytes: positiveNumber('chunk-mib', values['chunk-mib'] as string) * 2 ** 20,
    js: values.js as boolean,
  };
}

/** Score files with the student; results stream out as they come. Shared by `score` and `select`. */
export async function scoreFiles(
  files: readonly string[],
  options: ScoreFilesOptions,
  onResult: (r: ScoredTrajectory, sourcePath: string) => void,
): Promise<{ errors: InputError[]; results: ScoredTrajectory[]; stats: RunStats }> {
  for (const f of files) if (!fs.existsSync(f)) throw new UsageError(`no such file: ${f}`);
  const { trajectories, errors, pathOf } = await readTrajectories(files);
  const bar = progressBar();
  const student = await loadNodeStudent({
    model: options.model,
    dtype: options.dtype,
    path: options.js ? 'js' : 'auto',
    onDownload: (file, loaded, total) => bar.update(loaded, total, 0, `downloading ${file}`),
  });
  if (student.scorer.fallbackReason) process.stderr.write(`note: scoring in JavaScript (${student.scorer.fallbackReason})\n`);
  const results: ScoredTrajectory[] = [];
  const { stats } = await scoreTrajectories(trajectories, student, options, {
    onScored: (_, r) => {
      results.push(r);
      onResult(r, pathOf.get(trajectories[_])!);
    },
    onSkipped: (_, error) => errors.push(error),
    onProgress: (p) => bar.update(p.doneTokens, p.totalTokens, p.tokensPerSecond, `${p.index + 1}/${trajectories.length} trajectories`),
  });
  bar.done();
  await student.scorer.release();
  return { errors, results, stats };
}

export function reportErrors(errors: readonly InputError[]): void {
  if (!errors.length) return;
  process.stderr.write(`\n${errors.length} row${errors.length === 1 ? '' : 's'} not scored:\n`);
  for (const e of errors) process.stderr.write(`  ${e.file}:${e.line} — ${e.reason}\n`);
}

