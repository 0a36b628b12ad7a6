import type { SelectableRow } from './compareRows';

/**
 * The rows whose RSR is strictly below `threshold` ("below" as in the UI's "RSR < t"), in input
 * order: a filter, so an export keeps the order of the user's files. Strict so that a threshold
 * of 0 selects nothing and a threshold read off a row's own RSR excludes that row.
 * NaN RSR rows are never selected (NaN < t is false); a NaN threshold selects nothing.
 */
export function selectBelowThreshold<R extends SelectableRow>(rows: Iterable<R>, threshold: number): R[] {
  const selected: R[] = [];
  for (const row of rows) if (row.metrics.rsr < threshold) selected.push(row);
  return selected;
}
