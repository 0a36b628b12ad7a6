import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** Characters per row before the first measurement (and in tests, where nothing is measured). */
const DEFAULT_ROW_CHARS = 100;
/** Token padding and gaps make a row wider than its characters: leave this much slack so rows rarely wrap in CSS. */
const TOKEN_OVERHEAD = 1.2;
/** What the character probe holds: its width over its length is one character's width. */
export const PROBE_TEXT = '0000000000';

/**
 * How many characters fit one heatmap row, measured with two hidden probes (a row's line box and
 * a run of PROBE_TEXT) and kept current as the scroll box resizes. In a browser it is null until
 * the first measurement, which runs in a layout effect before the first paint, so the first rows
 * drawn are the final ones and are measured once. Without a DOM (tests, server rendering) a
 * default width is assumed.
 */
export function useRowChars(scrollEl: RefObject<HTMLElement | null>) {
  const [rowChars, setRowChars] = useState<number | null>(typeof window === 'undefined' ? DEFAULT_ROW_CHARS : null);
  const lineProbe = useRef<HTMLSpanElement | null>(null);
  const charProbe = useRef<HTMLSpanElement | null>(null);
  // Re-split when the width changes (O(T), cheap).
  useLayoutEffect(() => {
    const el = scrollEl.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const update = () => {
      const lineWidth = lineProbe.current?.clientWidth ?? 0;
      const charWidth = (charProbe.current?.getBoundingClientRect().width ?? 0) / PROBE_TEXT.length;
      if (lineWidth > 0 && charWidth > 0) setRowChars(Math.max(16, Math.floor(lineWidth / (charWidth * TOKEN_OVERHEAD))));
    };
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
    // A ref object: the effect runs once, when the scroll box is mounted.
  }, [scrollEl]);
  return { rowChars, lineProbe, charProbe };
}
