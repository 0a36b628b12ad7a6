import type { TeacherPair } from '../../../core/select/pairTeachers';
import { compareMissingLast } from '../../analysis/compareMissingLast';
import type { PairSort } from '../../store/compareSlice';

const collator = new Intl.Collator('en', { numeric: true });

/**
 * The A/B list in the chosen order. Ids compare numerically where they hold numbers (p7-2
 * before p7-10, as in the trajectory table). A pair with an unscored side (NaN) sorts last in
 * both directions, so flipping the order never buries the real numbers under blanks. Ties keep
 * A's file order.
 */
export function sortPairs<R>(pairs: readonly TeacherPair<R>[], sort: PairSort): TeacherPair<R>[] {
  const indexed = pairs.map((p, i) => ({ p, i }));
  if (sort.column === 'order') return sort.descending ? indexed.reverse().map((x) => x.p) : [...pairs];
  const sign = sort.descending ? -1 : 1;
  const column = sort.column;
  indexed.sort((a, b) => {
    if (column === 'id') return sign * collator.compare(a.p.id, b.p.id) || a.i - b.i;
    return compareMissingLast(a.p[column], b.p[column], sign) || a.i - b.i;
  });
  return indexed.map((x) => x.p);
}
