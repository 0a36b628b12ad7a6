import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TrajectoryMetrics } from '../types';
import { teacherRsr, teacherSummaries } from './teacherRsr';

const metrics = (avgRankClip: number, avgSurprisal: number, respTokenLength = 10, extra: Partial<TrajectoryMetrics> = {}): TrajectoryMetrics => ({
  respTokenLength,
  avgRankClip,
  avgRank: avgRankClip,
  avgSurprisal,
  avgEntropy: 0,
  rsr: avgRankClip / avgSurprisal,
  ...extra,
});

const EMPTY: TrajectoryMetrics = { respTokenLength: 0, avgRankClip: NaN, avgRank: NaN, avgSurprisal: NaN, avgEntropy: NaN, rsr: NaN };

describe('teacherRsr (Eq. 9)', () => {
  it('teacherRsr is Σ avgRankClip / Σ avgSurprisal — a ratio of sums, not the mean of trajectory RSRs', () => {
    // RSRs 2 and 1: their mean is 1.5, Eq. 9 gives (2 + 10) / (1 + 10).
    const ms = [metrics(2, 1), metrics(10, 10)];
    expect(teacherRsr(ms)).toBe(12 / 11);
    expect(teacherRsr(ms)).not.toBeCloseTo((ms[0].rsr + ms[1].rsr) / 2, 3);
  });

  it('teacherRsr weighs trajectories by their means, not by their token counts', () => {
    expect(teacherRsr([metrics(2, 1, 1000), metrics(10, 10, 1)])).toBe(12 / 11);
  });

  it('teacherRsr skips trajectories without response tokens', () => {
    expect(teacherRsr([metrics(2, 1), EMPTY, metrics(10, 10)])).toBe(12 / 11);
  });

  it('teacherRsr of no (non-empty) trajectories is NaN', () => {
    expect(teacherRsr([])).toBeNaN();
    expect(teacherRsr([EMPTY, EMPTY])).toBeNaN();
  });

  it('teacherRsr floors the surprisal sum at 1e-12', () => {
    expect(teacherRsr([metrics(1, 0), metrics(2, 0)])).toBe(3 / 1e-12);
  });

  it('teacherRsr accepts any iterable', () => {
    function* gen() {
      yield metrics(2, 1);
      yield metrics(10, 10);
    }
    expect(teacherRsr(gen())).toBe(12 / 11);
  });

  it("teacherRsr reproduces the reference's dataset_by_teacher from its per-sample means (relative 1e-12)", () => {
    const reference = JSON.parse(readFileSync(new URL('../../../fixtures/parity/reference.json', import.meta.url), 'utf8')) as {
      samples: { teacher: string; avg_rank_clip: number; avg_surprisal: number; resp_token_positions: number[] }[];
      dataset_by_teacher: Record<string, { n: number; avg_rank_clip: number; avg_surprisal: number; rank_surprisal_ratio: number }>;
    };
    const rows = reference.samples.map((s) => ({
      teacher: s.teacher,
      metrics: metrics(s.avg_rank_clip, s.avg_surprisal, s.resp_token_positions.length),
    }));
    const teachers = Object.keys(reference.dataset_by_teacher);
    expect(teachers).toHaveLength(3);
    for (const teacher of teachers) {
      const want = reference.dataset_by_teacher[teacher];
      const got = teacherRsr(rows.filter((r) => r.teacher === teacher).map((r) => r.metrics));
      expect(Math.abs(got - want.rank_surprisal_ratio) / want.rank_surprisal_ratio, teacher).toBeLessThanOrEqual(1e-12);
    }
    const summaries = teacherSummaries(rows);
    expect(summaries.map((s) => s.teacher).sort()).toEqual([...teachers].sort());
    for (const s of summaries) {
      const want = reference.dataset_by_teacher[s.teacher];
      expect(s.n, s.teacher).toBe(want.n);
      expect(Math.abs(s.rsr - want.rank_surprisal_ratio) / want.rank_surprisal_ratio, s.teacher).toBeLessThanOrEqual(1e-12);
      expect(s.avgRankClip, s.teacher).toBeCloseTo(want.avg_rank_clip, 12);
      expect(s.avgSurprisal, s.teacher).toBeCloseTo(want.avg_surprisal, 12);
    }
  });
});

describe('teacherSummaries', () => {
  it('teacherSummaries groups by teacher in first-seen order', () => {
    const rows = [
      { teacher: 'B', metrics: metrics(2, 1) },
      { teacher: 'A', metrics: metrics(3, 1) },
      { teacher: 'B', metrics: metrics(10, 10) },
      { teacher: 'C', metrics: metrics(4, 2) },
    ];
    expect(teacherSummaries(rows).map((s) => [s.teacher, s.n])).toEqual([
      ['B', 2],
      ['A', 1],
      ['C', 1],
    ]);
  });

  it('teacherSummaries skips empty trajectories: a teacher with only empty ones has no summary, and n counts scored ones', () => {
    const rows = [
      { teacher: 'E', metrics: EMPTY },
      { teacher: 'A', metrics: EMPTY },
      { teacher: 'A', metrics: metrics(2, 1) },
      { teacher: 'E', metrics: EMPTY },
    ];
    const s = teacherSummaries(rows);
    expect(s.map((x) => x.teacher)).toEqual(['A']);
    expect(s[0].n).toBe(1);
    expect(s[0].rsr).toBe(2);
    expect(s[0].avgRankClip).toBe(2);
  });

  it("teacherSummaries: each summary is Eq. 9 plus plain means of the trajectories' metrics and lengths", () => {
    const rows = [
      { teacher: 'A', metrics: metrics(2, 1, 10, { avgRank: 3, avgEntropy: 0.5 }) },
      { teacher: 'A', metrics: metrics(10, 10, 30, { avgRank: 40, avgEntropy: 1.5 }) },
    ];
    expect(teacherSummaries(rows)).toEqual([
      { teacher: 'A', n: 2, rsr: 12 / 11, avgRankClip: 6, avgRank: 21.5, avgSurprisal: 5.5, avgEntropy: 1, avgLength: 20 },
    ]);
  });

  it('teacherSummaries([]) is []', () => {
    expect(teacherSummaries([])).toEqual([]);
  });
});
