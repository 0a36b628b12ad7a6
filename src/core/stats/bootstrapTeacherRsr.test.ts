import { describe, expect, it } from 'vitest';
import { teacherRsr } from '../metrics/teacherRsr';
import type { TrajectoryMetrics } from '../types';
import { bootstrapTeacherRsr } from './bootstrapTeacherRsr';
import { mulberry32 } from './mulberry32';

type M = Pick<TrajectoryMetrics, 'avgRankClip' | 'avgSurprisal' | 'respTokenLength'>;

/** n trajectories whose means vary as real ones do (rank 1–20, surprisal 0.2–2.2 nats). */
function teacher(n: number, seed: number): M[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => ({
    avgRankClip: 1 + 19 * rand(),
    avgSurprisal: 0.2 + 2 * rand(),
    respTokenLength: 100,
  }));
}

describe('bootstrapTeacherRsr', () => {
  it('bootstrapTeacherRsr(metrics) returns the Eq. 9 point estimate as rsr', () => {
    const ms = teacher(30, 1);
    const result = bootstrapTeacherRsr(ms);
    expect(result.rsr).toBe(teacherRsr(ms));
    expect(result.b).toBe(1000);
  });

  it('bootstrapTeacherRsr(metrics, {seed}) is deterministic for a seed', () => {
    const ms = teacher(30, 1);
    expect(bootstrapTeacherRsr(ms, { seed: 7 })).toEqual(bootstrapTeacherRsr(ms, { seed: 7 }));
    expect(bootstrapTeacherRsr(ms, { seed: 7 })).not.toEqual(bootstrapTeacherRsr(ms, { seed: 8 }));
  });

  it('bootstrapTeacherRsr(metrics) gives an interval that contains the point estimate', () => {
    for (const seed of [1, 2, 3]) {
      const { rsr, lo, hi } = bootstrapTeacherRsr(teacher(40, seed), { seed });
      expect(lo).toBeLessThan(rsr);
      expect(hi).toBeGreaterThan(rsr);
    }
  });

  it('bootstrapTeacherRsr(metrics) gives lo = hi = rsr when all trajectories are identical', () => {
    const same = Array.from({ length: 12 }, () => ({ avgRankClip: 3.7, avgSurprisal: 0.61, respTokenLength: 50 }));
    const { rsr, lo, hi } = bootstrapTeacherRsr(same);
    expect(rsr).toBe(teacherRsr(same));
    expect(lo).toBe(rsr);
    expect(hi).toBe(rsr);
  });

  it('bootstrapTeacherRsr(metrics) gives lo = hi = rsr for a single trajectory', () => {
    const { rsr, lo, hi } = bootstrapTeacherRsr([{ avgRankClip: 2, avgSurprisal: 0.5, respTokenLength: 9 }]);
    expect([rsr, lo, hi]).toEqual([4, 4, 4]);
  });

  it('bootstrapTeacherRsr(metrics) narrows as the teacher has more trajectories', () => {
    const small = bootstrapTeacherRsr(teacher(10, 5));
    const large = bootstrapTeacherRsr(teacher(1000, 5));
    expect(large.hi - large.lo).toBeLessThan((small.hi - small.lo) / 3);
  });

  it('bootstrapTeacherRsr(metrics, {level}) widens with the level', () => {
    const ms = teacher(50, 4);
    const i80 = bootstrapTeacherRsr(ms, { level: 0.8 });
    const i99 = bootstrapTeacherRsr(ms, { level: 0.99 });
    expect(i99.lo).toBeLessThan(i80.lo);
    expect(i99.hi).toBeGreaterThan(i80.hi);
  });

  it('bootstrapTeacherRsr(metrics) skips trajectories without response tokens, as teacherRsr does', () => {
    const ms = [...teacher(20, 6), { avgRankClip: NaN, avgSurprisal: NaN, respTokenLength: 0 }];
    const result = bootstrapTeacherRsr(ms);
    expect(result.rsr).toBe(teacherRsr(ms));
    expect(result).toEqual(bootstrapTeacherRsr(ms.slice(0, 20)));
  });

  it('bootstrapTeacherRsr([]) is NaN throughout', () => {
    expect(bootstrapTeacherRsr([])).toEqual({ rsr: NaN, lo: NaN, hi: NaN, b: 1000 });
  });

  it('bootstrapTeacherRsr(metrics, {b}) rejects a non-positive or fractional b', () => {
    expect(() => bootstrapTeacherRsr(teacher(3, 1), { b: 0 })).toThrow(RangeError);
    expect(() => bootstrapTeacherRsr(teacher(3, 1), { b: 2.5 })).toThrow(RangeError);
  });
});
