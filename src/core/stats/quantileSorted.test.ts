import { describe, expect, it } from 'vitest';
import { quantileSorted } from './quantileSorted';

describe('quantileSorted', () => {
  it('quantileSorted(values, p) interpolates linearly between order statistics (type 7)', () => {
    // numpy.quantile([1, 2, 3, 4], 0.25) = 1.75; 0.5 → 2.5; 0.975 → 3.925
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 15);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 15);
    expect(quantileSorted([1, 2, 3, 4], 0.975)).toBeCloseTo(3.925, 15);
  });

  it('quantileSorted(values, 0) is the minimum and quantileSorted(values, 1) the maximum', () => {
    expect(quantileSorted([1, 2, 3], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3], 1)).toBe(3);
  });

  it('quantileSorted(values, p) of one value is that value', () => {
    expect(quantileSorted([5], 0.3)).toBe(5);
  });

  it('quantileSorted(values, p) is NaN for no values or p outside [0, 1]', () => {
    expect(quantileSorted([], 0.5)).toBeNaN();
    expect(quantileSorted([1, 2], 1.5)).toBeNaN();
    expect(quantileSorted([1, 2], NaN)).toBeNaN();
  });
});
