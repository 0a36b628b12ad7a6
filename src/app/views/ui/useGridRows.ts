import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';

/**
 * A virtualized list of fixed-height rows (table, pick list, pair list): only the rows in view,
 * plus a dozen either side, are in the DOM, so 10,000 rows scroll like 10. Keys keep a row's DOM
 * node across sorting and filtering.
 */
export function useGridRows(count: number, keyOf: (index: number) => string, rowHeight: number) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    getItemKey: keyOf,
  });
  return { scrollRef, virtualizer };
}
