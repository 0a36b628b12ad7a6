import { describe, expect, it } from 'vitest';
import { openTooltipPos, TOOLTIP_CLOSED, tooltipTransition, type TooltipEvent, type TooltipState } from './tooltipState';

const run = (...events: TooltipEvent[]): TooltipState => events.reduce(tooltipTransition, TOOLTIP_CLOSED);

describe('tooltipTransition', () => {
  it('tooltipTransition: a pinned token wins over the hovered one, which wins over the focused one', () => {
    expect(openTooltipPos(run({ type: 'focus', pos: 1 }))).toBe(1);
    expect(openTooltipPos(run({ type: 'focus', pos: 1 }, { type: 'hover', pos: 2 }))).toBe(2);
    expect(openTooltipPos(run({ type: 'focus', pos: 1 }, { type: 'hover', pos: 2 }, { type: 'togglePin', pos: 3 }))).toBe(3);
  });

  it('tooltipTransition(close) closes any tooltip, and a focused one stays closed until focus moves', () => {
    const closed = run({ type: 'focus', pos: 1 }, { type: 'hover', pos: 2 }, { type: 'togglePin', pos: 3 }, { type: 'close' });
    expect(openTooltipPos(closed)).toBeNull();
    expect(openTooltipPos(tooltipTransition(closed, { type: 'focus', pos: 1 }))).toBe(1);
  });

  it('tooltipTransition(togglePin) on the pinned token unpins it and keeps its focus tooltip closed', () => {
    const s = run({ type: 'focus', pos: 4 }, { type: 'togglePin', pos: 4 }, { type: 'togglePin', pos: 4 });
    expect(s.pinned).toBeNull();
    expect(openTooltipPos(s)).toBeNull();
    expect(s.activePos).toBe(4);
  });

  it('tooltipTransition(unpin) drops only the pin: a hovered or focused token shows again', () => {
    expect(openTooltipPos(run({ type: 'hover', pos: 2 }, { type: 'togglePin', pos: 3 }, { type: 'unpin' }))).toBe(2);
  });

  it('tooltipTransition keeps the same object when nothing changes, and reset closes everything', () => {
    const s = run({ type: 'hover', pos: 2 });
    expect(tooltipTransition(s, { type: 'hover', pos: 2 })).toBe(s);
    expect(tooltipTransition(TOOLTIP_CLOSED, { type: 'reset' })).toBe(TOOLTIP_CLOSED);
    expect(run({ type: 'focus', pos: 1 }, { type: 'togglePin', pos: 1 }, { type: 'reset' })).toEqual(TOOLTIP_CLOSED);
  });
});
