import { pearson } from './pearson';
import { rankAverage } from './rankAverage';

/**
 * Spearman's rank correlation: Pearson's correlation of the average ranks (ties share the mean
 * rank), the definition that stays exact with ties, unlike the shortcut 1 − 6Σd²/(n(n²−1)).
 * This is the statistic the paper reports between RSR and post-distillation performance.
 * Pairs with a non-finite value are dropped before ranking, so they neither take a rank nor
 * shift the others'. NaN with fewer than two pairs or a constant side, as `pearson`.
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new RangeError(`spearman: lengths differ (${x.length} vs ${y.length})`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      xs.push(x[i]);
      ys.push(y[i]);
    }
  }
  return pearson(rankAverage(xs), rankAverage(ys));
}
