import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';

/**
 * A virtualized list of fixed-height rows (table, pick list, pair list): only the rows in view,
 * plus a dozen either side, are in the DOM, so 10,000 rows scroll like 10. Keys keep a row's DOM
 * node across sorting and filtering. Without `keyOf`, the virtualizer keys its items by index and
 * the caller keys its elements itself: the virtualizer looks up every item's key each time the
 * count changes, which for a million rows arriving in batches is worth sparing.
 */
export function useGridRows(count: number, keyOf: ((index: number) => string) | undefined, rowHeight: number) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    ...(keyOf && { getItemKey: keyOf }),
  });
  return { scrollRef, virtualizer };
}
