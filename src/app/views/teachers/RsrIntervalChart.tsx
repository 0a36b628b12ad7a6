import { scaleBand, scaleLinear } from 'd3';
import { useMemo } from 'react';
import type { BootstrapInterval } from '../../../core/stats/bootstrapTeacherRsr';
import type { TeacherSummary } from '../../../core/types';
import { formatNumber } from '../ui/format';
import { useElementWidth } from '../ui/useElementWidth';

export interface RsrIntervalChartProps {
  /** Summaries best first: the bars keep this order, top to bottom. */
  summaries: readonly TeacherSummary[];
  intervals: ReadonlyMap<string, BootstrapInterval>;
  colors: ReadonlyMap<string, string>;
}

const ROW = 30;
const MARGIN = { top: 6, right: 64, bottom: 26, left: 128 };

/**
 * Teacher RSR (Eq. 9) as horizontal bars from 0, best (shortest) on top, each with its 95%
 * bootstrap interval as a whisker: overlapping whiskers mean the data cannot yet tell those two
 * teachers apart. d3 computes the scales and ticks; React draws.
 */
export function RsrIntervalChart({ summaries, intervals, colors }: RsrIntervalChartProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>(480);
  const shown = useMemo(() => summaries.filter((s) => Number.isFinite(s.rsr)), [summaries]);
  const height = MARGIN.top + MARGIN.bottom + ROW * shown.length;
  const { x, y, ticks } = useMemo(() => {
    let max = 0;
    for (const s of shown) max = Math.max(max, s.rsr, intervals.get(s.teacher)?.hi ?? 0);
    const x = scaleLinear()
      .domain([0, max || 1])
      .nice()
      .range([MARGIN.left, Math.max(MARGIN.left + 40, width - MARGIN.right)]);
    const y = scaleBand<string>()
      .domain(shown.map((s) => s.teacher))
      .range([MARGIN.top, MARGIN.top + ROW * shown.length])
      .paddingInner(0.3)
      .paddingOuter(0.15);
    return { x, y, ticks: x.ticks(Math.max(2, Math.floor(width / 90))) };
  }, [shown, intervals, width]);

  const label = `Teacher RSR, best first: ${shown.map((s) => `${s.teacher} ${formatNumber(s.rsr, 3)}`).join(', ')}`;
  return (
    <div ref={ref} className="chart">
      {shown.length === 0 ? null : (
        <svg width={width} height={height} role="img" aria-label={label}>
          {ticks.map((t) => (
            <g key={t} transform={`translate(${x(t)},0)`}>
              <line className="chart-grid" y1={MARGIN.top} y2={height - MARGIN.bottom} />
              <text className="chart-tick" y={height - MARGIN.bottom + 16} textAnchor="middle">
                {t}
              </text>
            </g>
          ))}
          {shown.map((s) => {
            const top = y(s.teacher)!;
            const h = y.bandwidth();
            const mid = top + h / 2;
            const ci = intervals.get(s.teacher);
            const hasCi = ci && Number.isFinite(ci.lo) && Number.isFinite(ci.hi);
            return (
              <g key={s.teacher} data-teacher={s.teacher}>
                <text className="chart-label" x={MARGIN.left - 8} y={mid} dy="0.35em" textAnchor="end">
                  {s.teacher.length > 18 ? `${s.teacher.slice(0, 17)}…` : s.teacher}
                  <title>{s.teacher}</title>
                </text>
                <rect x={x(0)} y={top} width={Math.max(1, x(s.rsr) - x(0))} height={h} rx={3} fill={colors.get(s.teacher)} fillOpacity={0.78} />
                {hasCi && (
                  <g className="chart-whisker">
                    <line x1={x(ci.lo)} x2={x(ci.hi)} y1={mid} y2={mid} />
                    <line x1={x(ci.lo)} x2={x(ci.lo)} y1={mid - 6} y2={mid + 6} />
                    <line x1={x(ci.hi)} x2={x(ci.hi)} y1={mid - 6} y2={mid + 6} />
                  </g>
                )}
                <text className="chart-value" x={Math.max(x(s.rsr), hasCi ? x(ci.hi) : 0) + 6} y={mid} dy="0.35em">
                  {formatNumber(s.rsr, 2)}
                </text>
              </g>
            );
          })}
          <line className="chart-axis" x1={x(0)} x2={x(0)} y1={MARGIN.top} y2={height - MARGIN.bottom} />
        </svg>
      )}
    </div>
  );
}
