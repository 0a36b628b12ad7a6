import type { ScoredTrajectory } from '../core/types';

/**
 * One output line per trajectory, with the reference implementation's field names
 * (`_sample_metrics` of rsr_cal.py) plus the baselines and what produced the numbers.
 * `source_file`/`source_line` let `rsr-lens select` write back the original input lines.
 */
export function resultLine(r: ScoredTrajectory, options: { tokens: boolean; sourcePath: string }): Record<string, unknown> {
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
    source_file: options.sourcePath,
    source_line: r.source.line,
    model: r.provenance.model,
    dtype: r.provenance.dtype,
    device: r.provenance.device,
    version: r.provenance.version,
    rank_clip: r.provenance.clip,
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
