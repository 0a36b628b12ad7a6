import type { TeacherSummary, TrajectoryMetrics } from '../types';
import { SURPRISAL_FLOOR } from './trajectoryMetrics';

/**
 * Dataset / teacher RSR (Yang et al. 2026, Eq. 9): Σ_j avgRankClip_j / Σ_j avgSurprisal_j.
 * A ratio of sums of per-trajectory means — not the mean of trajectory RSRs, which would let a
 * few near-zero-surprisal trajectories dominate. Trajectories without response tokens are skipped.
 */
export function teacherRsr(metrics: Iterable<Pick<TrajectoryMetrics, 'avgRankClip' | 'avgSurprisal' | 'respTokenLength'>>): number {
  let rankSum = 0;
  let surprisalSum = 0;
  let n = 0;
  for (const m of metrics) {
    if (!m.respTokenLength) continue;
    rankSum += m.avgRankClip;
    surprisalSum += m.avgSurprisal;
    n++;
  }
  return n ? rankSum / Math.max(surprisalSum, SURPRISAL_FLOOR) : NaN;
}

/** One summary per teacher (Eq. 9 RSR, n and the baselines' means), in first-seen teacher order. */
export function teacherSummaries(rows: Iterable<{ teacher: string; metrics: TrajectoryMetrics }>): TeacherSummary[] {
  const groups = new Map<string, TrajectoryMetrics[]>();
  for (const row of rows) {
    if (!row.metrics.respTokenLength) continue;
    let group = groups.get(row.teacher);
    if (!group) groups.set(row.teacher, (group = []));
    group.push(row.metrics);
  }
  return [...groups].map(([teacher, ms]) => {
    const mean = (f: (m: TrajectoryMetrics) => number) => ms.reduce((a, m) => a + f(m), 0) / ms.length;
    return {
      teacher,
      n: ms.length,
      rsr: teacherRsr(ms),
      avgRankClip: mean((m) => m.avgRankClip),
      avgRank: mean((m) => m.avgRank),
      avgSurprisal: mean((m) => m.avgSurprisal),
      avgEntropy: mean((m) => m.avgEntropy),
      avgLength: mean((m) => m.respTokenLength),
    };
  });
}
