import type { InferredRow } from '../../core/import/parseInferredData';
import { trajectoryMetrics } from '../../core/metrics/trajectoryMetrics';
import type { Provenance, ScoredTrajectory, TokenizedTrajectory, Trajectory } from '../../core/types';

/**
 * A result built from imported per-token scores laid on the student's own tokenization (checked
 * beforehand with `matchInferred`). Surprisal and rank are the file's; what the reference does
 * not write is left unknown rather than invented: entropy is NaN and there are no top-k
 * alternatives (k = 0). Metrics are recomputed from the tokens with the given clip — the same
 * Eq. 7 as a browser result. The reference writes ranks clipped at R, so their mean is the
 * clipped average, not avg_rank: avg_rank is NaN ("—") unless the line is ours (our results carry
 * `avg_rank`, and their ranks are unclipped).
 */
export function inferredResult(row: Pick<InferredRow, 'nlls' | 'ranks'> & { record?: Record<string, unknown> }, trajectory: Trajectory, tokens: TokenizedTrajectory, clip: number, provenance: Provenance): ScoredTrajectory {
  const n = row.nlls.length;
  const scores = {
    surprisal: Float32Array.from(row.nlls),
    rank: Int32Array.from(row.ranks),
    entropy: new Float32Array(n).fill(NaN),
    topIds: new Int32Array(0),
    topProbs: new Float32Array(0),
    topTexts: [],
    k: 0,
  };
  const metrics = trajectoryMetrics(scores, clip);
  return {
    id: trajectory.id,
    teacher: trajectory.teacher,
    source: trajectory.source,
    tokens,
    scores,
    metrics: { ...metrics, avgRank: typeof row.record?.avg_rank === 'number' ? metrics.avgRank : NaN },
    provenance,
  };
}
