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
 * The table's order of two rows: missing numbers (unscored rows, NaN of an empty response) go last
 * in both directions — flipping to descending should not bury the scored rows under the rest — and
 * ties keep load order. Null for load order itself.
 */
export function rowOrder(sort: SortState): ((a: TableRow, b: TableRow) => number) | null {
  const { column, descending } = sort;
  if (!column) return null;
  const sign = descending ? -1 : 1;
  if (column.startsWith('field:')) {
    const name = column.slice('field:'.length);
    return (a, b) => compareFields(a.fields?.[name], b.fields?.[name], sign) || a.order - b.order;
  }
  const c = column as Exclude<typeof column, `field:${string}`>;
  if (c === 'id' || c === 'teacher') return (a, b) => sign * collator.compare(a[c], b[c]) || a.order - b.order;
  return (a, b) => compareMissingLast(a[c], b[c], sign) || a.order - b.order;
}

/** A sorted copy of the rows (rowOrder); the rows themselves in load order. */
export function sortRows(rows: TableRow[], sort: SortState): TableRow[] {
  const order = rowOrder(sort);
  return order ? [...rows].sort(order) : rows;
}

/**
 * Rows already sorted, with more rows merged in their places: the new rows are sorted (the cost
 * of their number), then one linear merge — not a sort of every row each time a batch arrives.
 */
export function withSortedRows(sorted: readonly TableRow[], more: readonly TableRow[], sort: SortState): TableRow[] {
  const order = rowOrder(sort);
  if (!order) return (sorted as TableRow[]).concat(more as TableRow[]);
  const next = [...more].sort(order);
  const out: TableRow[] = new Array(sorted.length + next.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < sorted.length && j < next.length) out[k++] = order(next[j], sorted[i]) < 0 ? next[j++] : sorted[i++];
  while (i < sorted.length) out[k++] = sorted[i++];
  while (j < next.length) out[k++] = next[j++];
  return out;
}
