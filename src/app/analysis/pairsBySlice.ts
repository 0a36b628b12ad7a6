import type { TeacherPair } from '../../core/select/pairTeachers';
import type { SliceField, SliceRecord } from './sliceFields';

/** The pairs of one slice value. */
export interface SliceOfPairs<R> {
  /** The value both answers share, or "A: x · B: y" where the two teachers' records differ (a path that names its teacher). */
  value: string;
  pairs: TeacherPair<R>[];
}

/**
 * Two teachers' answers to the same problems, grouped by a slice field (LLM Comparator's slices:
 * does A's lead hold on AIME and on AMC?). A pair's value is the one its two rows share; where
 * they differ, the pair goes to a group of its own named by both ("A: x · B: y"), so no pair is
 * counted in two slices. Pairs without a value on either side are left out. Groups in the field's
 * order, else largest first.
 */
export function pairsBySlice<R extends SliceRecord>(pairs: readonly TeacherPair<R>[], field: SliceField): SliceOfPairs<R>[] {
  const groups = new Map<string, TeacherPair<R>[]>();
  for (const p of pairs) {
    const [a, b] = [field.valueOf(p.a), field.valueOf(p.b)];
    if (a === undefined && b === undefined) continue;
    const value = a === b ? a! : `A: ${a ?? '—'} · B: ${b ?? '—'}`;
    let group = groups.get(value);
    if (!group) groups.set(value, (group = []));
    group.push(p);
  }
  const out = [...groups].map(([value, ps]) => ({ value, pairs: ps }));
  return out.sort(field.order ? (x, y) => field.order!(x.value, y.value) : (x, y) => y.pairs.length - x.pairs.length || x.value.localeCompare(y.value));
}
