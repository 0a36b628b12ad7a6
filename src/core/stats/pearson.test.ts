import { describe, expect, it } from 'vitest';
import { pearson } from './pearson';

describe('pearson', () => {
  it('pearson(x, y) is 1 for an increasing linear relation and −1 for a decreasing one', () => {
    expect(pearson([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 15);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 15);
  });

  it('pearson(x, y) matches a hand-computed value', () => {
    // x̄ = 2, ȳ = 3; dx = [-1, 0, 1], dy = [-2, 2, 0]; Σdxdy = 2, Σdx² = 2, Σdy² = 8 → 2 / √16 = 0.5.
    expect(pearson([1, 2, 3], [1, 5, 3])).toBeCloseTo(0.5, 15);
  });

  it('pearson(x, y) is NaN with fewer than two pairs', () => {
    expect(pearson([], [])).toBeNaN();
    expect(pearson([1], [2])).toBeNaN();
  });

  it('pearson(x, y) is NaN when either side has zero variance', () => {
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNaN();
    expect(pearson([0.1, 0.1, 0.1], [1, 2, 3])).toBeNaN();
  });

  it('pearson(x, y) skips pairs where either value is NaN or infinite', () => {
    expect(pearson([1, NaN, 2, 3, Infinity], [1, 7, 5, 3, 2])).toBeCloseTo(0.5, 15);
    expect(pearson([1, NaN], [1, 2])).toBeNaN();
  });

  it('pearson(x, y) is unaffected by a large offset', () => {
    expect(pearson([1e9 + 1, 1e9 + 2, 1e9 + 3], [1, 5, 3])).toBeCloseTo(0.5, 12);
  });

  it('pearson(x, y) throws on arrays of different lengths', () => {
    expect(() => pearson([1, 2], [1])).toThrow(RangeError);
  });
});
