import type { BootstrapInterval } from '../../../core/stats/bootstrapTeacherRsr';
import type { TeacherSummary } from '../../../core/types';
import { formatCount, formatNumber } from '../ui/format';
import { TeacherRowHeader } from '../ui/Swatch';

export interface TeacherSummaryTableProps {
  /** Summaries in display order (best first). */
  summaries: readonly TeacherSummary[];
  /** Teacher → bootstrap interval of its RSR; missing while being computed. */
  intervals: ReadonlyMap<string, BootstrapInterval>;
  colors: ReadonlyMap<string, string>;
}

/**
 * Every teacher's Eq. 9 RSR with its interval, n, and the paper's baselines. Each row carries
 * its teacher and the RSR at full precision (data-teacher, data-rsr) for tests and tools.
 */
export function TeacherSummaryTable({ summaries, intervals, colors }: TeacherSummaryTableProps) {
  return (
    <div className="table-scroll">
      <table className="data-table fit-table">
        <thead>
          <tr>
            <th scope="col">Teacher</th>
            <th scope="col" className="num" title="Trajectories with at least one scored response token">
              n
            </th>
            <th scope="col" className="num" title="Eq. 9: Σ avg clipped rank / Σ avg surprisal over the teacher's trajectories. Lower is better.">
              RSR
            </th>
            <th scope="col" className="num" title="95% percentile bootstrap interval of the RSR (trajectories resampled, B = 1000, seed 1)">
              95% interval
            </th>
            <th scope="col" className="num" title="Mean over trajectories of the mean min(rank, R)">
              Avg rank (clipped)
            </th>
            <th scope="col" className="num" title="Mean over trajectories of the mean surprisal, nats">
              Avg surprisal
            </th>
            <th scope="col" className="num" title="Mean number of scored response tokens">
              Avg length
            </th>
            <th scope="col" className="num" title="Mean over trajectories of the mean unclipped rank">
              Avg rank
            </th>
            <th scope="col" className="num" title="Mean over trajectories of the student's mean next-token entropy, nats">
              Avg entropy
            </th>
          </tr>
        </thead>
        <tbody>
          {summaries.map((t) => {
            const ci = intervals.get(t.teacher);
            return (
              <tr key={t.teacher} data-teacher={t.teacher} data-rsr={String(t.rsr)} data-n={t.n}>
                <TeacherRowHeader teacher={t.teacher} color={colors.get(t.teacher)} />
                <td className="num tabular">{formatCount(t.n)}</td>
                <td className="num tabular strong">{formatNumber(t.rsr, 4)}</td>
                <td className="num tabular muted">{ci ? `${formatNumber(ci.lo, 3)} – ${formatNumber(ci.hi, 3)}` : '…'}</td>
                <td className="num tabular">{formatNumber(t.avgRankClip, 3)}</td>
                <td className="num tabular">{formatNumber(t.avgSurprisal, 4)}</td>
                <td className="num tabular">{formatNumber(t.avgLength, 1)}</td>
                <td className="num tabular">{formatNumber(t.avgRank, 2)}</td>
                <td className="num tabular">{formatNumber(t.avgEntropy, 4)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
