import { plural } from '../../core/plural';
import { quickRankSample } from '../../core/select/quickRankSample';
import { bootstrapTeacherRsr } from '../../core/stats/bootstrapTeacherRsr';
import { trajectoriesToSeparate } from '../../core/stats/trajectoriesToSeparate';
import type { Trajectory, TrajectoryMetrics } from '../../core/types';
import { BOOTSTRAP_B, BOOTSTRAP_SEED } from '../analysis/useBootstrapIntervals';
import { trajectoryKey } from '../input/trajectoryKey';
import type { RankEstimate, RankPoint } from '../store/quickRankSlice';
import { useLensStore } from '../store/useLensStore';
import { cancelScoring, scoreUntilIdle } from './scoringRun';

/** The paper (Yang et al.) finds about 200 trajectories per teacher enough to rank teachers. */
export const QUICK_RANK_PER_TEACHER = 200;
/** Never stop before every teacher has this many scored: a handful of trajectories can look separated by luck. */
export const MIN_PER_TEACHER = 8;
const SEED = 1;

const store = () => useLensStore.getState();

/** Each teacher's Eq. 9 and bootstrap interval over the scored part of the sample, best first. */
export function rankEstimates(metricsByTeacher: ReadonlyMap<string, TrajectoryMetrics[]>): RankEstimate[] {
  return [...metricsByTeacher]
    .map(([teacher, metrics]) => {
      const ci = bootstrapTeacherRsr(metrics, { b: BOOTSTRAP_B, seed: BOOTSTRAP_SEED });
      return { teacher, rsr: ci.rsr, lo: ci.lo, hi: ci.hi, n: metrics.filter((m) => m.respTokenLength).length };
    })
    .sort((a, b) => (Number.isFinite(a.rsr) ? a.rsr : Infinity) - (Number.isFinite(b.rsr) ? b.rsr : Infinity) || a.teacher.localeCompare(b.teacher));
}

/** Whether every teacher has enough trajectories and each is told apart from the next in the ranking. */
export function isRankingSettled(estimates: readonly RankEstimate[]): boolean {
  if (estimates.length < 2 || estimates.some((e) => e.n < MIN_PER_TEACHER || !Number.isFinite(e.rsr))) return false;
  return estimates.slice(1).every((b, i) => trajectoriesToSeparate(estimates[i], b).isSeparated);
}

/** Quick rank's sample: up to `perTeacher` trajectories per teacher, seeded, interleaved across teachers. */
export function quickRankTrajectories(trajectories: readonly Trajectory[], perTeacher: number, seed = SEED): Trajectory[] {
  return quickRankSample(trajectories, (t) => t.teacher, (t) => t.id, perTeacher, seed);
}

/** The ranking over the scored part of a sample (keys), in load order as the Teachers tab's intervals see them: the same resamples, the same verdict. */
function sampleRanking(inSample: ReadonlySet<string>): RankPoint {
  const st = store();
  const byTeacher = new Map<string, TrajectoryMetrics[]>();
  let scored = 0;
  for (const t of st.trajectories) {
    const key = trajectoryKey(t);
    const r = inSample.has(key) ? st.results.get(key) : undefined;
    if (!r) continue;
    scored++;
    let list = byTeacher.get(t.teacher);
    if (!list) byTeacher.set(t.teacher, (list = []));
    list.push(r.metrics);
  }
  return { scored, estimates: rankEstimates(byTeacher) };
}

/** The last Quick rank's ranking again, over its sample's results now (after its truncated trajectories were scored in full). */
export function refreshQuickRank(): void {
  const q = store().quickRank;
  if (!q || q.isRunning) return;
  store().quickRankProgressed(sampleRanking(new Set(quickRankTrajectories(store().trajectories, q.perTeacher, q.seed).map(trajectoryKey))));
}

/**
 * Quick rank: score a seeded sample of up to 200 trajectories per teacher, interleaved across
 * teachers (quickRankSample), follow the ranking after every batch of results, and stop as soon as
 * every adjacent pair of teachers is told apart. A cancel lets the current chunk finish, so a few
 * more results may arrive after the stop; if they undo the separation, scoring goes on. What it
 * scored stays, like any run's results.
 */
export async function startQuickRank(perTeacher = QUICK_RANK_PER_TEACHER): Promise<void> {
  const s = store();
  if (s.runState !== 'idle' || !s.trajectories.length) return;
  const sample = quickRankTrajectories(s.trajectories, perTeacher);
  const keys = sample.map(trajectoryKey);
  const inSample = new Set(keys);
  s.quickRankStarted(sample.length, perTeacher, SEED);

  let lastScored = -1;
  let isStopping = false;
  const follow = () => {
    const { scored, estimates: ranking } = sampleRanking(inSample);
    if (scored === lastScored) return;
    lastScored = scored;
    store().quickRankProgressed({ scored, estimates: ranking });
    if (!isStopping && store().runState === 'running' && isRankingSettled(ranking)) {
      isStopping = true;
      cancelScoring();
    }
  };
  const unsubscribe = useLensStore.subscribe((st, prev) => {
    if (st.results !== prev.results) follow();
  });
  try {
    follow();
    for (;;) {
      isStopping = false;
      const ran = await scoreUntilIdle(sample);
      follow();
      const st = store();
      const isSettled = isRankingSettled(sampleRanking(inSample).estimates);
      if (isStopping && isSettled) {
        st.topicResolved('run-left');
        st.quickRankEnded('separated');
        st.noticeAdded('info', `Quick rank stopped early: every teacher is told apart after ${plural(lastScored, 'trajectory', 'trajectories')} of the ${sample.length} sampled.`, { topic: 'quick-rank' });
        return;
      }
      // The last results of the stopped run undid the separation: score on.
      if (isStopping && ran) continue;
      st.quickRankEnded(isSettled || keys.every((k) => st.results.has(k) || st.skipped.has(k)) ? (isSettled ? 'separated' : 'sampled') : 'cancelled');
      return;
    }
  } finally {
    unsubscribe();
  }
}
