import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useMemo, useState, type RefObject } from 'react';
import type { TokenizedTrajectory } from '../../../core/types';
import { tokenLines } from './tokenLines';

/** Height of a one-line row, px: the line-height of .rsr-hm-row in TokenHeatmap.css. Rows that wrap are measured. */
export const ROW_HEIGHT = 24;

/**
 * The heatmap's rows and their virtualizer: the text's lines wrapped at token boundaries to at
 * most `rowChars` characters (none until the width is known), each token's row, and only the
 * rows in view (plus overscan) as `items`. `splitVersion` changes with every new split: rows keyed
 * by it remount, so each is measured again.
 */
export function useHeatmapRows(tokens: TokenizedTrajectory, rowChars: number | null, scrollEl: RefObject<HTMLDivElement | null>) {
  const rows = useMemo(() => (rowChars === null ? [] : tokenLines(tokens.text, tokens.offsets, rowChars)), [tokens, rowChars]);
  const rowOfToken = useMemo(() => {
    const a = new Int32Array(tokens.inputIds.length);
    rows.forEach((r, i) => a.fill(i, r.start, r.end));
    return a;
  }, [rows, tokens]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollEl.current,
    // Exact for a one-line row (CSS line-height is this many px), so most rows measure without a change.
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    paddingStart: 8,
    paddingEnd: 8,
    // Lets the very first render (and server rendering) draw rows before the element is measured.
    initialRect: { width: 0, height: 800 },
    useFlushSync: false,
  });
  // A new split (the width changed) invalidates every measured height: forget them, and remount the
  // rows (split.version in their React key) so each is measured again.
  // (React's "state from the previous render" pattern: setState during render, re-run at once.)
  const [split, setSplit] = useState({ rows, version: 0 });
  if (split.rows !== rows) setSplit({ rows, version: split.version + 1 });
  useLayoutEffect(() => virtualizer.measure(), [rows, virtualizer]);
  return { rows, rowOfToken, virtualizer, items: virtualizer.getVirtualItems(), splitVersion: split.version };
}
