import type { Provenance, ScoredTrajectory, TrajectoryMetrics } from '../types';

/**
 * The fields of every per-trajectory results line, in order: the reference implementation's
 * `_sample_metrics` names (rsr_cal.py), our baselines, where the trajectory came from and what
 * produced the numbers. The CLI's lines and the app's results export both start with these.
 */
export const RESULT_FIELDS = [
  'sample_id',
  'teacher',
  'resp_token_length',
  'avg_rank_clip',
  'avg_surprisal',
  'rank_surprisal_ratio',
  'avg_rank',
  'avg_entropy',
  'truncated',
  'max_tokens',
  'source_file',
  'source_line',
  'model',
  'dtype',
  'device',
  'version',
  'rank_clip',
  'template',
  'scoring_path',
  'model_file',
  'approximate',
] as const;

/** A result as far as its metrics line goes: imported rows may lack provenance, tokens or a source. */
export interface MetricsRow {
  id: string;
  teacher: string;
  metrics: TrajectoryMetrics;
  provenance: Partial<Provenance>;
  sourceFile?: string;
  sourceLine?: number;
  /** Unknown (null) for imported metrics without tokens. */
  truncated?: boolean;
}

/**
 * One line of RESULT_FIELDS; unknown provenance is null. A missing number stays NaN (an empty
 * response): JSON writes it as null, which every reader here takes as NaN, and parquet keeps it.
 */
export function metricsLine(r: MetricsRow): Record<(typeof RESULT_FIELDS)[number], unknown> {
  const m = r.metrics;
  const p = r.provenance;
  return {
    sample_id: r.id,
    teacher: r.teacher,
    resp_token_length: m.respTokenLength,
    avg_rank_clip: m.avgRankClip,
    avg_surprisal: m.avgSurprisal,
    rank_surprisal_ratio: m.rsr,
    avg_rank: m.avgRank,
    avg_entropy: m.avgEntropy,
    truncated: r.truncated ?? null,
    max_tokens: p.maxTokens ?? null,
    source_file: r.sourceFile ?? null,
    source_line: r.sourceLine ?? null,
    model: p.model ?? null,
    dtype: p.dtype ?? null,
    device: p.device ?? null,
    version: p.version ?? null,
    rank_clip: p.clip ?? null,
    template: p.template ?? null,
    scoring_path: p.path ?? null,
    model_file: p.file ?? null,
    approximate: p.approximate ?? null,
  };
}

/** What a result line records beyond the result itself. */
export interface ResultLineOptions {
  /** Add the per-token arrays. */
  tokens: boolean;
  /** The input file's path, for `select` to read the original line back. */
  sourcePath: string;
  /** SHA-256 of the messages (contentHash): with teacher and id, what --resume recognises. */
  contentHash?: string;
  /** The reference's name of the input's dataset (`<dir>__<stem>`), for --out-dir. */
  dataset?: string;
}

/**
 * One output line per trajectory: RESULT_FIELDS (`max_tokens`, from the provenance, is part of the
 * settings --resume must match), then what a run adds. `source_file`/`source_line`
 * let `rsr-lens select` write back the original input lines. `max_position_embeddings` appears only
 * on a conversation longer than the model's context, `rank_semantics` only on a server's results.
 */
export function resultLine(r: ScoredTrajectory, options: ResultLineOptions): Record<string, unknown> {
  const line: Record<string, unknown> = {
    ...metricsLine({ ...r, sourceFile: options.sourcePath, sourceLine: r.source.line, truncated: r.tokens.truncated }),
    ...(r.positionLimit !== undefined && { max_position_embeddings: r.positionLimit }),
    // Only a server's results say it: what its `rank` counted and how ours were read (promptLogprobs.ts).
    ...(r.provenance.rankSemantics !== undefined && { rank_semantics: r.provenance.rankSemantics }),
    ...(options.contentHash !== undefined && { content_hash: options.contentHash }),
    ...(options.dataset !== undefined && { dataset: options.dataset }),
  };
  if (options.tokens) {
    line.resp_token_positions = r.tokens.respPositions;
    line.nlls = Array.from(r.scores.surprisal);
    line.ranks = Array.from(r.scores.rank);
    line.token_ids = r.tokens.inputIds;
  }
  return line;
}
