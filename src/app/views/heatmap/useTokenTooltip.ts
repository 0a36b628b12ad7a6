import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type FocusEvent, type MouseEvent, type RefObject } from 'react';
import type { ScoredTrajectory } from '../../../core/types';
import { findToken, scoredTokenOf } from './tokenElements';
import type { TokenRow } from './tokenLines';
import type { TooltipAnchor } from './TokenTooltip';
import { openTooltipPos, TOOLTIP_CLOSED, tooltipTransition, type TooltipEvent } from './tooltipState';

export interface TokenTooltipOptions {
  result: ScoredTrajectory;
  scrollEl: RefObject<HTMLElement | null>;
  /** The rows and the drawn rows: the tooltip's token may move when either changes. */
  rows: readonly TokenRow[];
  items: readonly unknown[];
}

/**
 * The heatmap's tooltip: its state machine (tooltipState.ts) fed by pointer, focus and document
 * events, and where its token is on screen. Esc closes it wherever focus is; a press outside the
 * heatmap and the tooltip unpins it; another trajectory resets it.
 */
export function useTokenTooltip({ result, scrollEl, rows, items }: TokenTooltipOptions) {
  const tooltipId = useId();
  const [state, setState] = useState(TOOLTIP_CLOSED);
  const send = useCallback((event: TooltipEvent) => setState((s) => tooltipTransition(s, event)), []);
  const tipPos = openTooltipPos(state);
  const { focused, pinned, hovered } = state;

  useEffect(() => send({ type: 'reset' }), [result, send]);

  // Where the tooltip's token is on screen; re-read after scrolls (rAF-throttled) and re-layouts.
  const [anchor, setAnchor] = useState<TooltipAnchor | null>(null);
  const [scrollTick, setScrollTick] = useState(0);
  const tickPending = useRef(false);
  useLayoutEffect(() => {
    const box = scrollEl.current;
    const el = tipPos === null || !box ? null : findToken(box, tipPos);
    if (!box || !el) {
      setAnchor(null);
      return;
    }
    // A focused token that scrolled away unmounted without a blur event: if it is back but no longer
    // focused, its focus tooltip is stale.
    if (tipPos === focused && pinned === null && hovered === null && document.activeElement !== el) {
      send({ type: 'focusLost' });
      setAnchor(null);
      return;
    }
    const r = el.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    const isVisible = r.bottom > b.top && r.top < b.bottom;
    const next = isVisible ? { left: r.left, top: r.top, right: r.right, bottom: r.bottom } : null;
    setAnchor((a) => (a && next && a.left === next.left && a.top === next.top && a.right === next.right ? a : next));
  }, [tipPos, scrollTick, rows, items, focused, pinned, hovered, scrollEl, send]);

  const onScroll = () => {
    // A hovered token may scroll away (and unmount, firing no mouseout): drop the hover; the browser
    // sends a new mouseover for whatever is under the pointer once the scroll settles.
    if (hovered !== null) send({ type: 'hover', pos: null });
    if (tipPos === null || tickPending.current) return;
    tickPending.current = true;
    requestAnimationFrame(() => {
      tickPending.current = false;
      setScrollTick((t) => t + 1);
    });
  };

  const isOpen = tipPos !== null;
  useEffect(() => {
    if (!isOpen) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape') send({ type: 'close' });
    };
    const onDown = (e: PointerEvent) => {
      const t = e.target as Node | null;
      if (!t || scrollEl.current?.contains(t) || document.getElementById(tooltipId)?.contains(t)) return;
      send({ type: 'unpin' });
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onDown);
    };
  }, [isOpen, tooltipId, scrollEl, send]);

  /** The scroll box's handlers: what the pointer and focus do to the tooltip. */
  const handlers = {
    onScroll,
    onFocus: (e: FocusEvent<HTMLElement>) => {
      const pos = scoredTokenOf(e.target);
      if (pos !== null) send({ type: 'focus', pos });
    },
    onBlur: (e: FocusEvent<HTMLElement>) => {
      if (scoredTokenOf(e.relatedTarget) === null) send({ type: 'blur' });
    },
    onMouseOver: (e: MouseEvent<HTMLElement>) => send({ type: 'hover', pos: scoredTokenOf(e.target) }),
    onMouseLeave: () => send({ type: 'hover', pos: null }),
    onClick: (e: MouseEvent<HTMLElement>) => {
      const pos = scoredTokenOf(e.target);
      if (pos !== null) send({ type: 'togglePin', pos });
    },
  };

  return { tooltipId, state, tipPos, anchor, send, handlers, close: () => send({ type: 'close' }) };
}
