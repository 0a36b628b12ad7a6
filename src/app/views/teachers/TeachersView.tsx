import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AnalysisRow } from '../../analysis/analysisRows';
import { isInBrush } from '../../analysis/scatterBrush';
import { useAnalysisRows } from '../../analysis/useAnalysisRows';
import { useBootstrapIntervals } from '../../analysis/useBootstrapIntervals';
import { useTeachers } from '../../analysis/useTeachers';
import { useTeacherSummaries } from '../../analysis/useTeacherSummaries';
import { useLensStore } from '../../store/useLensStore';
import { Swatch } from '../ui/Swatch';
import { BrushStatus } from './BrushStatus';
import { CorrelationPanel } from './CorrelationPanel';
import { RsrIntervalChart } from './RsrIntervalChart';
import { TeacherSummaryTable } from './TeacherSummaryTable';
import { TrajectoryScatter } from './TrajectoryScatter';
import { DemoModelNote } from '../ui/DemoModelNote';
import { TruncationNote } from '../ui/TruncationNote';
import { GroupedSummary } from './GroupedSummary';
import { PairwiseTable } from './PairwiseTable';
import { QuickRankPanel } from './QuickRankPanel';
import { SeparationList } from './SeparationList';
import { TeacherTokens } from './TeacherTokens';

/** Teacher selection (the paper's first use): Eq. 9 per teacher, its uncertainty, every trajectory, and the user's own results. */
export function TeachersView() {
  const rows = useAnalysisRows();
  const summaries = useTeacherSummaries(rows);
  const intervals = useBootstrapIntervals(rows);
  const { colors } = useTeachers();
  const { brush, brushChanged, trajectorySelected, mainViewChanged } = useLensStore(
    useShallow((s) => ({ brush: s.brush, brushChanged: s.brushChanged, trajectorySelected: s.trajectorySelected, mainViewChanged: s.mainViewChanged })),
  );
  const inBrush = useMemo(() => (brush ? rows.filter((r) => isInBrush(r.metrics, brush)).length : 0), [rows, brush]);
  const openRow = (row: AnalysisRow) => {
    trajectorySelected(row.key);
    mainViewChanged('trajectories');
  };

  const compare = (a: string, b: string) => {
    const s = useLensStore.getState();
    s.compareTeachersChanged(a, b);
    s.mainViewChanged('compare');
  };
  if (!summaries.length) {
    return (
      <div className="view-stack">
        <QuickRankPanel />
        <section className="panel" aria-label="Teacher summary">
          <p className="empty">Score trajectories (or Quick rank), or import results scored elsewhere, to compare teachers.</p>
        </section>
      </div>
    );
  }
  return (
    <div className="view-stack">
      <DemoModelNote rows={rows} />
      <QuickRankPanel />
      <section className="panel" aria-labelledby="teacher-summary-heading">
        <div className="panel-head">
          <h2 id="teacher-summary-heading">Teacher summary</h2>
          <p className="hint">
            RSR (Eq. 9) = Σ avg clipped rank / Σ avg surprisal over a teacher&rsquo;s trajectories — a ratio of sums, not a mean of RSRs. Lower
            suits this student better.
          </p>
        </div>
        <TruncationNote rows={rows} />
        <TeacherSummaryTable summaries={summaries} intervals={intervals} colors={colors} />
      </section>
      {/* Charts side by side; the wide tables take the full width, so no column hides behind a scroll. */}
      <div className="two-col">
        <section className="panel" aria-labelledby="rsr-chart-heading">
          <div className="panel-head">
            <h2 id="rsr-chart-heading">RSR by teacher</h2>
            <p className="hint">
              Best first, on an axis zoomed onto the intervals. Whiskers: 95% bootstrap interval (trajectories resampled, B = 1000, seed 1). Whether
              two teachers can be told apart is tested on their difference (below), which can separate them while their whiskers still overlap a little.
            </p>
          </div>
          <RsrIntervalChart summaries={summaries} intervals={intervals} colors={colors} />
          <SeparationList summaries={summaries} intervals={intervals} />
        </section>
        <section className="panel" aria-labelledby="scatter-heading">
          <div className="panel-head">
            <h2 id="scatter-heading">Trajectories</h2>
            <p className="hint">Each point is one trajectory; the rays join points of equal RSR. Drag to brush a region — the table then shows only those rows. Click a point to open it.</p>
          </div>
          <ul className="legend-list" aria-label="Teacher colours">
            {summaries.map((s) => (
              <li key={s.teacher} title={s.teacher}>
                <Swatch color={colors.get(s.teacher)} />
                {s.teacher}
              </li>
            ))}
          </ul>
          <TrajectoryScatter rows={rows} colors={colors} brush={brush} onBrush={brushChanged} onPick={openRow} height={380} />
          <BrushStatus count={inBrush} showTableLink />
        </section>
      </div>
      <section className="panel" aria-labelledby="pairwise-heading">
        <div className="panel-head">
          <h2 id="pairwise-heading">Paired on shared problems</h2>
          <p className="hint">Teachers who answered the same problems compared answer by answer: wins by trajectory RSR, and a paired bootstrap of ΔRSR.</p>
        </div>
        <PairwiseTable rows={rows} summaries={summaries} onCompare={compare} />
      </section>
      <div className="two-col">
        <GroupedSummary rows={rows} colors={colors} />
        <CorrelationPanel summaries={summaries} />
      </div>
      <TeacherTokens rows={rows} teachers={summaries.map((s) => s.teacher)} />
    </div>
  );
}
