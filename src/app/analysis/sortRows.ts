import type { FieldValue } from '../../core/types';
import type { SortState } from '../store/trajectoriesSlice';
import { compareMissingLast } from './compareMissingLast';
import type { TableRow } from './tableRows';

// Numeric-aware, so "p7-2" sorts before "p7-10".
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Record fields: numbers (and booleans, false < true) by value, text numerically aware; a missing value last. */
function compareFields(x: FieldValue | undefined, y: FieldValue | undefined, sign: 1 | -1): number {
  if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
  if (typeof x !== 'string' && typeof y !== 'string') return compareMissingLast(Number(x), Number(y), sign);
  return sign * collator.compare(String(x), String(y));
}

/**
 * A sorted copy of the rows. Missing numbers (unscored rows, NaN of an empty response) go last
 * in both directions: flipping to descending should not bury the scored rows under the rest.
 * Ties keep load order.
 */
export function sortRows(rows: TableRow[], sort: SortState): TableRow[] {
  const { column, descending } = sort;
  if (!column) return rows;
  const sign = descending ? -1 : 1;
  if (column.startsWith('field:')) {
    const name = column.slice('field:'.length);
    return [...rows].sort((a, b) => compareFields(a.fields?.[name], b.fields?.[name], sign) || a.order - b.order);
  }
  const c = column as Exclude<typeof column, `field:${string}`>;
  const isText = c === 'id' || c === 'teacher';
  return [...rows].sort((a, b) => {
    if (isText) return sign * collator.compare(a[c as 'id'], b[c as 'id']) || a.order - b.order;
    return compareMissingLast(a[c as 'rsr'], b[c as 'rsr'], sign) || a.order - b.order;
  });
}
