import { plural } from '../plural';
import type { ScoredTrajectory } from '../types';

/**
 * What cut a trajectory before it was scored, as far as its source says (a field is undefined when
 * the source does not say: the reference's files record neither).
 */
export interface RowCut {
  /** The max-tokens setting cut the conversation: only its first `maxTokens` tokens were scored. */
  truncated?: boolean;
  /** The max-tokens setting it was scored under (0 = no limit). */
  maxTokens?: number;
  /** The student's max_position_embeddings, given only when the conversation is longer (scored past it). */
  positionLimit?: number;
}

/**
 * How many of the rows a teacher's verdict rests on were cut, and by what. A cap moves teacher
 * RSR (on real data, 7.1965 → 7.3168 at 2,048 tokens: more than what separated three teachers),
 * so every verdict on cut rows says so, with these counts.
 */
export interface TeacherCuts {
  /** Rows counted (with a response). */
  n: number;
  /** Rows the max-tokens setting cut. */
  truncated: number;
  /** The caps those rows were cut at, ascending (one per setting they were scored under). */
  truncatedAt: number[];
  /** Every max-tokens setting the rows were scored under (0 = no limit), ascending; empty when no row says. */
  maxTokens: number[];
  /** Rows longer than the student's max_position_embeddings. */
  pastContext: number;
  /** That max_position_embeddings (the largest, if rows disagree). */
  positionLimit?: number;
}

/** A result's cut, from its tokens and provenance. */
export function resultCut(r: Pick<ScoredTrajectory, 'tokens' | 'provenance' | 'positionLimit'>): RowCut {
  return {
    truncated: r.tokens.truncated,
    ...(r.provenance.maxTokens !== undefined && { maxTokens: r.provenance.maxTokens }),
    ...(r.positionLimit !== undefined && { positionLimit: r.positionLimit }),
  };
}

/** Counts of one teacher's cuts, built a row at a time (the CLI's summary holds sums, not rows). */
export function cutTally() {
  let n = 0;
  let truncated = 0;
  let pastContext = 0;
  let positionLimit: number | undefined;
  const truncatedAt = new Set<number>();
  const maxTokens = new Set<number>();
  return {
    add(cut: RowCut = {}): void {
      n++;
      if (cut.maxTokens !== undefined) maxTokens.add(cut.maxTokens);
      if (cut.truncated) {
        truncated++;
        if (cut.maxTokens !== undefined) truncatedAt.add(cut.maxTokens);
      }
      if (cut.positionLimit !== undefined) {
        pastContext++;
        positionLimit = Math.max(positionLimit ?? 0, cut.positionLimit);
      }
    },
    value(): TeacherCuts {
      const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
      return { n, truncated, truncatedAt: sorted(truncatedAt), maxTokens: sorted(maxTokens), pastContext, ...(positionLimit !== undefined && { positionLimit }) };
    },
  };
}

/** Each teacher's cuts over rows with a response (those its RSR counts), in first-seen teacher order. */
export function teacherCuts(rows: Iterable<{ teacher: string; respTokenLength: number; cut?: RowCut }>): Map<string, TeacherCuts> {
  const tallies = new Map<string, ReturnType<typeof cutTally>>();
  for (const row of rows) {
    if (!row.respTokenLength) continue;
    let tally = tallies.get(row.teacher);
    if (!tally) tallies.set(row.teacher, (tally = cutTally()));
    tally.add(row.cut);
  }
  return new Map([...tallies].map(([teacher, tally]) => [teacher, tally.value()]));
}

/** Whether the rows say how they were cut (ours do; the reference's outputs do not). */
export function isCutKnown(c: TeacherCuts | undefined): c is TeacherCuts {
  return !!c && (c.maxTokens.length > 0 || c.truncated > 0 || c.pastContext > 0);
}

/** Whether any row of these teachers was cut (by the cap, or past the student's context). */
export function hasCuts(cuts: Iterable<TeacherCuts>): boolean {
  for (const c of cuts) if (c.truncated || c.pastContext) return true;
  return false;
}

/** "12 of 40 trajectories cut at 2,048 tokens" — or at several caps, or at an unknown one. */
export function describeTruncation(c: TeacherCuts): string {
  const at = c.truncatedAt.length ? ` at ${c.truncatedAt.map((m) => m.toLocaleString('en-US')).join(' / ')} tokens` : '';
  return `${c.truncated.toLocaleString('en-US')} of ${plural(c.n, 'trajectory', 'trajectories')} cut${at}`;
}

/** "3 of 40 trajectories longer than its context (40,960 tokens)". */
export function describePastContext(c: TeacherCuts): string {
  const limit = c.positionLimit !== undefined ? ` (max_position_embeddings ${c.positionLimit.toLocaleString('en-US')})` : '';
  return `${c.pastContext.toLocaleString('en-US')} of ${plural(c.n, 'trajectory', 'trajectories')} longer than the student's context${limit}`;
}
