import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { resultCut } from '../../../core/metrics/teacherCuts';
import { teacherSummaries } from '../../../core/metrics/teacherRsr';
import { isImportedResult } from '../../input/isImportedResult';
import { TruncationNote } from '../ui/TruncationNote';
import { teacherCounts } from '../../analysis/teacherCounts';
import { useTeachers } from '../../analysis/useTeachers';
import { useLensStore } from '../../store/useLensStore';
import { formatCount, formatNumber } from '../ui/format';
import { DemoModelNote } from '../ui/DemoModelNote';
import { TeacherRowHeader } from '../ui/Swatch';

/** Per-teacher RSR (Eq. 9, a ratio of sums over the scored trajectories), best first. */
export function TeacherSummaryPanel() {
  const { results, trajectories } = useLensStore(useShallow((s) => ({ results: s.results, trajectories: s.trajectories })));
  const { colors } = useTeachers();
  const summaries = useMemo(
    () => teacherSummaries(results.values()).sort((a, b) => a.rsr - b.rsr),
    [results],
  );
  const rows = useMemo(() => [...results.values()].map((r) => ({ teacher: r.teacher, metrics: r.metrics, provenance: r.provenance, cut: resultCut(r), result: r, isImported: isImportedResult(r) })), [results]);
  const totals = teacherCounts(trajectories);
  if (!summaries.length) return null;
  return (
    <section className="panel" aria-labelledby="teachers-heading">
      <h2 id="teachers-heading">Teachers</h2>
      <p className="hint">Lower RSR = more informative for this student. Eq. 9 over the scored trajectories.</p>
      <DemoModelNote rows={rows} />
      <TruncationNote rows={rows} />
      <table className="summary-table">
        <thead>
          <tr>
            <th scope="col">Teacher</th>
            <th scope="col" className="num">
              Scored
            </th>
            <th scope="col" className="num">
              RSR
            </th>
          </tr>
        </thead>
        <tbody>
          {summaries.map((t) => (
            <tr key={t.teacher}>
              <TeacherRowHeader teacher={t.teacher} color={colors.get(t.teacher)} />
              <td className="num tabular">
                {formatCount(t.n)}
                {totals.get(t.teacher) !== t.n && <span className="muted">/{formatCount(totals.get(t.teacher))}</span>}
              </td>
              <td className="num tabular">{formatNumber(t.rsr)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
