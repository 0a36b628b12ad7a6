import type { Virtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react';
import { findToken, scoredTokenOf } from './tokenElements';
import { tabbableToken, tokenForKey, type TokenLayout } from './tokenNavigation';
import type { TooltipEvent } from './tooltipState';
import { ROW_HEIGHT } from './useHeatmapRows';

export interface TokenKeyboardOptions {
  layout: TokenLayout;
  scrollEl: RefObject<HTMLElement | null>;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  /** Indexes of the drawn rows, in order. */
  drawnRows: readonly { index: number }[];
  /** The token used last (the tooltip's state). */
  activePos: number;
  /** Tells the tooltip what the keys did. */
  send: (event: TooltipEvent) => void;
}

/**
 * Keyboard navigation between scored tokens (see tokenForKey; Enter or Space pins a token's
 * tooltip) and the roving tab stop. A token that is not drawn yet is scrolled to first, then
 * focused once it renders.
 */
export function useTokenKeyboard({ layout, scrollEl, virtualizer, drawnRows, activePos, send }: TokenKeyboardOptions) {
  const tabbablePos =
    drawnRows.length > 0
      ? tabbableToken(layout, drawnRows[0].index, drawnRows[drawnRows.length - 1].index, virtualizer.range?.startIndex ?? drawnRows[0].index, activePos)
      : -1;

  const pendingFocus = useRef<number | null>(null);
  useEffect(() => {
    const p = pendingFocus.current;
    if (p === null || !scrollEl.current) return;
    const el = findToken(scrollEl.current, p);
    if (el) {
      pendingFocus.current = null;
      el.focus();
    }
  });
  /** Focus token p (its tooltip opens), scrolling it into view first when it is not drawn. */
  const moveFocus = (p: number) => {
    send({ type: 'moved', pos: p });
    const el = scrollEl.current && findToken(scrollEl.current, p);
    if (el) el.focus();
    else {
      pendingFocus.current = p;
      virtualizer.scrollToIndex(layout.rowOfToken[p], { align: 'center' });
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const pos = scoredTokenOf(e.target);
    if (pos === null) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      send({ type: 'togglePin', pos });
      return;
    }
    const page = Math.max(1, Math.floor((scrollEl.current?.clientHeight ?? 0) / ROW_HEIGHT) - 1);
    const next = tokenForKey(layout, pos, e.key, e.ctrlKey || e.metaKey, page);
    if (next === undefined) return;
    e.preventDefault();
    if (next >= 0 && next !== pos) moveFocus(next);
  };

  return { tabbablePos, onKeyDown, moveFocus };
}
