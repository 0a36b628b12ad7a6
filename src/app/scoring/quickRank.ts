import { quickRankSample } from '../../core/select/quickRankSample';
import { bootstrapTeacherRsr } from '../../core/stats/bootstrapTeacherRsr';
import { trajectoriesToSeparate } from '../../core/stats/trajectoriesToSeparate';
import type { TrajectoryMetrics } from '../../core/types';
import { BOOTSTRAP_B, BOOTSTRAP_SEED } from '../analysis/useBootstrapIntervals';
import { trajectoryKey } from '../input/trajectoryKey';
import type { RankEstimate } from '../store/quickRankSlice';
import { useLensStore } from '../store/useLensStore';
import { cancelScoring, startScoring } from './scoringRun';

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

/**
 * Quick rank: score a seeded sample of up to 200 trajectories per teacher, interleaved across
 * teachers (quickRankSample), follow the ranking after every batch of results, and stop as soon as
 * every adjacent pair of teachers is told apart. What it scored stays, like any run's results.
 */
export async function startQuickRank(perTeacher = QUICK_RANK_PER_TEACHER): Promise<void> {
  const s = store();
  if (s.runState !== 'idle' || !s.trajectories.length) return;
  const sample = quickRankSample(s.trajectories, (t) => t.teacher, (t) => t.id, perTeacher, SEED);
  const keys = sample.map(trajectoryKey);
  s.quickRankStarted(sample.length, perTeacher, SEED);

  let lastScored = -1;
  let isStopping = false;
  const follow = () => {
    const st = store();
    const byTeacher = new Map<string, TrajectoryMetrics[]>();
    let scored = 0;
    for (const [i, key] of keys.entries()) {
      const r = st.results.get(key);
      if (!r) continue;
      scored++;
      const t = sample[i].teacher;
      let list = byTeacher.get(t);
      if (!list) byTeacher.set(t, (list = []));
      list.push(r.metrics);
    }
    if (scored === lastScored) return;
    lastScored = scored;
    const estimates = rankEstimates(byTeacher);
    st.quickRankProgressed({ scored, estimates });
    if (!isStopping && st.runState === 'running' && isRankingSettled(estimates)) {
      isStopping = true;
      cancelScoring();
    }
  };
  follow();
  let sawRun = false;
  const finish = () => {
    unsubscribe();
    follow();
    const st = store();
    if (isStopping) {
      st.topicResolved('run-left');
      st.quickRankEnded('separated');
      st.noticeAdded('info', `Quick rank stopped early: every teacher is told apart after ${lastScored} trajectories of the ${sample.length} sampled.`, { topic: 'quick-rank' });
    } else st.quickRankEnded(keys.every((k) => st.results.has(k) || st.skipped.has(k)) ? 'sampled' : 'cancelled');
  };
  const unsubscribe = useLensStore.subscribe((st, prev) => {
    if (st.results !== prev.results) follow();
    if (st.runState !== 'idle') sawRun = true;
    else if (sawRun && prev.runState !== 'idle') finish();
  });
  await startScoring(sample);
  // Nothing left to score (all cached): the ranking is what it is.
  if (!sawRun && store().runState === 'idle') finish();
}
