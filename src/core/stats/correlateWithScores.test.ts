import { describe, expect, it } from 'vitest';
import type { TeacherSummary } from '../types';
import { CORRELATED_METRICS, correlateWithScores } from './correlateWithScores';

function summary(teacher: string, rsr: number, rest: Partial<TeacherSummary> = {}): TeacherSummary {
  return { teacher, n: 10, rsr, avgRankClip: rsr, avgRank: rsr * 2, avgSurprisal: 1 / rsr, avgEntropy: 1, avgLength: 100, ...rest };
}

describe('correlateWithScores', () => {
  it('correlateWithScores(summaries, scores) correlates every metric with the scores, in CORRELATED_METRICS order', () => {
    const summaries = [summary('a', 1, { avgEntropy: 3 }), summary('b', 2, { avgEntropy: 1 }), summary('c', 4, { avgEntropy: 2 })];
    const scores = new Map([['a', 90], ['b', 80], ['c', 50]]);
    const result = correlateWithScores(summaries, scores);
    expect(result.metrics.map((m) => m.metric)).toEqual(CORRELATED_METRICS);
    const byMetric = Object.fromEntries(result.metrics.map((m) => [m.metric, m]));
    // Lower RSR, higher score: a perfectly predictive RSR has ρ = −1.
    expect(byMetric.rsr.spearman).toBe(-1);
    expect(byMetric.avgSurprisal.spearman).toBe(1);
    // rsr = [1, 2, 4], score = [90, 80, 50]: dx = [-4/3, -1/3, 5/3], dy = [50/3, 20/3, -70/3]
    // Σdxdy = (-200 - 20 - 350)/9 = -570/9, Σdx² = 42/9, Σdy² = 7800/9 → r = -570 / √(42 · 7800) ≈ -0.99587
    expect(byMetric.rsr.pearson).toBeCloseTo(-570 / Math.sqrt(42 * 7800), 14);
    // Entropy ranks [3, 1, 2] vs score ranks [3, 2, 1]: ρ = 1 − 6·2/(3·8) = 0.5.
    expect(byMetric.avgEntropy.spearman).toBeCloseTo(0.5, 14);
    // avgLength is constant: no correlation defined.
    expect(byMetric.avgLength.spearman).toBeNaN();
    expect(byMetric.avgLength.n).toBe(3);
  });

  it('correlateWithScores(summaries, scores) uses only teachers present on both sides and lists the others', () => {
    const summaries = [summary('a', 1), summary('x', 9), summary('b', 2), summary('c', 3)];
    const scores = new Map([['c', 1], ['y', 5], ['a', 3], ['b', 2], ['A', 0]]);
    const result = correlateWithScores(summaries, scores);
    expect(result.matched).toEqual(['a', 'b', 'c']);
    expect(result.unmatchedTeachers).toEqual(['x']);
    expect(result.unmatchedScores).toEqual(['y', 'A']);
    expect(result.metrics[0]).toMatchObject({ metric: 'rsr', spearman: -1, n: 3 });
  });

  it('correlateWithScores(summaries, scores) drops teachers whose metric is NaN from that metric only', () => {
    const summaries = [summary('a', 1, { avgEntropy: NaN }), summary('b', 2, { avgEntropy: 1 }), summary('c', 3, { avgEntropy: 2 }), summary('d', 4, { avgEntropy: 3 })];
    const scores = new Map([['a', 4], ['b', 3], ['c', 2], ['d', 1]]);
    const byMetric = Object.fromEntries(correlateWithScores(summaries, scores).metrics.map((m) => [m.metric, m]));
    expect(byMetric.rsr.n).toBe(4);
    expect(byMetric.avgEntropy.n).toBe(3);
    expect(byMetric.avgEntropy.spearman).toBe(-1);
  });

  it('correlateWithScores(summaries, scores) gives NaN correlations with fewer than two matched teachers', () => {
    const result = correlateWithScores([summary('a', 1)], new Map([['a', 1]]));
    expect(result.metrics.every((m) => Number.isNaN(m.spearman) && Number.isNaN(m.pearson) && m.n === 1)).toBe(true);
  });

  it('correlateWithScores(summaries, scores) counts a repeated teacher summary once (the first)', () => {
    const summaries = [summary('a', 1), summary('b', 2), summary('a', 100), summary('c', 3)];
    const result = correlateWithScores(summaries, new Map([['a', 3], ['b', 2], ['c', 1]]));
    expect(result.matched).toEqual(['a', 'b', 'c']);
    expect(result.metrics[0].spearman).toBe(-1);
  });
});
