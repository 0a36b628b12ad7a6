import type { TokenScores, TrajectoryMetrics } from '../types';

/** Guard of Eq. 7's denominator, as in the reference `rsr_cal.py`: max(Σ s_p, 1e-12). */
export const SURPRISAL_FLOOR = 1e-12;

/**
 * Trajectory RSR (Yang et al. 2026, Eq. 7): Σ_p min(r_p, R) / max(Σ_p s_p, 1e-12)
 * over the response tokens. Lower is better. Sums run in float64 whatever the input arrays are.
 * An empty response has no RSR: NaN, never 0 (0 would rank it as the best trajectory).
 */
export function trajectoryRsr(ranks: ArrayLike<number>, surprisals: ArrayLike<number>, clip: number): number {
  if (ranks.length === 0) return NaN;
  let rankSum = 0;
  let surprisalSum = 0;
  for (let i = 0; i < ranks.length; i++) {
    rankSum += Math.min(ranks[i], clip);
    surprisalSum += surprisals[i];
  }
  return rankSum / Math.max(surprisalSum, SURPRISAL_FLOOR);
}

/** Eq. 7 plus the student-only baselines the paper compares against (averages over response tokens). */
export function trajectoryMetrics(scores: Pick<TokenScores, 'rank' | 'surprisal' | 'entropy'>, clip: number): TrajectoryMetrics {
  const n = scores.rank.length;
  let rankClip = 0;
  let rank = 0;
  let surprisal = 0;
  let entropy = 0;
  for (let i = 0; i < n; i++) {
    rankClip += Math.min(scores.rank[i], clip);
    rank += scores.rank[i];
    surprisal += scores.surprisal[i];
    entropy += scores.entropy[i];
  }
  return {
    respTokenLength: n,
    avgRankClip: n ? rankClip / n : NaN,
    avgRank: n ? rank / n : NaN,
    avgSurprisal: n ? surprisal / n : NaN,
    avgEntropy: n ? entropy / n : NaN,
    rsr: n ? rankClip / Math.max(surprisal, SURPRISAL_FLOOR) : NaN,
  };
}
