import { describe, expect, it } from 'vitest';
import type { TrajectoryMetrics } from '../../core/types';
import { isRankingSettled, MIN_PER_TEACHER, rankEstimates } from './quickRank';

const m = (rank: number, surprisal: number): TrajectoryMetrics => ({ respTokenLength: 10, avgRankClip: rank, avgRank: rank, avgSurprisal: surprisal, avgEntropy: 1, rsr: rank / surprisal });
const many = (n: number, f: (i: number) => TrajectoryMetrics) => Array.from({ length: n }, (_, i) => f(i));

describe('quickRank', () => {
  it('rankEstimates orders teachers best (lowest RSR) first, with intervals', () => {
    const e = rankEstimates(new Map([['worse', many(10, (i) => m(8 + (i % 3), 1))], ['better', many(10, (i) => m(2 + (i % 3), 1))]]));
    expect(e.map((x) => x.teacher)).toEqual(['better', 'worse']);
    expect(e[0].lo).toBeLessThanOrEqual(e[0].rsr);
  });
  it('isRankingSettled once clearly different teachers each have enough trajectories, not before', () => {
    const far = (n: number) => rankEstimates(new Map([['a', many(n, (i) => m(2 + (i % 3), 1))], ['b', many(n, (i) => m(9 + (i % 3), 1))]]));
    expect(isRankingSettled(far(MIN_PER_TEACHER - 1))).toBe(false);
    expect(isRankingSettled(far(MIN_PER_TEACHER))).toBe(true);
  });
  it('isRankingSettled is false for two teachers with the same spread of RSRs', () => {
    const same = rankEstimates(new Map([['a', many(40, (i) => m(2 + (i % 5), 1))], ['b', many(40, (i) => m(2 + ((i + 2) % 5), 1))]]));
    expect(isRankingSettled(same)).toBe(false);
  });
});
