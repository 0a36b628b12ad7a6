import type { SelectableRow } from './compareRows';

export interface TeacherPair<R> {
  /** The problem id both teachers answered. */
  id: string;
  a: R;
  b: R;
  rsrA: number;
  rsrB: number;
  /** rsrA − rsrB: negative where A's answer suits the student better. NaN if either RSR is NaN. */
  diff: number;
}

export interface PairedTeachers<R> {
  /** One pair per problem both answered, in the order of A's rows. */
  pairs: TeacherPair<R>[];
  /** Ids only A answered, in A's order. */
  onlyA: string[];
  /** Ids only B answered, in B's order. */
  onlyB: string[];
  /** Rows of A that repeat an id A already answered (ignored: the first row of an id is used). */
  duplicatesA: number;
  /** The same for B. */
  duplicatesB: number;
}

/**
 * Joins two teachers' rows on problem id for a side-by-side comparison (the A/B view and its
 * difference plot). A teacher with several rows for one id contributes its first, and the others
 * are counted rather than silently paired twice. Pairs with an unscored (NaN) side are kept with
 * diff NaN: the problem was answered by both, and dropping it would hide that.
 * With a === b every problem pairs with itself (diff 0 or NaN).
 */
export function pairTeachers<R extends SelectableRow>(rows: Iterable<R>, a: string, b: string): PairedTeachers<R> {
  const firstA = new Map<string, R>();
  const firstB = new Map<string, R>();
  let duplicatesA = 0;
  let duplicatesB = 0;
  for (const row of rows) {
    if (row.teacher === a) {
      if (firstA.has(row.id)) duplicatesA++;
      else firstA.set(row.id, row);
    }
    if (row.teacher === b) {
      if (firstB.has(row.id)) duplicatesB++;
      else firstB.set(row.id, row);
    }
  }
  const pairs: TeacherPair<R>[] = [];
  const onlyA: string[] = [];
  for (const [id, rowA] of firstA) {
    const rowB = firstB.get(id);
    if (!rowB) {
      onlyA.push(id);
      continue;
    }
    const rsrA = rowA.metrics.rsr;
    const rsrB = rowB.metrics.rsr;
    pairs.push({ id, a: rowA, b: rowB, rsrA, rsrB, diff: rsrA - rsrB });
  }
  const onlyB = [...firstB.keys()].filter((id) => !firstA.has(id));
  return { pairs, onlyA, onlyB, duplicatesA, duplicatesB };
}
