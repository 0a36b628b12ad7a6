import { finitePairs } from './finitePairs';
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
  const [xs, ys] = finitePairs(x, y, 'spearman');
  return pearson(rankAverage(xs), rankAverage(ys));
}
