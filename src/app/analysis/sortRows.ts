import type { SortState } from '../store/trajectoriesSlice';
import { compareMissingLast } from './compareMissingLast';
import type { TableRow } from './tableRows';

// Numeric-aware, so "p7-2" sorts before "p7-10".
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * A sorted copy of the rows. Missing numbers (unscored rows, NaN of an empty response) go last
 * in both directions: flipping to descending should not bury the scored rows under the rest.
 * Ties keep load order.
 */
export function sortRows(rows: TableRow[], sort: SortState): TableRow[] {
  const { column, descending } = sort;
  if (!column) return rows;
  const sign = descending ? -1 : 1;
  const isText = column === 'id' || column === 'teacher';
  return [...rows].sort((a, b) => {
    if (isText) return sign * collator.compare(a[column], b[column]) || a.order - b.order;
    return compareMissingLast(a[column], b[column], sign) || a.order - b.order;
  });
}
