import { describe, expect, it } from 'vitest';
import type { TeacherSummary } from '../../core/types';
import { sortByRsr } from './useTeacherSummaries';

const summary = (teacher: string, rsr: number): TeacherSummary => ({ teacher, rsr, n: 1, avgRankClip: 1, avgRank: 1, avgSurprisal: 1, avgEntropy: 1, avgLength: 1 });

describe('sortByRsr', () => {
  it('sortByRsr(summaries) puts the lowest RSR first, NaN last, ties by name', () => {
    const sorted = sortByRsr([summary('c', NaN), summary('b', 2), summary('a', 2), summary('d', 1)]);
    expect(sorted.map((s) => s.teacher)).toEqual(['d', 'a', 'b', 'c']);
  });
});
