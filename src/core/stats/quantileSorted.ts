/**
 * The p-quantile of ascending-sorted values by linear interpolation between order statistics
 * (Hyndman & Fan type 7): the default of numpy.quantile, R's quantile and d3-array's
 * `quantileSorted`, so intervals match what users compute elsewhere.
 * NaN for no values or p outside [0, 1].
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (!n || !(p >= 0 && p <= 1)) return NaN;
  const h = (n - 1) * p;
  const i = Math.floor(h);
  if (i >= n - 1) return sorted[n - 1];
  const lo = sorted[i];
  return lo + (sorted[i + 1] - lo) * (h - i);
}
