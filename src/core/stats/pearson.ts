import { finitePairs } from './finitePairs';

/**
 * Pearson's product-moment correlation of two equal-length samples.
 *
 * Pairs where either value is not finite (NaN, ±Infinity) are skipped, like pandas' pairwise
 * `corr`: a teacher without an entropy must not void every other teacher's pair.
 * NaN, never 0, when fewer than two pairs remain or either side is constant: the correlation is
 * undefined there, and 0 would read as "no relation". Constancy is tested on the values
 * themselves, since a two-pass mean of equal floats can leave rounding noise in the deviations.
 * The result is clamped to [−1, 1] against rounding.
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const [xs, ys] = finitePairs(x, y, 'pearson');
  const n = xs.length;
  if (n < 2 || isConstant(xs) || isConstant(ys)) return NaN;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += xs[i];
    meanY += ys[i];
  }
  meanX /= n;
  meanY /= n;
  // Two passes (deviations from the mean) rather than Σxy − n·x̄ȳ, which cancels catastrophically
  // when the values are large relative to their spread.
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - meanX;
    const dy = ys[i] - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

function isConstant(values: number[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}
