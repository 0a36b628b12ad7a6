import { scaleLinear } from 'd3';
import { plural } from '../../../core/plural';
import { useMemo, useRef, useState, type PointerEvent } from 'react';
import type { AnalysisRow } from '../../analysis/analysisRows';
import { brushFromPixels, isInBrush } from '../../analysis/scatterBrush';
import type { ScatterBrush } from '../../store/teachersSlice';
import { useElementWidth } from '../ui/useElementWidth';
import { isoRsrRays } from './isoRsrRays';

export interface TrajectoryScatterProps {
  rows: readonly AnalysisRow[];
  colors: ReadonlyMap<string, string>;
  brush: ScatterBrush | null;
  onBrush: (brush: ScatterBrush | null) => void;
  /** A click on a point (not a drag): open that trajectory. */
  onPick: (row: AnalysisRow) => void;
  /** Drawing height, px. */
  height?: number;
}

const MARGIN = { top: 14, right: 40, bottom: 40, left: 52 };
/** A drag shorter than this (px) is a click: it picks the nearest point or clears the brush. */
const CLICK_SLOP = 4;
/** How near a click must be to a point to pick it, px. */
const PICK_RADIUS = 8;

interface Point {
  row: AnalysisRow;
  cx: number;
  cy: number;
}

/**
 * Every scored trajectory as a point: x = average surprisal (how much it has to teach), y =
 * average clipped rank (how foreign it is to the student), colour = teacher. Rays from the origin
 * join the points of equal RSR (y / x), so a teacher's cloud can be read against them: lower rays
 * are better. Dragging a rectangle sets the brush that filters the trajectory table; a click
 * picks the nearest point, or clears the brush when there is none.
 */
export function TrajectoryScatter({ rows, colors, brush, onBrush, onPick, height = 340 }: TrajectoryScatterProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>(560);
  const plotted = useMemo(
    () => rows.filter((r) => Number.isFinite(r.metrics.avgSurprisal) && Number.isFinite(r.metrics.avgRankClip) && r.metrics.respTokenLength > 0),
    [rows],
  );
  const { x, y, rays, xTicks, yTicks } = useMemo(() => {
    let xMax = 0;
    let yMax = 0;
    for (const r of plotted) {
      xMax = Math.max(xMax, r.metrics.avgSurprisal);
      yMax = Math.max(yMax, r.metrics.avgRankClip);
    }
    const x = scaleLinear().domain([0, xMax * 1.04 || 1]).nice().range([MARGIN.left, width - MARGIN.right]);
    const y = scaleLinear().domain([0, yMax * 1.04 || 1]).nice().range([height - MARGIN.bottom, MARGIN.top]);
    const [, xEnd] = x.domain();
    const [, yEnd] = y.domain();
    return { x, y, rays: isoRsrRays(xEnd, yEnd), xTicks: x.ticks(Math.max(2, Math.floor(width / 80))), yTicks: y.ticks(6) };
  }, [plotted, width, height]);
  const points = useMemo<Point[]>(() => plotted.map((row) => ({ row, cx: x(row.metrics.avgSurprisal), cy: y(row.metrics.avgRankClip) })), [plotted, x, y]);

  // The rectangle being dragged, in px; committed to the store (in data units) on release.
  const [drag, setDrag] = useState<{ a: { x: number; y: number }; b: { x: number; y: number } } | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const local = (e: PointerEvent) => {
    const r = svgRef.current!.getBoundingClientRect();
    const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
    return { x: clamp(e.clientX - r.left, MARGIN.left, width - MARGIN.right), y: clamp(e.clientY - r.top, MARGIN.top, height - MARGIN.bottom) };
  };
  const onPointerDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    const p = local(e);
    setDrag({ a: p, b: p });
  };
  const onPointerMove = (e: PointerEvent) => {
    if (drag) setDrag({ a: drag.a, b: local(e) });
  };
  const onPointerUp = (e: PointerEvent) => {
    if (!drag) return;
    const b = local(e);
    setDrag(null);
    if (Math.abs(b.x - drag.a.x) < CLICK_SLOP && Math.abs(b.y - drag.a.y) < CLICK_SLOP) {
      const hit = nearest(points, b, PICK_RADIUS);
      if (hit) onPick(hit.row);
      else if (brush) onBrush(null);
      return;
    }
    onBrush(brushFromPixels(drag.a, b, (v) => x.invert(v), (v) => y.invert(v)));
  };

  const shownBrush = drag
    ? { x: Math.min(drag.a.x, drag.b.x), y: Math.min(drag.a.y, drag.b.y), w: Math.abs(drag.b.x - drag.a.x), h: Math.abs(drag.b.y - drag.a.y) }
    : brush
      ? { x: x(brush.x0), y: y(brush.y1), w: x(brush.x1) - x(brush.x0), h: y(brush.y0) - y(brush.y1) }
      : null;
  const [x0, x1] = x.range();
  const [y0, y1] = y.range();

  return (
    <div ref={ref} className="chart scatter">
      <svg
        ref={svgRef}
        width={width}
        height={height}
        role="group"
        aria-label={`Scatter of ${plural(plotted.length, 'trajectory', 'trajectories')}: average surprisal against average clipped rank, with iso-RSR rays. Drag to brush a region and filter the table.`}
        data-testid="trajectory-scatter"
      >
        <defs>
          <clipPath id="scatter-plot-clip">
            <rect x={x0} y={y1} width={x1 - x0} height={y0 - y1} />
          </clipPath>
        </defs>
        {xTicks.map((t) => (
          <g key={`x${t}`} transform={`translate(${x(t)},0)`}>
            <line className="chart-grid" y1={y1} y2={y0} />
            <text className="chart-tick" y={y0 + 16} textAnchor="middle">
              {t}
            </text>
          </g>
        ))}
        {yTicks.map((t) => (
          <g key={`y${t}`} transform={`translate(0,${y(t)})`}>
            <line className="chart-grid" x1={x0} x2={x1} />
            <text className="chart-tick" x={x0 - 6} dy="0.35em" textAnchor="end">
              {t}
            </text>
          </g>
        ))}
        <g className="iso-rays" aria-hidden="true">
          {rays.map((r) => (
            <g key={r.rsr} data-rsr={r.rsr}>
              <line x1={x(0)} y1={y(0)} x2={x(r.x)} y2={y(r.y)} />
              <text
                x={x(r.x) + (r.edge === 'right' ? 4 : 0)}
                y={y(r.y) - (r.edge === 'top' ? 4 : 0)}
                dy={r.edge === 'right' ? '0.35em' : 0}
                textAnchor={r.edge === 'right' ? 'start' : 'middle'}
              >
                {r.rsr}
              </text>
            </g>
          ))}
        </g>
        <g clipPath="url(#scatter-plot-clip)">
          {points.map((p) => (
            <circle
              key={p.row.key}
              data-key={p.row.key}
              cx={p.cx}
              cy={p.cy}
              r={3.2}
              fill={colors.get(p.row.teacher) ?? '#888'}
              className={brush && !isInBrush(p.row.metrics, brush) ? 'point is-out' : 'point'}
            />
          ))}
        </g>
        <line className="chart-axis" x1={x0} x2={x1} y1={y0} y2={y0} />
        <line className="chart-axis" x1={x0} x2={x0} y1={y0} y2={y1} />
        <text className="chart-axis-label" x={(x0 + x1) / 2} y={height - 4} textAnchor="middle">
          Average surprisal (nats) → more to learn
        </text>
        <text className="chart-axis-label" transform={`translate(14,${(y0 + y1) / 2}) rotate(-90)`} textAnchor="middle">
          Average clipped rank → less aligned
        </text>
        {shownBrush && <rect className="brush-rect" x={shownBrush.x} y={shownBrush.y} width={shownBrush.w} height={shownBrush.h} />}
        <rect
          className="brush-overlay"
          data-testid="scatter-brush-area"
          x={x0}
          y={y1}
          width={x1 - x0}
          height={y0 - y1}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => setDrag(null)}
        />
      </svg>
    </div>
  );
}

function nearest(points: readonly Point[], at: { x: number; y: number }, radius: number): Point | null {
  let best: Point | null = null;
  let bestD = radius * radius;
  for (const p of points) {
    const d = (p.cx - at.x) ** 2 + (p.cy - at.y) ** 2;
    if (d <= bestD) {
      best = p;
      bestD = d;
    }
  }
  return best;
}
