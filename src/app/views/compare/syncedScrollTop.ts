/** The scroll geometry of one element (a subset of HTMLElement). */
export interface ScrollBox {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
}

/**
 * Where `to` should scroll to follow `from`: the same fraction of its scrollable range. Two
 * heatmaps of different lengths then reach their ends together, which matching pixel offsets
 * would not. An element that cannot scroll is at fraction 0.
 */
export function syncedScrollTop(from: ScrollBox, to: Omit<ScrollBox, 'scrollTop'>): number {
  const fromRange = from.scrollHeight - from.clientHeight;
  const toRange = Math.max(0, to.scrollHeight - to.clientHeight);
  const fraction = fromRange > 0 ? Math.min(1, Math.max(0, from.scrollTop / fromRange)) : 0;
  return Math.round(fraction * toRange);
}
