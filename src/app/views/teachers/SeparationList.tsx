import type { BootstrapInterval } from '../../../core/stats/bootstrapTeacherRsr';
import { trajectoriesToSeparate } from '../../../core/stats/trajectoriesToSeparate';
import type { TeacherSummary } from '../../../core/types';
import { formatCount } from '../ui/format';

export interface SeparationListProps {
  /** Best first. */
  summaries: readonly TeacherSummary[];
  intervals: ReadonlyMap<string, BootstrapInterval>;
}

/**
 * For each teacher and the next one down the ranking: told apart, or not yet — and then roughly
 * how many more trajectories per teacher would separate them if the difference held
 * (trajectoriesToSeparate). The honest reading of the dot plot.
 */
export function SeparationList({ summaries, intervals }: SeparationListProps) {
  const ranked = summaries.filter((s) => Number.isFinite(s.rsr));
  const pairs = ranked.slice(1).map((b, i) => ({ a: ranked[i], b }));
  if (!pairs.length) return null;
  return (
    <ul className="separation-list" aria-label="Can adjacent teachers be told apart">
      {pairs.map(({ a, b }) => {
        const ia = intervals.get(a.teacher);
        const ib = intervals.get(b.teacher);
        if (!ia || !ib) return null;
        const sep = trajectoriesToSeparate({ ...ia, n: a.n }, { ...ib, n: b.n });
        return (
          <li key={`${a.teacher}|${b.teacher}`} data-testid="separation" data-separated={String(sep.isSeparated)} data-more={String(sep.more)}>
            <strong title={a.teacher}>{a.teacher}</strong> vs <strong title={b.teacher}>{b.teacher}</strong>:{' '}
            {sep.isSeparated
              ? 'told apart (the difference exceeds its 95% margin).'
              : Number.isFinite(sep.more)
                ? `cannot be told apart yet — about ${formatCount(sep.more)} more trajectories per teacher would separate them, if the difference holds.`
                : 'cannot be told apart: no difference to go on.'}
          </li>
        );
      })}
    </ul>
  );
}
