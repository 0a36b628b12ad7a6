import { scaleBand, scaleLinear } from 'd3';
import { useMemo } from 'react';
import type { BootstrapInterval } from '../../../core/stats/bootstrapTeacherRsr';
import type { TeacherSummary } from '../../../core/types';
import { middleEllipsis } from '../../analysis/distinguishingLabels';
import { formatNumber } from '../ui/format';
import { useElementWidth } from '../ui/useElementWidth';
import { zoomedDomain } from './zoomedDomain';

export interface RsrIntervalChartProps {
  /** Summaries best first: the dots keep this order, top to bottom. */
  summaries: readonly TeacherSummary[];
  intervals: ReadonlyMap<string, BootstrapInterval>;
  colors: ReadonlyMap<string, string>;
}

const ROW = 30;
const MARGIN = { top: 6, right: 64, bottom: 30, left: 158 };

/**
 * Teacher RSR (Eq. 9) as a dot per teacher with its 95% bootstrap interval as a whisker, best on
 * top, on an axis zoomed onto the intervals (it says so). Whether two teachers differ is tested on
 * their difference (SeparationList), not read off overlapping whiskers. d3 computes the scales and
 * ticks; React draws.
 */
export function RsrIntervalChart({ summaries, intervals, colors }: RsrIntervalChartProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>(480);
  const shown = useMemo(() => summaries.filter((s) => Number.isFinite(s.rsr)), [summaries]);
  const height = MARGIN.top + MARGIN.bottom + ROW * shown.length;
  const { x, y, ticks } = useMemo(() => {
    const values = shown.flatMap((s) => [s.rsr, intervals.get(s.teacher)?.lo ?? NaN, intervals.get(s.teacher)?.hi ?? NaN]);
    const x = scaleLinear()
      .domain(zoomedDomain(values))
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
  const [d0] = x.domain();
  return (
    <div ref={ref} className="chart">
      {shown.length === 0 ? null : (
        <svg width={width} height={height} role="img" aria-label={label} data-testid="rsr-dot-plot" data-domain-start={d0}>
          {ticks.map((t) => (
            <g key={t} transform={`translate(${x(t)},0)`}>
              <line className="chart-grid" y1={MARGIN.top} y2={height - MARGIN.bottom} />
              <text className="chart-tick" y={height - MARGIN.bottom + 14} textAnchor="middle">
                {t}
              </text>
            </g>
          ))}
          <text className="chart-tick" x={x.range()[0]} y={height - 2} textAnchor="start">
            {d0 > 0 ? `RSR (axis zoomed: starts at ${formatNumber(d0, 2)}, not 0)` : 'RSR'}
          </text>
          {shown.map((s) => {
            const top = y(s.teacher)!;
            const mid = top + y.bandwidth() / 2;
            const ci = intervals.get(s.teacher);
            const hasCi = ci && Number.isFinite(ci.lo) && Number.isFinite(ci.hi);
            const color = colors.get(s.teacher);
            return (
              <g key={s.teacher} data-teacher={s.teacher}>
                <text className="chart-label" x={MARGIN.left - 8} y={mid} dy="0.35em" textAnchor="end">
                  {middleEllipsis(s.teacher, 20)}
                  <title>{s.teacher}</title>
                </text>
                {hasCi && (
                  <g className="chart-whisker" style={{ stroke: color }}>
                    <line x1={x(ci.lo)} x2={x(ci.hi)} y1={mid} y2={mid} strokeWidth={3} />
                    <line x1={x(ci.lo)} x2={x(ci.lo)} y1={mid - 6} y2={mid + 6} />
                    <line x1={x(ci.hi)} x2={x(ci.hi)} y1={mid - 6} y2={mid + 6} />
                  </g>
                )}
                <circle cx={x(s.rsr)} cy={mid} r={6} fill={color} stroke="var(--surface, #fff)" strokeWidth={1.5} />
                <text className="chart-value" x={Math.max(x(s.rsr), hasCi ? x(ci.hi) : 0) + 8} y={mid} dy="0.35em">
                  {formatNumber(s.rsr, 2)}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </div>
  );
}
