/**
 * A sortable header was clicked: a new column sorts ascending, the same column again flips the
 * direction. For every sortable list (the trajectory table, the A/B problem list).
 */
export function toggledSort<C extends string>(sort: { column: C | null; descending: boolean }, column: C): { column: C; descending: boolean } {
  return sort.column === column ? { column, descending: !sort.descending } : { column, descending: false };
}
