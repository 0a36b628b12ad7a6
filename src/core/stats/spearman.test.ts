import { describe, expect, it } from 'vitest';
import { spearman } from './spearman';

describe('spearman', () => {
  it('spearman(x, y) is 1 for any increasing relation, linear or not', () => {
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 1000])).toBe(1);
    expect(spearman([1, 2, 3, 4], [9, 3, 2, 1])).toBe(-1);
  });

  it('spearman(x, y) uses average ranks for ties', () => {
    // x = [1, 2, 2, 3] → ranks [1, 2.5, 2.5, 4]; y = [1, 3, 2, 4] → ranks [1, 3, 2, 4]; both means 2.5.
    // dx = [-1.5, 0, 0, 1.5], dy = [-1.5, 0.5, -0.5, 1.5]
    // Σdxdy = 2.25 + 0 + 0 + 2.25 = 4.5; Σdx² = 4.5; Σdy² = 2.25 + 0.25 + 0.25 + 2.25 = 5
    // ρ = 4.5 / √(4.5 · 5) = √0.9 = 0.9486832980505138
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(Math.sqrt(0.9), 14);
  });

  it('spearman(x, y) matches a hand-computed value without ties', () => {
    // ranks x = [1, 2, 3, 4, 5], ranks y = [2, 1, 4, 3, 5]; d = [-1, 1, -1, 1, 0], Σd² = 4
    // ρ = 1 − 6·4 / (5·24) = 0.8 (the shortcut is exact without ties)
    expect(spearman([10, 20, 30, 40, 50], [0.2, 0.1, 0.4, 0.3, 0.5])).toBeCloseTo(0.8, 14);
  });

  it('spearman(x, y) drops pairs with NaN before ranking', () => {
    expect(spearman([1, NaN, 2, 2, 3], [1, 100, 3, 2, 4])).toBeCloseTo(Math.sqrt(0.9), 14);
  });

  it('spearman(x, y) is NaN with fewer than two pairs or a constant side', () => {
    expect(spearman([1], [1])).toBeNaN();
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNaN();
  });
});
