import fs from 'node:fs';
import { type RunStats, scoreTrajectories } from '../core/run/scoreTrajectories';
import { DEFAULT_CHUNK_BUDGET } from '../core/score/chunkLength';
import { DTYPES, type Dtype } from '../core/score/dtype';
import type { MarkerMode } from '../core/tokenize/responseMarkers';
import type { InputError, ScoredTrajectory } from '../core/types';
import { type NodeDevice, type NodeStudent, loadNodeStudent } from './loadNodeStudent';
import { progressBar } from './progressBar';
import { readTrajectories } from './readTrajectories';

export class UsageError extends Error {}

export const SCORE_OPTIONS = {
  model: { type: 'string' },
  dtype: { type: 'string', default: 'auto' },
  device: { type: 'string', default: 'cpu' },
  clip: { type: 'string', default: '100' },
  template: { type: 'string', default: 'auto' },
  'max-tokens': { type: 'string', default: '0' },
  'chunk-mib': { type: 'string', default: String(DEFAULT_CHUNK_BUDGET / 2 ** 20) },
  out: { type: 'string' },
  tokens: { type: 'boolean', default: false },
  js: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export interface ScoreOptions {
  model?: string;
  dtype: Dtype | 'auto';
  device: NodeDevice;
  clip: number;
  template: MarkerMode;
  maxTokens: number;
  chunkBudgetBytes: number;
  js: boolean;
}

function positiveNumber(name: string, value: string, { integer = false, zero = false } = {}): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (!zero && n === 0) || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${name} must be a ${integer ? 'whole' : ''} number${zero ? ' ≥ 0' : ' > 0'}, got "${value}"`);
  }
  return n;
}

export function scoreOptions(values: Record<string, string | boolean | undefined>): ScoreOptions {
  const dtype = values.dtype as string;
  if (!['auto', ...DTYPES].includes(dtype)) throw new UsageError(`--dtype must be auto, ${DTYPES.join(', ')}, got "${dtype}"`);
  const device = values.device as string;
  if (!['cpu', 'cuda'].includes(device)) throw new UsageError(`--device must be cpu or cuda, got "${device}"`);
  const template = values.template as string;
  if (!['auto', 'qwen', 'llama3'].includes(template)) throw new UsageError(`--template must be auto, qwen or llama3, got "${template}"`);
  return {
    model: values.model as string | undefined,
    dtype: dtype as Dtype | 'auto',
    device: device as NodeDevice,
    clip: positiveNumber('clip', values.clip as string, { integer: true }),
    template: template as MarkerMode,
    maxTokens: positiveNumber('max-tokens', values['max-tokens'] as string, { integer: true, zero: true }),
    chunkBudgetBytes: positiveNumber('chunk-mib', values['chunk-mib'] as string) * 2 ** 20,
    js: values.js as boolean,
  };
}

/** Score files with the student; results stream out as they come. Shared by `score` and `select`. */
export async function scoreFiles(
  files: readonly string[],
  options: ScoreOptions,
  onResult: (r: ScoredTrajectory, sourcePath: string) => void,
): Promise<{ errors: InputError[]; results: ScoredTrajectory[]; stats: RunStats; student: Pick<NodeStudent, 'files'> }> {
  for (const f of files) if (!fs.existsSync(f)) throw new UsageError(`no such file: ${f}`);
  const { trajectories, errors, pathOf } = await readTrajectories(files);
  const bar = progressBar();
  const student = await loadNodeStudent({
    model: options.model,
    dtype: options.dtype,
    device: options.device,
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
  return { errors, results, stats, student };
}

export function reportErrors(errors: readonly InputError[]): void {
  if (!errors.length) return;
  process.stderr.write(`\n${errors.length} row${errors.length === 1 ? '' : 's'} not scored:\n`);
  for (const e of errors) process.stderr.write(`  ${e.file}:${e.line} — ${e.reason}\n`);
}

