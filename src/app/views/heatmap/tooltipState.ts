/**
 * Which token's tooltip is open, as a pure state machine: a pinned token wins over the hovered
 * one, which wins over the focused one. Esc and the close button close a tooltip whatever opened
 * it; a focused token's tooltip then stays closed (`dismissed`) until focus moves.
 */
export interface TooltipState {
  hovered: number | null;
  focused: number | null;
  pinned: number | null;
  /** The focused token whose tooltip was closed. */
  dismissed: number | null;
  /** The token used last (focused, clicked, moved to): the roving tab stop while it is drawn; -1 for none. */
  activePos: number;
}

export type TooltipEvent =
  /** The pointer is over this token, or over no token (null). */
  | { type: 'hover'; pos: number | null }
  | { type: 'focus'; pos: number }
  /** Focus left the tokens. */
  | { type: 'blur' }
  /** The focused token scrolled out and back without being focused again: its focus tooltip is stale. */
  | { type: 'focusLost' }
  /** Click, Enter or Space on a token. */
  | { type: 'togglePin'; pos: number }
  /** The keyboard moved to this token. */
  | { type: 'moved'; pos: number }
  /** Esc or the close button. */
  | { type: 'close' }
  /** A press outside the heatmap and the tooltip. */
  | { type: 'unpin' }
  /** Another trajectory is shown. */
  | { type: 'reset' };

export const TOOLTIP_CLOSED: TooltipState = { hovered: null, focused: null, pinned: null, dismissed: null, activePos: -1 };

/** The state after `event`; the same object when nothing changes, so React can skip the render. */
export function tooltipTransition(s: TooltipState, event: TooltipEvent): TooltipState {
  const next = apply(s, event);
  return next.hovered === s.hovered && next.focused === s.focused && next.pinned === s.pinned && next.dismissed === s.dismissed && next.activePos === s.activePos ? s : next;
}

function apply(s: TooltipState, event: TooltipEvent): TooltipState {
  switch (event.type) {
    case 'hover':
      return { ...s, hovered: event.pos };
    case 'focus':
      // A new focus shows the tooltip again, even on the token whose tooltip Esc closed.
      return { ...s, focused: event.pos, activePos: event.pos, dismissed: null };
    case 'blur':
    case 'focusLost':
      return { ...s, focused: null };
    case 'togglePin':
      return s.pinned === event.pos ? { ...s, pinned: null, dismissed: event.pos, activePos: event.pos } : { ...s, pinned: event.pos, dismissed: null, activePos: event.pos };
    case 'moved':
      return { ...s, activePos: event.pos };
    case 'close':
      return { ...s, pinned: null, hovered: null, dismissed: s.focused };
    case 'unpin':
      return { ...s, pinned: null };
    case 'reset':
      return TOOLTIP_CLOSED;
  }
}

/** The token whose tooltip is open, or null. */
export function openTooltipPos(s: TooltipState): number | null {
  return s.pinned ?? s.hovered ?? (s.focused !== s.dismissed ? s.focused : null);
}
