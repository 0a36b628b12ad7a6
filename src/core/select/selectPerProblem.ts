import { compareRows, type SelectableRow } from './compareRows';

/**
 * For each problem id, the answer with the lowest RSR across teachers: the paper's per-problem
 * selection of the most suitable trajectory. Ties follow `compareRows` (avgRankClip, then teacher,
 * then source), so the same data always selects the same rows.
 * A row with NaN RSR (empty response) never wins; a problem whose rows all have NaN RSR is left
 * out rather than filled with an unscored answer. Output follows the ids' first appearance in
 * `rows`; the row objects themselves are returned, not copies.
 */
export function selectPerProblem<R extends SelectableRow>(rows: Iterable<R>): R[] {
  const best = new Map<string, R | undefined>();
  for (const row of rows) {
    const current = best.get(row.id);
    if (!best.has(row.id)) best.set(row.id, undefined); // fixes the id's position in the output
    if (Number.isNaN(row.metrics.rsr)) continue;
    if (current === undefined || compareRows(row, current) < 0) best.set(row.id, row);
  }
  return [...best.values()].filter((row): row is R => row !== undefined);
}
