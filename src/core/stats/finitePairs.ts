/**
 * The pairs (x_i, y_i) where both values are finite, as two arrays: correlations skip the rest
 * pairwise (like pandas' `corr`), so one missing metric does not void the other pairs.
 */
export function finitePairs(x: ArrayLike<number>, y: ArrayLike<number>, caller: string): [number[], number[]] {
  if (x.length !== y.length) throw new RangeError(`${caller}: lengths differ (${x.length} vs ${y.length})`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      xs.push(x[i]);
      ys.push(y[i]);
    }
  }
  return [xs, ys];
}
