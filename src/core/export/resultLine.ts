import type { ScoredTrajectory } from '../types';

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
  /** The run's --max-tokens (0 = none): part of the settings --resume must match. */
  maxTokens?: number;
}

/**
 * One output line per trajectory, with the reference implementation's field names
 * (`_sample_metrics` of rsr_cal.py) plus the baselines and what produced the numbers.
 * `source_file`/`source_line` let `rsr-lens select` write back the original input lines.
 * `max_position_embeddings` appears only on a conversation longer than the model's context.
 */
export function resultLine(r: ScoredTrajectory, options: ResultLineOptions): Record<string, unknown> {
  const m = r.metrics;
  const line: Record<string, unknown> = {
    sample_id: r.id,
    teacher: r.teacher,
    resp_token_length: m.respTokenLength,
    avg_rank_clip: m.avgRankClip,
    avg_surprisal: m.avgSurprisal,
    rank_surprisal_ratio: m.rsr,
    avg_rank: m.avgRank,
    avg_entropy: m.avgEntropy,
    truncated: r.tokens.truncated,
    ...(r.positionLimit !== undefined && { max_position_embeddings: r.positionLimit }),
    source_file: options.sourcePath,
    source_line: r.source.line,
    ...(options.contentHash !== undefined && { content_hash: options.contentHash }),
    ...(options.dataset !== undefined && { dataset: options.dataset }),
    model: r.provenance.model,
    dtype: r.provenance.dtype,
    device: r.provenance.device,
    version: r.provenance.version,
    rank_clip: r.provenance.clip,
    ...(options.maxTokens !== undefined && { max_tokens: options.maxTokens }),
    template: r.provenance.template,
    scoring_path: r.provenance.path,
    model_file: r.provenance.file ?? null,
    approximate: r.provenance.approximate ?? null,
  };
  if (options.tokens) {
    line.resp_token_positions = r.tokens.respPositions;
    line.nlls = Array.from(r.scores.surprisal);
    line.ranks = Array.from(r.scores.rank);
    line.token_ids = r.tokens.inputIds;
  }
  return line;
}
