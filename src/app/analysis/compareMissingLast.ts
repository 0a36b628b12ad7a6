/**
 * Compares two numbers for a sort in direction `sign` (1 ascending, −1 descending), a missing one
 * (undefined, NaN: unscored, or an empty response) after every present one in both directions:
 * flipping the order should not bury the real numbers under blanks. 0 for a tie, which the caller
 * breaks by load order.
 */
export function compareMissingLast(x: number | undefined, y: number | undefined, sign: 1 | -1): number {
  const xMissing = x === undefined || Number.isNaN(x);
  const yMissing = y === undefined || Number.isNaN(y);
  if (xMissing || yMissing) return xMissing === yMissing ? 0 : xMissing ? 1 : -1;
  return sign * (x - y);
}
