import { teacherRsr } from '../metrics/teacherRsr';
import { SURPRISAL_FLOOR } from '../metrics/trajectoryMetrics';
import type { TrajectoryMetrics } from '../types';
import { mulberry32 } from './mulberry32';
import { quantileSorted } from './quantileSorted';

export interface BootstrapOptions {
  /** Number of resamples B (default 1000). */
  b?: number;
  /** PRNG seed (default 1): the same seed and input give the same interval everywhere. */
  seed?: number;
  /** Central coverage of the interval (default 0.95 → the 2.5th and 97.5th percentiles). */
  level?: number;
}

export interface BootstrapInterval {
  /** The point estimate: Eq. 9 on the teacher's trajectories as given (`teacherRsr`). */
  rsr: number;
  /** Lower percentile of the resampled RSRs. */
  lo: number;
  /** Upper percentile of the resampled RSRs. */
  hi: number;
  /** Number of resamples used. */
  b: number;
}

type RsrInputs = Pick<TrajectoryMetrics, 'avgRankClip' | 'avgSurprisal' | 'respTokenLength'>;

/**
 * Percentile bootstrap interval of a teacher's RSR (Eq. 9, Σ_j avgRankClip_j / Σ_j avgSurprisal_j):
 * resample the teacher's trajectories with replacement B times, recompute the ratio of sums each
 * time, and take the central `level` percentiles (Efron & Tibshirani 1993, ch. 13). Resampling whole
 * trajectories, not tokens, because trajectories are the independent units: tokens within one
 * trajectory are strongly correlated.
 *
 * Trajectories without response tokens are dropped first, as `teacherRsr` drops them, so every
 * resample has the same size n. With no such trajectory (or a NaN estimate) all three numbers are
 * NaN; with one trajectory, or n identical ones, every resample equals the estimate and
 * lo = hi = rsr exactly.
 */
export function bootstrapTeacherRsr(metrics: Iterable<RsrInputs>, options: BootstrapOptions = {}): BootstrapInterval {
  const { b = 1000, seed = 1, level = 0.95 } = options;
  if (!(Number.isInteger(b) && b >= 1)) throw new RangeError(`bootstrapTeacherRsr: b must be a positive integer, got ${b}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`bootstrapTeacherRsr: level must be in (0, 1), got ${level}`);
  const kept = [...metrics].filter((m) => m.respTokenLength);
  const rsr = teacherRsr(kept);
  if (Number.isNaN(rsr)) return { rsr, lo: NaN, hi: NaN, b };

  const n = kept.length;
  const rank = Float64Array.from(kept, (m) => m.avgRankClip);
  const surprisal = Float64Array.from(kept, (m) => m.avgSurprisal);
  const rand = mulberry32(seed);
  const resampled = new Float64Array(b);
  for (let k = 0; k < b; k++) {
    let rankSum = 0;
    let surprisalSum = 0;
    for (let i = 0; i < n; i++) {
      const j = Math.floor(rand() * n);
      rankSum += rank[j];
      surprisalSum += surprisal[j];
    }
    // The same floor as teacherRsr, so a resample can never differ from Eq. 9 by its guard.
    resampled[k] = rankSum / Math.max(surprisalSum, SURPRISAL_FLOOR);
  }
  resampled.sort();
  const tail = (1 - level) / 2;
  return { rsr, lo: quantileSorted(resampled, tail), hi: quantileSorted(resampled, 1 - tail), b };
}
