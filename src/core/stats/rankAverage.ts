/**
 * 1-based ranks of `values` in ascending order; tied values share the mean of the ranks they
 * span ("fractional" ranking, as scipy.stats.rankdata's default `method='average'`), which is what
 * Spearman's correlation needs to stay a Pearson correlation on ranks when there are ties.
 * NaN gets rank NaN and takes no rank from the others, as d3-array's `rank` does.
 * Returns a new Float64Array (ranks can be halves); the input is not mutated.
 */
export function rankAverage(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const ranks = new Float64Array(n).fill(NaN);
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(values[i])) order.push(i);
  order.sort((a, b) => values[a] - values[b] || a - b);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    // Sorted positions start..end-1 (0-based) hold ranks start+1..end: their mean is (start+1+end)/2.
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}
