import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../stats/mulberry32';
import { reduceLogits } from './reduceLogits';

/** The textbook definitions, computed naively in float64 (fine for small, moderate rows). */
function naive(row: ArrayLike<number>, target: number, k: number) {
  const z = Array.from(row);
  const logSumExp = Math.log(z.reduce((a, x) => a + Math.exp(x), 0));
  const p = z.map((x) => Math.exp(x - logSumExp));
  const order = z.map((_, i) => i).sort((a, b) => z[b] - z[a] || a - b);
  return {
    surprisal: logSumExp - z[target],
    greater: z.filter((x) => x > z[target]).length,
    entropy: -p.reduce((a, q) => a + (q > 0 ? q * Math.log(q) : 0), 0),
    topIds: order.slice(0, k),
    topLogProbs: order.slice(0, k).map((i) => z[i] - logSumExp),
  };
}

describe('reduceLogits', () => {
  it('reduceLogits rank: greater counts logits strictly above the target; ties with the target do not raise the rank', () => {
    const row = Float32Array.of(1, 3, 3, 2, 3);
    expect(reduceLogits(row, 1, 1).greater).toBe(0);
    expect(reduceLogits(row, 2, 1).greater).toBe(0);
    expect(reduceLogits(row, 4, 1).greater).toBe(0);
    expect(reduceLogits(row, 3, 1).greater).toBe(3);
    expect(reduceLogits(row, 0, 1).greater).toBe(4);
  });

  it('reduceLogits rank runs over the full width, padding ids included', () => {
    const row = new Float32Array(1000).fill(-5);
    row[7] = 1;
    row[999] = 2; // a "padding" id at the far end still counts
    expect(reduceLogits(row, 7, 1).greater).toBe(1);
  });

  it('reduceLogits surprisal equals logsumexp(z) − z_t computed naively in float64', () => {
    const row = Float64Array.of(0.5, -1.25, 2, 0, 1.75, -3);
    for (let t = 0; t < row.length; t++) expect(reduceLogits(row, t, 0).surprisal).toBeCloseTo(naive(row, t, 0).surprisal, 13);
  });

  it('reduceLogits surprisal stays finite and exact for logits far from 0 (the max is subtracted first)', () => {
    // z = [1000, 999]: s_1 = log(1 + e^-1) + 1 — exp(1000) overflows in float64.
    const r = reduceLogits(Float64Array.of(1000, 999), 1, 2);
    expect(r.surprisal).toBeCloseTo(Math.log1p(Math.exp(-1)) + 1, 12);
    expect(r.entropy).toBeGreaterThan(0);
    expect(r.topLogProbs[0]).toBeCloseTo(-Math.log1p(Math.exp(-1)), 12);
  });

  it('reduceLogits surprisal of the argmax of a peaked row is near 0 and never negative', () => {
    const row = new Float32Array(50).fill(-30);
    row[3] = 10;
    const r = reduceLogits(row, 3, 1);
    expect(r.surprisal).toBeGreaterThanOrEqual(0);
    expect(r.surprisal).toBeLessThan(1e-15);
  });

  it('reduceLogits entropy of a uniform row is log V', () => {
    for (const v of [1, 2, 7, 151936]) {
      const r = reduceLogits(new Float32Array(v).fill(0.3), 0, 0);
      expect(r.entropy, String(v)).toBeCloseTo(Math.log(v), 10);
      expect(r.surprisal, String(v)).toBeCloseTo(Math.log(v), 10);
      expect(r.greater).toBe(0);
    }
  });

  it('reduceLogits top-k: ids by decreasing logit, lower id first among equals, with their log-probabilities', () => {
    const row = Float64Array.of(0.1, 2, -1, 2, 0.5);
    const r = reduceLogits(row, 0, 3);
    const lse = Math.log(row.reduce((a, x) => a + Math.exp(x), 0));
    expect(r.topIds).toEqual([1, 3, 4]);
    expect(r.topLogProbs).toHaveLength(3);
    [2, 2, 0.5].forEach((z, i) => expect(r.topLogProbs[i]).toBeCloseTo(z - lse, 13));
  });

  it('reduceLogits top-k with k larger than V returns all V ids, sorted', () => {
    const r = reduceLogits(Float32Array.of(-1, 3, 0.5), 2, 10);
    expect(r.topIds).toEqual([1, 2, 0]);
    expect(r.topLogProbs).toHaveLength(3);
    expect(r.topLogProbs.reduce((a, lp) => a + Math.exp(lp), 0)).toBeCloseTo(1, 12);
  });

  it('reduceLogits with k = 0 returns empty top-k lists', () => {
    const r = reduceLogits(Float32Array.of(1, 2), 0, 0);
    expect(r.topIds).toEqual([]);
    expect(r.topLogProbs).toEqual([]);
  });

  it('reduceLogits agrees with the naive definitions on random rows with many ties', () => {
    const rand = mulberry32(7);
    for (let trial = 0; trial < 40; trial++) {
      const v = 1 + Math.floor(rand() * 300);
      // Logits rounded to 0.5 so that ties (with the target and inside the top-k) are common.
      const row = Float32Array.from({ length: v }, () => Math.round((rand() * 16 - 8) * 2) / 2);
      const target = Math.floor(rand() * v);
      const k = 1 + Math.floor(rand() * 8);
      const got = reduceLogits(row, target, k);
      const want = naive(row, target, k);
      const label = `trial ${trial}`;
      expect(got.greater, label).toBe(want.greater);
      expect(got.topIds, label).toEqual(want.topIds);
      expect(got.surprisal, label).toBeCloseTo(want.surprisal, 10);
      expect(got.entropy, label).toBeCloseTo(want.entropy, 10);
      got.topLogProbs.forEach((lp, i) => expect(lp, label).toBeCloseTo(want.topLogProbs[i], 10));
    }
  });
});

describe('reduceLogits with masked logits', () => {
  // exp(−∞)·(−∞ − max) is 0·(−∞) = NaN: a masked or padding id must add nothing (0·log 0 = 0).
  it('reduceLogits entropy ignores −Infinity logits: zero-probability tokens add nothing', () => {
    const r = reduceLogits(Float32Array.of(0, 0, -Infinity), 0, 2);
    expect(r.entropy).toBeCloseTo(Math.log(2), 12);
  });

  it('reduceLogits surprisal, rank and top-k are unaffected by −Infinity logits', () => {
    const r = reduceLogits(Float32Array.of(0, 0, -Infinity), 1, 3);
    expect(r.surprisal).toBeCloseTo(Math.log(2), 12);
    expect(r.greater).toBe(0);
    expect(r.topIds).toEqual([0, 1, 2]);
    expect(r.topLogProbs[2]).toBe(-Infinity);
  });
});
