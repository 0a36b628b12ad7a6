import type { RowCut } from '../metrics/teacherCuts';
import { SURPRISAL_FLOOR } from '../metrics/trajectoryMetrics';
import type { Provenance, TrajectoryMetrics } from '../types';
import { readJsonLines, recordId, recordTeacher, type LineError } from './jsonLines';
import { recordCut } from './recordCut';

/** One trajectory's metrics as scored elsewhere (the reference `rsr_cal.py`, or our CLI). */
export interface ImportedMetrics {
  id: string;
  teacher: string;
  /** Fields the file lacks are NaN (the reference writes no avg_rank or avg_entropy). */
  metrics: TrajectoryMetrics;
  /** Whatever of model, dtype, device, version the line carries (our CLI writes all four). */
  provenance: Partial<Pick<Provenance, 'model' | 'dtype' | 'device' | 'version'>>;
  /** What cut the trajectory before it was scored, as far as the line says (ours say; the reference's do not). */
  cut: RowCut;
  /** 1-based line in the imported file. */
  line: number;
}

export interface ParsedSampleMetrics {
  rows: ImportedMetrics[];
  errors: LineError[];
}

export interface ParseSampleMetricsOptions {
  /** Teacher of lines without a `teacher` field: the file name without its extension. */
  teacher: string;
}

const PROVENANCE_KEYS = ['model', 'dtype', 'device', 'version'] as const;

/**
 * Per-sample metrics JSONL: the reference's `_sample_metrics` file or our CLI's output. Each line
 * needs an id (`id`, `_id` or `sample_id`), `resp_token_length` (a non-negative integer),
 * `avg_rank_clip` and `avg_surprisal`: exactly what Eq. 9 sums. `rank_surprisal_ratio`, when
 * absent, is derived from those by Eq. 7 (Σ = mean × length); `avg_rank` and `avg_entropy` are
 * NaN when absent. A null or Python NaN value is NaN (the means of an empty response).
 * A malformed line is reported with its number and reason; the others still load.
 */
export function parseSampleMetrics(text: string, options: ParseSampleMetricsOptions): ParsedSampleMetrics {
  return readJsonLines(text, (record, line) => readMetricsRecord(record, line, options.teacher));
}

/**
 * One line's metrics, or why the line cannot be imported. The schema before 2026-03-13 wrote
 * `sample_idx` (the sample's 0-based index in its file) and `token_length` for today's
 * `sample_id` and `resp_token_length`; both are read.
 */
export function readMetricsRecord(record: Record<string, unknown>, line: number, fallbackTeacher: string): ImportedMetrics | string {
  const index = record.sample_idx;
  const id = recordId(record) ?? (typeof index === 'number' && Number.isInteger(index) ? String(index) : undefined);
  if (id === undefined) return 'no id (expected "id", "_id", "sample_id" or "sample_idx")';
  const length = record.resp_token_length ?? record.token_length;
  if (!(typeof length === 'number' && Number.isInteger(length) && length >= 0)) {
    return length === undefined ? 'missing "resp_token_length"' : `"resp_token_length" must be a non-negative integer, got ${JSON.stringify(length)}`;
  }
  const values: Partial<Record<string, number>> = {};
  for (const [key, required] of [
    ['avg_rank_clip', true],
    ['avg_surprisal', true],
    ['rank_surprisal_ratio', false],
    ['avg_rank', false],
    ['avg_entropy', false],
  ] as const) {
    const value = record[key];
    if (value === undefined) {
      if (required) return `missing "${key}"`;
    } else if (value === null) values[key] = NaN;
    else if (typeof value === 'number') values[key] = value;
    else return `"${key}" must be a number, got ${JSON.stringify(value)}`;
  }
  const avgRankClip = values.avg_rank_clip!;
  const avgSurprisal = values.avg_surprisal!;
  const metrics: TrajectoryMetrics = {
    respTokenLength: length,
    avgRankClip,
    avgRank: values.avg_rank ?? NaN,
    avgSurprisal,
    avgEntropy: values.avg_entropy ?? NaN,
    rsr: values.rank_surprisal_ratio ?? (length ? (avgRankClip * length) / Math.max(avgSurprisal * length, SURPRISAL_FLOOR) : NaN),
  };
  const provenance: ImportedMetrics['provenance'] = {};
  for (const key of PROVENANCE_KEYS) if (typeof record[key] === 'string') provenance[key] = record[key] as string;
  return { id, teacher: recordTeacher(record, fallbackTeacher), metrics, provenance, cut: recordCut(record), line };
}
