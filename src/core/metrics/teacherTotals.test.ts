import { describe, expect, it } from 'vitest';
import { teacherSummaries } from './teacherRsr';
import { teacherTotals } from './teacherTotals';

const m = (respTokenLength: number, avgRankClip: number, avgSurprisal: number) => ({ respTokenLength, avgRankClip, avgSurprisal, avgRank: avgRankClip * 2, avgEntropy: 1, rsr: avgRankClip / avgSurprisal });

describe('teacherTotals', () => {
  it('teacherTotals() gives what teacherSummaries gives, one trajectory at a time', () => {
    const rows = [
      { teacher: 'a', metrics: m(10, 2, 0.5) },
      { teacher: 'b', metrics: m(4, 30, 5) },
      { teacher: 'a', metrics: m(3, 1.5, 0.25) },
      { teacher: 'a', metrics: m(0, NaN, NaN) },
    ];
    const totals = teacherTotals();
    for (const r of rows) totals.add(undefined, r.teacher, r.metrics);
    expect(totals.summaries().map(({ cuts: _, ...summary }) => summary)).toEqual(teacherSummaries(rows));
  });

  it('teacherTotals() counts each teacher’s cut rows: by the max-tokens setting, and past the student’s context', () => {
    const totals = teacherTotals();
    totals.add(undefined, 'a', m(10, 2, 0.5), { truncated: true, maxTokens: 2048 });
    totals.add(undefined, 'a', m(10, 2, 0.5), { truncated: false, maxTokens: 2048, positionLimit: 40960 });
    totals.add(undefined, 'a', m(0, NaN, NaN), { truncated: true, maxTokens: 2048 });
    totals.add(undefined, 'b', m(10, 2, 0.5));
    const [a, b] = totals.summaries();
    expect(a.cuts).toEqual({ n: 2, truncated: 1, truncatedAt: [2048], maxTokens: [2048], pastContext: 1, positionLimit: 40960 });
    expect(b.cuts).toEqual({ n: 1, truncated: 0, truncatedAt: [], maxTokens: [], pastContext: 0 });
  });

  it('teacherTotals() keeps the same teacher of two students apart, and a missing baseline NaN', () => {
    const totals = teacherTotals();
    totals.add('s1', 't', { respTokenLength: 2, avgRankClip: 1, avgSurprisal: 1 });
    totals.add('s2', 't', m(2, 4, 1));
    const [s1, s2] = totals.summaries();
    expect([s1.model, s1.rsr, s1.avgRank]).toEqual(['s1', 1, NaN]);
    expect([s2.model, s2.rsr, s2.avgRank]).toEqual(['s2', 4, 8]);
  });
});
