import { describe, expect, it } from 'vitest';
import { compareMissingLast } from './compareMissingLast';

describe('compareMissingLast', () => {
  it('compareMissingLast(x, y, sign) orders present numbers by sign and puts undefined and NaN after them either way', () => {
    expect(compareMissingLast(1, 2, 1)).toBeLessThan(0);
    expect(compareMissingLast(1, 2, -1)).toBeGreaterThan(0);
    for (const sign of [1, -1] as const) {
      expect(compareMissingLast(undefined, 2, sign)).toBe(1);
      expect(compareMissingLast(2, NaN, sign)).toBe(-1);
      expect(compareMissingLast(NaN, undefined, sign)).toBe(0);
    }
  });
});
