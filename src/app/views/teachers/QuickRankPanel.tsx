import { scaleLinear } from 'd3';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { teacherCounts } from '../../analysis/teacherCounts';
import { useAnalysisRows } from '../../analysis/useAnalysisRows';
import { trajectoryKey } from '../../input/trajectoryKey';
import { QUICK_RANK_PER_TEACHER, quickRankTrajectories, startQuickRank } from '../../scoring/quickRank';
import type { QuickRank } from '../../store/quickRankSlice';
import { useLensStore } from '../../store/useLensStore';
import { formatCount, formatNumber } from '../ui/format';
import { useElementWidth } from '../ui/useElementWidth';
import { TruncationNote } from '../ui/TruncationNote';
import { zoomedDomain } from './zoomedDomain';

const OUTCOME: Record<QuickRank['outcome'], string> = {
  running: 'Scoring the sample…',
  separated: 'Stopped early: every teacher is told apart from the next.',
  sampled: 'The whole sample is scored.',
  cancelled: 'Cancelled; what was scored is kept.',
};

/** Start a Quick rank (and show the Teachers tab, where the ranking settles). */
export function runQuickRank(): void {
  useLensStore.getState().mainViewChanged('teachers');
  void startQuickRank();
}

/**
 * Quick rank: a seeded sample of up to 200 trajectories per teacher, scored interleaved across
 * teachers, with each teacher's RSR and interval drawn against the trajectories scored so far,
 * so the user watches the ranking settle; it stops by itself once the intervals separate.
 */
export function QuickRankPanel() {
  const { quick, isIdle, teachers } = useLensStore(
    useShallow((s) => ({ quick: s.quickRank, isIdle: s.runState === 'idle', teachers: teacherCounts(s.trajectories).size })),
  );
  const colors = useLensStore((s) => s.teacherColors);
  const last = quick?.history[quick.history.length - 1];
  const rows = useAnalysisRows();
  const trajectories = useLensStore((s) => s.trajectories);
  // The ranking rests on the sample's rows.
  const sampleRows = useMemo(() => {
    if (!quick) return [];
    const keys = new Set(quickRankTrajectories(trajectories, quick.perTeacher, quick.seed).map(trajectoryKey));
    return rows.filter((r) => keys.has(r.key));
  }, [quick, trajectories, rows]);
  return (
    <section className="panel" aria-labelledby="quick-rank-heading" data-testid="quick-rank">
      <div className="panel-head">
        <h2 id="quick-rank-heading">Quick rank</h2>
        <p className="hint">
          Scores a seeded random sample of up to {QUICK_RANK_PER_TEACHER} trajectories per teacher (the paper finds that enough), the same problems for
          every teacher, alternating teachers, and stops as soon as the intervals tell every teacher from the next.
        </p>
      </div>
      <div className="button-row">
        <button type="button" className="button button-primary" disabled={!isIdle || teachers < 2} onClick={runQuickRank}>
          Quick rank
        </button>
        {quick && (
          <span className="muted" role="status" data-testid="quick-rank-status" data-outcome={quick.outcome} data-scored={last?.scored ?? 0}>
            {OUTCOME[quick.outcome]} {last ? `${formatCount(last.scored)} of ${formatCount(quick.planned)} sampled ${quick.planned === 1 ? 'trajectory' : 'trajectories'} scored.` : ''}
          </span>
        )}
        {teachers < 2 && <span className="muted">Needs at least two teachers.</span>}
      </div>
      {quick && !quick.isRunning && <TruncationNote rows={sampleRows} />}
      {quick && quick.history.length > 0 && <SettleChart quick={quick} colors={colors} />}
      {last && (
        <ol className="quick-ranking" aria-label="Current ranking">
          {last.estimates.map((e) => (
            <li key={e.teacher} data-teacher={e.teacher} title={e.teacher}>
              <span className="swatch" style={{ background: colors.get(e.teacher) }} aria-hidden="true" /> {e.teacher}: {formatNumber(e.rsr, 3)}{' '}
              <span className="muted">
                [{formatNumber(e.lo, 3)}, {formatNumber(e.hi, 3)}] · n = {formatCount(e.n)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const M = { top: 8, right: 12, bottom: 22, left: 44 };
const HEIGHT = 160;

/** Each teacher's RSR (line) and 95% interval (band) against the trajectories scored so far. */
function SettleChart({ quick, colors }: { quick: QuickRank; colors: ReadonlyMap<string, string> }) {
  const [ref, width] = useElementWidth<HTMLDivElement>(480);
  const { x, y, series } = useMemo(() => {
    const points = quick.history.filter((p) => p.estimates.every((e) => e.n >= 2));
    const values = points.flatMap((p) => p.estimates.flatMap((e) => [e.lo, e.hi]));
    const x = scaleLinear().domain([0, Math.max(1, quick.planned)]).range([M.left, width - M.right]);
    const y = scaleLinear().domain(zoomedDomain(values)).nice().range([HEIGHT - M.bottom, M.top]);
    const teachers = [...new Set(points.flatMap((p) => p.estimates.map((e) => e.teacher)))];
    const series = teachers.map((t) => {
      const pts = points.map((p) => ({ scored: p.scored, e: p.estimates.find((e) => e.teacher === t) })).filter((p) => p.e && Number.isFinite(p.e.rsr));
      const line = pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.scored)},${y(p.e!.rsr)}`).join('');
      const band = pts.length
        ? `${pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.scored)},${y(p.e!.hi)}`).join('')}${[...pts].reverse().map((p) => `L${x(p.scored)},${y(p.e!.lo)}`).join('')}Z`
        : '';
      return { teacher: t, line, band };
    });
    return { x, y, series };
  }, [quick, width]);
  return (
    <div ref={ref} className="chart">
      <svg width={width} height={HEIGHT} role="img" aria-label="Teacher RSR as the sample is scored">
        {y.ticks(4).map((t) => (
          <g key={t}>
            <line className="chart-grid" x1={M.left} x2={width - M.right} y1={y(t)} y2={y(t)} />
            <text className="chart-tick" x={M.left - 6} y={y(t)} dy="0.35em" textAnchor="end">
              {t}
            </text>
          </g>
        ))}
        {x.ticks(5).map((t) => (
          <text key={t} className="chart-tick" x={x(t)} y={HEIGHT - 6} textAnchor="middle">
            {t}
          </text>
        ))}
        {series.map((s) => (
          <g key={s.teacher}>
            <path d={s.band} fill={colors.get(s.teacher)} fillOpacity={0.16} stroke="none" />
            <path d={s.line} fill="none" stroke={colors.get(s.teacher)} strokeWidth={2} />
          </g>
        ))}
      </svg>
    </div>
  );
}
