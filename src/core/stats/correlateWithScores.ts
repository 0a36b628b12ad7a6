import type { TeacherSummary } from '../types';
import { pearson } from './pearson';
import { spearman } from './spearman';

/** The per-teacher quantities correlated with the user's scores: RSR and the paper's baselines. */
export type CorrelatedMetric = 'rsr' | 'avgSurprisal' | 'avgRankClip' | 'avgRank' | 'avgLength' | 'avgEntropy';

/** In display order: RSR first, then the baselines it is compared against. */
export const CORRELATED_METRICS: readonly CorrelatedMetric[] = ['rsr', 'avgSurprisal', 'avgRankClip', 'avgRank', 'avgLength', 'avgEntropy'];

export interface MetricCorrelation {
  metric: CorrelatedMetric;
  /** Spearman's ρ (average ranks for ties), the statistic the paper reports. */
  spearman: number;
  pearson: number;
  /** Teachers that entered this metric's correlation (matched, with a finite metric and score). */
  n: number;
}

export interface ScoreCorrelation {
  /** One entry per metric, in CORRELATED_METRICS order. */
  metrics: MetricCorrelation[];
  /** Teachers with both a summary and a score, in summary order. */
  matched: string[];
  /** Teachers with a summary but no score, in summary order. */
  unmatchedTeachers: string[];
  /** Teachers with a score but no summary, in the scores' order. */
  unmatchedScores: string[];
}

/**
 * How well each metric tracks the user's per-teacher scores (e.g. the student's accuracy after
 * distilling on each teacher), across the teachers present on both sides. Names must match
 * exactly (case and spaces included): a near miss is reported as unmatched on both sides rather
 * than guessed. Signs are raw: lower RSR is better, so a predictive RSR correlates *negatively*
 * with a higher-is-better score. A metric that is NaN for some teachers (an imported file
 * without entropies) is correlated over the others; its `n` says how many.
 */
export function correlateWithScores(summaries: Iterable<TeacherSummary>, scores: ReadonlyMap<string, number>): ScoreCorrelation {
  const matchedSummaries: TeacherSummary[] = [];
  const unmatchedTeachers: string[] = [];
  const seen = new Set<string>();
  for (const summary of summaries) {
    // teacherSummaries never repeats a teacher; should a caller do so, the first summary counts.
    if (seen.has(summary.teacher)) continue;
    seen.add(summary.teacher);
    if (scores.has(summary.teacher)) matchedSummaries.push(summary);
    else unmatchedTeachers.push(summary.teacher);
  }
  const unmatchedScores = [...scores.keys()].filter((teacher) => !seen.has(teacher));
  const y = matchedSummaries.map((s) => scores.get(s.teacher)!);
  const metrics = CORRELATED_METRICS.map((metric) => {
    const x = matchedSummaries.map((s) => s[metric]);
    let n = 0;
    for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) n++;
    return { metric, spearman: spearman(x, y), pearson: pearson(x, y), n };
  });
  return { metrics, matched: matchedSummaries.map((s) => s.teacher), unmatchedTeachers, unmatchedScores };
}
