import { SURPRISAL_FLOOR } from '../metrics/trajectoryMetrics';
import type { Provenance, TrajectoryMetrics } from '../types';
import { jsonLines, recordId, recordTeacher, type LineError } from './jsonLines';

/** One trajectory's metrics as scored elsewhere (the reference `rsr_cal.py`, or our CLI). */
export interface ImportedMetrics {
  id: string;
  teacher: string;
  /** Fields the file lacks are NaN (the reference writes no avg_rank or avg_entropy). */
  metrics: TrajectoryMetrics;
  /** Whatever of model, dtype, device, version the line carries (our CLI writes all four). */
  provenance: Partial<Pick<Provenance, 'model' | 'dtype' | 'device' | 'version'>>;
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
  const rows: ImportedMetrics[] = [];
  const errors: LineError[] = [];
  for (const parsed of jsonLines(text)) {
    const { line } = parsed;
    if ('error' in parsed) {
      errors.push({ line, reason: parsed.error });
      continue;
    }
    const { record } = parsed;
    const id = recordId(record);
    if (id === undefined) {
      errors.push({ line, reason: 'no id (expected "id", "_id" or "sample_id")' });
      continue;
    }
    const length = record.resp_token_length;
    if (!(typeof length === 'number' && Number.isInteger(length) && length >= 0)) {
      errors.push({ line, reason: length === undefined ? 'missing "resp_token_length"' : `"resp_token_length" must be a non-negative integer, got ${JSON.stringify(length)}` });
      continue;
    }
    const values: Partial<Record<string, number>> = {};
    let reason: string | undefined;
    for (const [key, required] of [
      ['avg_rank_clip', true],
      ['avg_surprisal', true],
      ['rank_surprisal_ratio', false],
      ['avg_rank', false],
      ['avg_entropy', false],
    ] as const) {
      const value = record[key];
      if (value === undefined) {
        if (required) reason = `missing "${key}"`;
      } else if (value === null) values[key] = NaN;
      else if (typeof value === 'number') values[key] = value;
      else reason = `"${key}" must be a number, got ${JSON.stringify(value)}`;
      if (reason) break;
    }
    if (reason) {
      errors.push({ line, reason });
      continue;
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
    rows.push({ id, teacher: recordTeacher(record, options.teacher), metrics, provenance, line });
  }
  return { rows, errors };
}
