import { describe, expect, it } from 'vitest';
import { brushFromPixels, isInBrush } from './scatterBrush';

describe('brushFromPixels', () => {
  // x: 10 px per unit from 0; y: 300 px at 0, going up 5 px per unit.
  const invertX = (px: number) => px / 10;
  const invertY = (py: number) => (300 - py) / 5;

  it('brushFromPixels(a, b) sorts each range whatever the drag direction (the y axis points up)', () => {
    const down = brushFromPixels({ x: 20, y: 250 }, { x: 60, y: 200 }, invertX, invertY);
    const up = brushFromPixels({ x: 60, y: 200 }, { x: 20, y: 250 }, invertX, invertY);
    expect(down).toEqual({ x0: 2, x1: 6, y0: 10, y1: 20 });
    expect(up).toEqual(down);
  });
});

describe('isInBrush', () => {
  const brush = { x0: 1, x1: 2, y0: 10, y1: 20 };
  it('isInBrush(m, brush) includes the edges', () => {
    expect(isInBrush({ avgSurprisal: 1, avgRankClip: 20 }, brush)).toBe(true);
    expect(isInBrush({ avgSurprisal: 2.0001, avgRankClip: 15 }, brush)).toBe(false);
  });
  it('isInBrush never includes unscored rows or NaN metrics', () => {
    expect(isInBrush(undefined, brush)).toBe(false);
    expect(isInBrush({ avgSurprisal: NaN, avgRankClip: 15 }, brush)).toBe(false);
  });
});
