import { describe, expect, it } from 'vitest';
import { trajectoriesToSeparate } from './trajectoriesToSeparate';

describe('trajectoriesToSeparate', () => {
  it('trajectoriesToSeparate says two far-apart estimates are separated, needing no more data', () => {
    expect(trajectoriesToSeparate({ rsr: 5, lo: 4.8, hi: 5.2, n: 50 }, { rsr: 7, lo: 6.8, hi: 7.2, n: 50 })).toEqual({ isSeparated: true, more: 0 });
  });

  it('trajectoriesToSeparate(overlapping) asks for the n that shrinks the margin under the difference', () => {
    // se = 0.5 each (half-width 0.98), Δ = 0.5: margin z·√0.5 ≈ 1.386, factor ≈ 7.68, n = 12 → ≈ 81 more.
    const s = trajectoriesToSeparate({ rsr: 7.11, lo: 7.11 - 0.98, hi: 7.11 + 0.98, n: 12 }, { rsr: 7.61, lo: 7.61 - 0.98, hi: 7.61 + 0.98, n: 12 });
    expect(s.isSeparated).toBe(false);
    expect(s.more).toBeGreaterThanOrEqual(79);
    expect(s.more).toBeLessThanOrEqual(82);
  });

  it('trajectoriesToSeparate of equal estimates or a missing interval never separates', () => {
    expect(trajectoriesToSeparate({ rsr: 3, lo: 2, hi: 4, n: 5 }, { rsr: 3, lo: 2.5, hi: 3.5, n: 5 })).toEqual({ isSeparated: false, more: Infinity });
    expect(trajectoriesToSeparate({ rsr: 3, lo: NaN, hi: NaN, n: 1 }, { rsr: 4, lo: 3.5, hi: 4.5, n: 5 })).toEqual({ isSeparated: false, more: Infinity });
  });
});
