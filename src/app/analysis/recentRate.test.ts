import { describe, expect, it } from 'vitest';
import { recentRate } from './recentRate';

describe('recentRate', () => {
  it('recentRate measures over the last window only', () => {
    const samples = [
      { at: 0, done: 0 },
      { at: 10_000, done: 10_000 },
      { at: 20_000, done: 12_000 },
      { at: 30_000, done: 14_000 },
    ];
    // The first 10 s ran at 1,000 tok/s; the last 20 s at 200 tok/s.
    expect(recentRate(samples, 20_000, 1000, 0)).toBeCloseTo(200, 9);
  });
  it('recentRate falls back until the samples span the minimum', () => {
    expect(recentRate([{ at: 0, done: 0 }], 5000, 1000, 42)).toBe(42);
    expect(recentRate([{ at: 0, done: 0 }, { at: 500, done: 100 }], 5000, 1000, 42)).toBe(42);
  });
});
