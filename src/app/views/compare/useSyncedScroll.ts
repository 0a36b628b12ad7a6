import { useCallback, useEffect, useRef } from 'react';
import { syncedScrollTop } from './syncedScrollTop';

/**
 * Two callback refs whose elements scroll together while `isEnabled`. Setting one element's
 * scrollTop fires its own scroll event; that echo is recognised by its position and swallowed,
 * or the two would chase each other by rounding.
 */
export function useSyncedScroll(isEnabled: boolean): [(el: HTMLDivElement | null) => void, (el: HTMLDivElement | null) => void] {
  const els = useRef<[HTMLDivElement | null, HTMLDivElement | null]>([null, null]);
  const echo = useRef<[number | null, number | null]>([null, null]);
  const enabled = useRef(isEnabled);
  useEffect(() => {
    enabled.current = isEnabled;
  }, [isEnabled]);

  const detach = useRef<[(() => void) | null, (() => void) | null]>([null, null]);

  // TokenHeatmap forwards its scroll element to a ref but ignores a callback ref's cleanup, so
  // the listener is removed here when the element changes or goes away.
  const listen = useCallback((side: 0 | 1) => {
    const other = (1 - side) as 0 | 1;
    return (el: HTMLDivElement | null) => {
      if (els.current[side] === el) return;
      detach.current[side]?.();
      detach.current[side] = null;
      els.current[side] = el;
      if (!el) return;
      const onScroll = () => {
        const expected = echo.current[side];
        echo.current[side] = null;
        if (expected !== null && Math.abs(el.scrollTop - expected) <= 1) return;
        const to = els.current[other];
        if (!enabled.current || !to) return;
        const top = syncedScrollTop(el, to);
        if (Math.abs(to.scrollTop - top) <= 1) return;
        echo.current[other] = top;
        to.scrollTop = top;
      };
      el.addEventListener('scroll', onScroll, { passive: true });
      detach.current[side] = () => el.removeEventListener('scroll', onScroll);
    };
  }, []);
  const refA = useCallback((el: HTMLDivElement | null) => listen(0)(el), [listen]);
  const refB = useCallback((el: HTMLDivElement | null) => listen(1)(el), [listen]);
  return [refA, refB];
}
