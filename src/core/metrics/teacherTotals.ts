import type { TeacherSummary, TrajectoryMetrics } from '../types';
import { cutTally, type RowCut, type TeacherCuts } from './teacherCuts';
import { SURPRISAL_FLOOR } from './trajectoryMetrics';

/** A teacher's summary, the student that scored it when one run mixes several, and how many of its rows were cut. */
export type ModelTeacherSummary = TeacherSummary & { model?: string; cuts?: TeacherCuts };

type Sums = { model?: string; teacher: string; n: number; rank: number; surprisal: number; rawRank: number; entropy: number; length: number; cuts: ReturnType<typeof cutTally> };

/**
 * Per-teacher summaries built one trajectory at a time, so a summary of millions of rows holds one
 * set of sums per (model, teacher) and nothing per row. Eq. 9 as teacherRsr: Σ_j avgRankClip_j /
 * max(Σ_j avgSurprisal_j, 1e-12), a ratio of sums; trajectories without response tokens are
 * skipped, as the reference skips them. Means of baselines a source lacks (NaN) stay NaN.
 */
export function teacherTotals() {
  const groups = new Map<string, Sums>();
  return {
    /** `cut`: what cut the row before it was scored, when its source says. */
    add(model: string | undefined, teacher: string, m: Pick<TrajectoryMetrics, 'respTokenLength' | 'avgRankClip' | 'avgSurprisal'> & Partial<TrajectoryMetrics>, cut?: RowCut) {
      if (!m.respTokenLength) return;
      const key = `${model ?? ''}\u0000${teacher}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { model, teacher, n: 0, rank: 0, surprisal: 0, rawRank: 0, entropy: 0, length: 0, cuts: cutTally() }));
      g.cuts.add(cut);
      g.n++;
      g.rank += m.avgRankClip;
      g.surprisal += m.avgSurprisal;
      g.rawRank += m.avgRank ?? NaN;
      g.entropy += m.avgEntropy ?? NaN;
      g.length += m.respTokenLength;
    },
    /** One summary per (model, teacher), in first-seen order. */
    summaries(): ModelTeacherSummary[] {
      return [...groups.values()].map((g) => ({
        ...(g.model !== undefined && { model: g.model }),
        teacher: g.teacher,
        n: g.n,
        rsr: g.rank / Math.max(g.surprisal, SURPRISAL_FLOOR),
        avgRankClip: g.rank / g.n,
        avgRank: g.rawRank / g.n,
        avgSurprisal: g.surprisal / g.n,
        avgEntropy: g.entropy / g.n,
        avgLength: g.length / g.n,
        cuts: g.cuts.value(),
      }));
    },
  };
}
