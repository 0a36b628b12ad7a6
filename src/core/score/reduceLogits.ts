/** Scores of one position, as both scoring paths produce them. */
export interface RowScore {
  surprisal: number;
  /** #{v : z_v > z_target}: the rank minus one. */
  greater: number;
  entropy: number;
  /** Top-k ids, best first. */
  topIds: number[];
  /** Their log-probabilities. */
  topLogProbs: number[];
}

/**
 * The plain JavaScript reduction of one logits row, for graphs the transform cannot handle.
 * One pass over the row: max, then Σexp and Σexp·z in float64 (so no blockwise trick is needed),
 * the strict greater-than count, and a small insertion-sorted top-k.
 */
export function reduceLogits(row: Float32Array | Float64Array, target: number, k: number): RowScore {
  const v = row.length;
  let max = -Infinity;
  for (let i = 0; i < v; i++) if (row[i] > max) max = row[i];
  const zt = row[target];
  let sumExp = 0;
  let sumExpShifted = 0;
  let greater = 0;
  const topIds: number[] = [];
  const topVals: number[] = [];
  for (let i = 0; i < v; i++) {
    const z = row[i];
    const d = z - max;
    const e = Math.exp(d);
    sumExp += e;
    // A −∞ logit (masked token) has e = 0 and adds nothing; 0 · −∞ would be NaN.
    if (e > 0) sumExpShifted += e * d;
    if (z > zt) greater++;
    if (topIds.length < k || z > topVals[topVals.length - 1]) {
      let j = Math.min(topIds.length, k - 1);
      if (topIds.length < k) {
        topIds.push(0);
        topVals.push(0);
      }
      // Strict comparison keeps the lower id first among equal logits, as TopK does.
      while (j > 0 && topVals[j - 1] < z) {
        topIds[j] = topIds[j - 1];
        topVals[j] = topVals[j - 1];
        j--;
      }
      topIds[j] = i;
      topVals[j] = z;
    }
  }
  const logSumExp = Math.log(sumExp);
  return {
    surprisal: max - zt + logSumExp,
    greater,
    entropy: logSumExp - sumExpShifted / sumExp,
    topIds,
    topLogProbs: topVals.map((z) => z - max - logSumExp),
  };
}
