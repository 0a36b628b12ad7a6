import { compareRows, type SelectableRow } from './compareRows';

/**
 * The n rows with the lowest RSR overall, best first, ties ordered by `compareRows`.
 * NaN RSR rows are never selected, so fewer than n come back when fewer are scored.
 * n is floored; n ≤ 0 (or NaN) selects nothing.
 */
export function selectTopN<R extends SelectableRow>(rows: Iterable<R>, n: number): R[] {
  const count = Math.floor(n);
  if (!(count > 0)) return [];
  const scored = [...rows].filter((row) => !Number.isNaN(row.metrics.rsr));
  return scored.sort(compareRows).slice(0, count);
}
