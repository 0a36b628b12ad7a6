import { describe, expect, it } from 'vitest';
import { teacherRsr } from '../metrics/teacherRsr';
import { pairedDeltaRsr, type MetricsPair } from './pairedDeltaRsr';

const m = (avgRankClip: number, avgSurprisal: number, respTokenLength = 10) => ({ avgRankClip, avgSurprisal, respTokenLength, rsr: avgRankClip / avgSurprisal });

describe('pairedDeltaRsr', () => {
  const pairs: MetricsPair[] = [
    { a: m(2, 1), b: m(3, 1) },
    { a: m(4, 2), b: m(5, 2) },
    { a: m(9, 1), b: m(8, 1) },
    { a: m(1, 1), b: m(1, 1) },
  ];

  it('pairedDeltaRsr counts wins, losses and ties by trajectory RSR', () => {
    const d = pairedDeltaRsr(pairs);
    expect([d.n, d.winsA, d.winsB, d.ties]).toEqual([4, 2, 1, 1]);
  });

  it('pairedDeltaRsr(pairs).delta is Eq. 9 of A minus Eq. 9 of B over the same problems, inside its interval', () => {
    const d = pairedDeltaRsr(pairs);
    expect(d.delta).toBeCloseTo(teacherRsr(pairs.map((p) => p.a)) - teacherRsr(pairs.map((p) => p.b)), 12);
    expect(d.lo).toBeLessThanOrEqual(d.delta);
    expect(d.hi).toBeGreaterThanOrEqual(d.delta);
  });

  it('pairedDeltaRsr keeps pairs together: a constant per-problem shift gives an interval far narrower than the spread of problems', () => {
    // Problems differ a lot (RSR 1…20), but B is always 0.5 worse: the paired interval must exclude 0.
    const shifted = Array.from({ length: 30 }, (_, i) => ({ a: m(1 + i, 1), b: m(1.5 + i, 1) }));
    const d = pairedDeltaRsr(shifted, { seed: 3 });
    expect(d.delta).toBeCloseTo(-0.5, 12);
    expect(d.hi).toBeLessThan(0);
    expect(d.lo).toBeCloseTo(-0.5, 12);
  });

  it('pairedDeltaRsr is reproducible for a seed and drops pairs with an empty side', () => {
    expect(pairedDeltaRsr(pairs, { seed: 7 })).toEqual(pairedDeltaRsr(pairs, { seed: 7 }));
    const d = pairedDeltaRsr([...pairs, { a: m(0, 0, 0), b: m(3, 1) }]);
    expect(d.n).toBe(4);
  });

  it('pairedDeltaRsr of no pair is NaN with zero counts', () => {
    const d = pairedDeltaRsr([]);
    expect([d.n, d.winsA, d.winsB]).toEqual([0, 0, 0]);
    expect([d.delta, d.lo, d.hi].every(Number.isNaN)).toBe(true);
  });
});
