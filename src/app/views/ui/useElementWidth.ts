import { useCallback, useState } from 'react';

/**
 * A callback ref and the element's content width, kept current with a ResizeObserver, so charts
 * draw at their real pixel size (text in a viewBox-scaled SVG would grow and shrink with it).
 * `fallback` is the width before the first measurement and where nothing is measured (tests).
 */
export function useElementWidth<T extends HTMLElement>(fallback: number): [(el: T | null) => void, number] {
  const [width, setWidth] = useState(fallback);
  const ref = useCallback((el: T | null) => {
    if (!el || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const w = Math.floor(el.getBoundingClientRect().width);
      if (w > 0) setWidth(w);
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    // React 19 runs a callback ref's returned cleanup when the element goes away.
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}
