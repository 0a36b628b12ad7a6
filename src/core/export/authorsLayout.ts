import { parseRsrTsv } from '../import/parseRsrTsv';
import type { TeacherSummary } from '../types';
import { tsvText } from './tsvCell';

/** Where rsr_cal.py puts one dataset's files under its output root, for a model name (with its tag). */
export function authorsPaths(model: string, dataset: DatasetPath) {
  const rel = [...dataset.dirs, dataset.stem].join('/');
  return {
    inferred: `_inferred_data/${model}/${rel}.parquet`,
    sampleMetrics: `_sample_metrics/${model}/${rel}.jsonl`,
    tsv: `rsr_${model}.tsv`,
  };
}

/** An input file as the reference names datasets: folders under its data root, and the file name without extension. */
export interface DatasetPath {
  dirs: string[];
  stem: string;
}

/** The reference's dataset name: the path relative to the data root, without extension, joined by `__`. */
export const datasetName = (d: DatasetPath) => [...d.dirs, d.stem].join('__');

/** What one scored trajectory needs to appear in the reference's files. */
export interface AuthorsSample {
  sample_id: string;
  resp_token_positions: number[];
  nlls: number[];
  /** Unclipped: the reference writes them clipped at R, and so does this layout. */
  ranks: number[];
  resp_token_length: number;
  avg_rank_clip: number;
  avg_surprisal: number;
  rank_surprisal_ratio: number;
}

/** An `_inferred_data` row exactly as rsr_cal.py's infer_dataset writes it: ranks clamped at R, probs = exp(−nll). */
export function inferredRecord(s: AuthorsSample, clip: number): Record<string, unknown> {
  return {
    sample_id: s.sample_id,
    resp_token_positions: s.resp_token_positions,
    probs: s.nlls.map((x) => Math.exp(-x)),
    nlls: s.nlls,
    ranks: s.ranks.map((r) => Math.min(r, clip)),
  };
}

/** A `_sample_metrics` line exactly as compute_sample_metrics writes it (same keys, same order). */
export function sampleMetricsLine(s: AuthorsSample): string {
  const { sample_id, resp_token_length, avg_rank_clip, avg_surprisal, rank_surprisal_ratio } = s;
  return JSON.stringify({ sample_id, resp_token_length, avg_rank_clip, avg_surprisal, rank_surprisal_ratio });
}

const TSV_HEADER = ['data_name', 'avg_resp_token_length', 'avg_rank_clip', 'avg_surprisal', 'rank_surprisal_ratio', 'infer_seconds', 'metrics_seconds'];

/**
 * `rsr_<model>.tsv` after an upsert, as rsr_cal.py's upsert_tsv leaves it: the datasets of this
 * run replace lines of the same data_name in `existing`, the others stay; sorted by data_name;
 * floats as `%.5f`. Datasets are the per-dataset summaries (their `teacher` is the data_name).
 */
export function rsrTsv(datasets: readonly (TeacherSummary & { inferSeconds?: number })[], existing?: string): string {
  const rows = new Map<string, (string | number)[]>();
  if (existing) {
    for (const r of parseRsrTsv(existing).rows) rows.set(r.dataName, [r.dataName, r.avgRespTokenLength, r.avgRankClip, r.avgSurprisal, r.rsr, NaN, NaN]);
  }
  for (const d of datasets) rows.set(d.teacher, [d.teacher, d.avgLength, d.avgRankClip, d.avgSurprisal, d.rsr, d.inferSeconds ?? NaN, NaN]);
  const sorted = [...rows.values()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return tsvText(TSV_HEADER, sorted, (n) => n.toFixed(5));
}
