import { teacherRsr } from '../metrics/teacherRsr';
import { SURPRISAL_FLOOR } from '../metrics/trajectoryMetrics';
import type { TrajectoryMetrics } from '../types';
import type { BootstrapOptions } from './bootstrapTeacherRsr';
import { mulberry32 } from './mulberry32';
import { quantileSorted } from './quantileSorted';

type RsrInputs = Pick<TrajectoryMetrics, 'avgRankClip' | 'avgSurprisal' | 'respTokenLength' | 'rsr'>;

/** Two teachers' answers to one problem. */
export interface MetricsPair {
  a: RsrInputs;
  b: RsrInputs;
}

/** The paired comparison of two teachers on the problems both answered. */
export interface PairedDelta {
  /** Problems where both answers have response tokens: the pairs everything here is computed on. */
  n: number;
  /** Problems where A's trajectory RSR (Eq. 7) is lower, i.e. A's answer suits the student better. */
  winsA: number;
  winsB: number;
  ties: number;
  /** ΔRSR = RSR_A − RSR_B, each Eq. 9 over the same n problems. Negative: A suits the student better. */
  delta: number;
  /** Percentile interval of ΔRSR from resampling problems (pairs kept together). */
  lo: number;
  hi: number;
  b: number;
}

/**
 * Paired bootstrap of ΔRSR between two teachers who answered the same problems: resample
 * problems with replacement, keeping each problem's two answers together, and recompute both
 * teachers' Eq. 9 on the resample. Pairing removes the problem-to-problem variation (a hard
 * problem is hard for both), so the interval is narrower than two separate teacher intervals
 * suggest — the test a researcher needs to say "A is better than B for this student".
 * Wins count per-problem trajectory RSRs. Pairs with an empty side are dropped first.
 * With no pair, every number is NaN (counts 0).
 */
export function pairedDeltaRsr(pairs: Iterable<MetricsPair>, options: BootstrapOptions = {}): PairedDelta {
  const { b = 1000, seed = 1, level = 0.95 } = options;
  const kept = [...pairs].filter((p) => p.a.respTokenLength && p.b.respTokenLength);
  const n = kept.length;
  let winsA = 0;
  let winsB = 0;
  for (const p of kept) {
    if (p.a.rsr < p.b.rsr) winsA++;
    else if (p.b.rsr < p.a.rsr) winsB++;
  }
  const delta = teacherRsr(kept.map((p) => p.a)) - teacherRsr(kept.map((p) => p.b));
  if (!n || Number.isNaN(delta)) return { n, winsA, winsB, ties: n - winsA - winsB, delta: NaN, lo: NaN, hi: NaN, b };

  const col = (f: (p: MetricsPair) => number) => Float64Array.from(kept, f);
  const rankA = col((p) => p.a.avgRankClip);
  const surpA = col((p) => p.a.avgSurprisal);
  const rankB = col((p) => p.b.avgRankClip);
  const surpB = col((p) => p.b.avgSurprisal);
  const rand = mulberry32(seed);
  const resampled = new Float64Array(b);
  for (let k = 0; k < b; k++) {
    let ra = 0;
    let sa = 0;
    let rb = 0;
    let sb = 0;
    for (let i = 0; i < n; i++) {
      const j = Math.floor(rand() * n);
      ra += rankA[j];
      sa += surpA[j];
      rb += rankB[j];
      sb += surpB[j];
    }
    resampled[k] = ra / Math.max(sa, SURPRISAL_FLOOR) - rb / Math.max(sb, SURPRISAL_FLOOR);
  }
  resampled.sort();
  const tail = (1 - level) / 2;
  return { n, winsA, winsB, ties: n - winsA - winsB, delta, lo: quantileSorted(resampled, tail), hi: quantileSorted(resampled, 1 - tail), b };
}
