import type { MetricScale } from './heatmapScales';

/** Counts of response tokens per legend bin, and each token's bin. */
export interface Histogram {
  /** counts[b] = number of tokens in scale.bins[b]. */
  counts: number[];
  /** binOf[i] = bin of scored token i (index into respPositions); 255 for a value no bin holds (NaN). */
  binOf: Uint8Array;
  /** Number of tokens whose rank exceeds the clip R (drawn hatched). */
  clipped: number;
}

/** binOf value for a token in no bin. */
export const NO_BIN = 255;

/**
 * Bins the shown metric of every scored token for the legend-histogram, in one pass.
 * `ranks` and `surprisals` are parallel to respPositions; `clip` is R.
 */
export function histogram(
  scale: MetricScale,
  ranks: ArrayLike<number>,
  surprisals: ArrayLike<number>,
  clip: number,
): Histogram {
  const n = Math.min(ranks.length, surprisals.length);
  const counts = new Array<number>(scale.bins.length).fill(0);
  const binOf = new Uint8Array(n);
  let clipped = 0;
  for (let i = 0; i < n; i++) {
    const b = scale.binIndex(scale.value(ranks[i], surprisals[i]));
    if (b < 0) binOf[i] = NO_BIN;
    else {
      binOf[i] = b;
      counts[b]++;
    }
    if (ranks[i] > clip) clipped++;
  }
  return { counts, binOf, clipped };
}
