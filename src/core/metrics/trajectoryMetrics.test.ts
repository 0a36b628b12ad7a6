import { describe, expect, it } from 'vitest';
import { SURPRISAL_FLOOR, trajectoryMetrics, trajectoryRsr } from './trajectoryMetrics';

const scores = (rank: number[], surprisal: number[], entropy: number[] = rank.map(() => 0)) => ({
  rank: Int32Array.from(rank),
  surprisal: Float32Array.from(surprisal),
  entropy: Float32Array.from(entropy),
});

describe('trajectoryRsr (Eq. 7)', () => {
  it('trajectoryRsr(ranks, s, R) is Σ min(r, R) / Σ s', () => {
    expect(trajectoryRsr([1, 2, 3], [0.5, 1, 1.5], 100)).toBe(6 / 3);
  });

  it('trajectoryRsr(ranks, s, R) clips ranks at R', () => {
    expect(trajectoryRsr([1, 150, 3], [1, 1, 1], 100)).toBe((1 + 100 + 3) / 3);
    expect(trajectoryRsr([1, 150, 3], [1, 1, 1], 2)).toBe((1 + 2 + 2) / 3);
    // A rank equal to R is kept as is.
    expect(trajectoryRsr([100], [2], 100)).toBe(50);
  });

  it('trajectoryRsr floors the surprisal sum at 1e-12: an all-zero surprisal gives Σ min(r, R) / 1e-12', () => {
    expect(SURPRISAL_FLOOR).toBe(1e-12);
    expect(trajectoryRsr([1, 1], [0, 0], 100)).toBe(2 / 1e-12);
    expect(trajectoryRsr([1], [1e-15], 100)).toBe(1 / 1e-12);
    // Just above the floor the real sum is used.
    expect(trajectoryRsr([1], [2e-12], 100)).toBe(1 / 2e-12);
  });

  it('trajectoryRsr of an empty response is NaN, not 0 (0 would rank it best)', () => {
    expect(trajectoryRsr([], [], 100)).toBeNaN();
  });

  it('trajectoryRsr sums float32 inputs in float64', () => {
    // In float32, 2^24 + 1 + 1 stays 2^24.
    expect(trajectoryRsr(Int32Array.of(1, 1, 1), Float32Array.of(2 ** 24, 1, 1), 100)).toBe(3 / (2 ** 24 + 2));
  });

  it('trajectoryRsr is lower when the student finds the text more surprising at the same ranks', () => {
    expect(trajectoryRsr([5, 5], [1, 1], 100)).toBeGreaterThan(trajectoryRsr([5, 5], [2, 2], 100));
  });
});

describe('trajectoryMetrics', () => {
  it('trajectoryMetrics(scores, R) averages clipped rank, raw rank, surprisal and entropy over response tokens', () => {
    const m = trajectoryMetrics(scores([1, 3, 200], [0.5, 1, 4.5], [1, 2, 3]), 100);
    expect(m).toEqual({
      respTokenLength: 3,
      avgRankClip: (1 + 3 + 100) / 3,
      avgRank: (1 + 3 + 200) / 3,
      avgSurprisal: 6 / 3,
      avgEntropy: 6 / 3,
      rsr: 104 / 6,
    });
  });

  it('trajectoryMetrics(scores, R).rsr equals trajectoryRsr on the same tokens', () => {
    const s = scores([1, 7, 1, 130, 2], [0.25, 2.5, 0.125, 9, 1.5]);
    expect(trajectoryMetrics(s, 100).rsr).toBe(trajectoryRsr(s.rank, s.surprisal, 100));
    expect(trajectoryMetrics(s, 5).rsr).toBe(trajectoryRsr(s.rank, s.surprisal, 5));
  });

  it('trajectoryMetrics floors the surprisal sum at 1e-12 too', () => {
    const m = trajectoryMetrics(scores([1, 1, 1], [0, 0, 0]), 100);
    expect(m.rsr).toBe(3 / 1e-12);
    expect(m.avgSurprisal).toBe(0);
  });

  it('trajectoryMetrics of an empty response: length 0 and every mean and the RSR NaN', () => {
    const m = trajectoryMetrics(scores([], []), 100);
    expect(m.respTokenLength).toBe(0);
    for (const key of ['avgRankClip', 'avgRank', 'avgSurprisal', 'avgEntropy', 'rsr'] as const) expect(m[key], key).toBeNaN();
  });
});
