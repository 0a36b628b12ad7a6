import type { TeacherShare } from '../../../core/select/teacherShares';
import { formatCount } from '../ui/format';
import { TeacherRowHeader } from '../ui/Swatch';

export interface TeacherSharesProps {
  shares: readonly TeacherShare[];
  colors: ReadonlyMap<string, string>;
}

/** How much of the selection each teacher wrote: the per-problem pick's answer to "which teacher suits this student?". */
export function TeacherShares({ shares, colors }: TeacherSharesProps) {
  return (
    <table className="data-table shares-table">
      <thead>
        <tr>
          <th scope="col">Teacher</th>
          <th scope="col" className="num">
            Picked
          </th>
          <th scope="col" className="num">
            Share
          </th>
          <th scope="col" className="share-bar-col">
            <span className="visually-hidden">Share bar</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {shares.map((s) => (
          <tr key={s.teacher} data-teacher={s.teacher} data-count={s.count}>
            <TeacherRowHeader teacher={s.teacher} color={colors.get(s.teacher)} />
            <td className="num tabular">{formatCount(s.count)}</td>
            <td className="num tabular">{(s.share * 100).toFixed(1)}%</td>
            <td className="share-bar-col" aria-hidden="true">
              <span className="share-bar">
                <span style={{ width: `${s.share * 100}%`, background: colors.get(s.teacher) }} />
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
