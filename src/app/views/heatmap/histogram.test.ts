import { describe, expect, it } from 'vitest';
import { heatmapScale } from './heatmapScales';
import { histogram, NO_BIN } from './histogram';

describe('histogram', () => {
  it('histogram(scale, ranks, s, R) counts response tokens per rank bucket', () => {
    const h = histogram(heatmapScale('rank', 100), [1, 1, 2, 10, 11, 101, 5000], [0, 0, 1, 2, 3, 9, 12], 100);
    expect(h.counts).toEqual([2, 2, 1, 2]);
    expect(Array.from(h.binOf)).toEqual([0, 0, 1, 1, 2, 3, 3]);
  });

  it('histogram counts tokens ranked above the clip R separately', () => {
    const h = histogram(heatmapScale('rank', 50), [1, 49, 50, 51, 200], [0, 1, 1, 1, 1], 50);
    expect(h.clipped).toBe(2);
  });

  it('histogram of surprisal puts clamped values in the "≥ 10" bin', () => {
    const h = histogram(heatmapScale('surprisal', 100), [1, 1, 1], [0.1, 10, 30], 100);
    expect(h.counts[0]).toBe(1);
    expect(h.counts[20]).toBe(2);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('histogram leaves NaN values out of every bin', () => {
    const h = histogram(heatmapScale('surprisal', 100), [1, 1], [NaN, 1], 100);
    expect(h.binOf[0]).toBe(NO_BIN);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('histogram of no tokens is all zeros', () => {
    const h = histogram(heatmapScale('tokenRsr', 100), [], [], 100);
    expect(h.counts.every((c) => c === 0)).toBe(true);
    expect(h.binOf).toHaveLength(0);
  });
});
