import { useCallback, useEffect, useRef } from 'react';
import { mapOffset, type TextAlignment } from '../../../core/compare/alignTexts';
import type { TokenizedTrajectory } from '../../../core/types';
import { tokenAt } from '../../analysis/tokenMarks';
import type { HeatmapControl } from '../heatmap/TokenHeatmap';
import { syncedScrollTop } from './syncedScrollTop';

/** After moving a side, its own scroll events are ours for this long (the virtualizer settles in a few frames). */
const ECHO_MS = 160;

export interface AlignedScrollOptions {
  isEnabled: boolean;
  /** The two sides' alignment; until it is known, the sides scroll proportionally. */
  alignment: TextAlignment | null;
  tokensA: TokenizedTrajectory | undefined;
  tokensB: TokenizedTrajectory | undefined;
}

/**
 * Two heatmaps that scroll on their text alignment: the token at the top of the side the user
 * scrolls is mapped through the alignment (mapOffset: exact in shared text, held at the insertion
 * point while the other side reads text of its own) and the other side brings the matching token
 * to its top. At either end both sides go to that end. Without an alignment, the same fraction of
 * the scroll range (syncedScrollTop). Returns callback refs for the two scroll elements and the
 * refs the two heatmaps fill with their controls.
 */
export function useAlignedScroll({ isEnabled, alignment, tokensA, tokensB }: AlignedScrollOptions) {
  const els = useRef<[HTMLDivElement | null, HTMLDivElement | null]>([null, null]);
  const controls = [useRef<HeatmapControl | null>(null), useRef<HeatmapControl | null>(null)] as const;
  const ours = useRef<[number, number]>([0, 0]);
  const live = useRef({ isEnabled, alignment, tokensA, tokensB });
  useEffect(() => {
    live.current = { isEnabled, alignment, tokensA, tokensB };
  }, [isEnabled, alignment, tokensA, tokensB]);
  const detach = useRef<[(() => void) | null, (() => void) | null]>([null, null]);

  const follow = useCallback((side: 0 | 1) => {
    const other = (1 - side) as 0 | 1;
    const from = els.current[side];
    const to = els.current[other];
    const { isEnabled: on, alignment: al, tokensA: ta, tokensB: tb } = live.current;
    if (!on || !from || !to) return;
    ours.current[other] = performance.now();
    const atTop = from.scrollTop <= 1;
    const atEnd = from.scrollTop + from.clientHeight >= from.scrollHeight - 2;
    const control = controls[other].current;
    const mine = controls[side].current;
    if (atTop || atEnd || !al || !ta || !tb || !control || !mine) {
      to.scrollTop = atTop ? 0 : atEnd ? to.scrollHeight : syncedScrollTop(from, to);
      return;
    }
    const [fromTokens, toTokens] = side === 0 ? [ta, tb] : [tb, ta];
    const offset = fromTokens.offsets[mine.firstVisibleToken()];
    const mapped = mapOffset(al, side === 0 ? 'a' : 'b', offset);
    control.scrollToToken(tokenAt(toTokens.offsets, mapped));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const listen = useCallback(
    (side: 0 | 1) => (el: HTMLDivElement | null) => {
      if (els.current[side] === el) return;
      detach.current[side]?.();
      detach.current[side] = null;
      els.current[side] = el;
      if (!el) return;
      const onScroll = () => {
        if (performance.now() - ours.current[side] < ECHO_MS) return;
        follow(side);
      };
      el.addEventListener('scroll', onScroll, { passive: true });
      detach.current[side] = () => el.removeEventListener('scroll', onScroll);
    },
    [follow],
  );
  const refA = useCallback((el: HTMLDivElement | null) => listen(0)(el), [listen]);
  const refB = useCallback((el: HTMLDivElement | null) => listen(1)(el), [listen]);
  return { refA, refB, controlA: controls[0], controlB: controls[1] };
}
