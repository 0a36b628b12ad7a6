import type { TrajectoryMetrics } from '../../core/types';
import type { ScatterBrush } from '../store/teachersSlice';

/** A scale's inverse: screen position → data value (what d3's `scale.invert` is). */
type Invert = (px: number) => number;

/**
 * The brush spanned by two pointer positions on the plot, in data units. Corners may come in
 * any order (users drag in every direction) and the y axis points up, so each range is sorted
 * after inverting.
 */
export function brushFromPixels(a: { x: number; y: number }, b: { x: number; y: number }, invertX: Invert, invertY: Invert): ScatterBrush {
  const xs = [invertX(a.x), invertX(b.x)].sort((p, q) => p - q);
  const ys = [invertY(a.y), invertY(b.y)].sort((p, q) => p - q);
  return { x0: xs[0], x1: xs[1], y0: ys[0], y1: ys[1] };
}

/**
 * Whether a trajectory's point (avg surprisal, avg clipped rank) lies in the brush, edges
 * included. A trajectory without those numbers (not scored, empty response) is never inside:
 * a brush selects what the scatter shows, and such rows are not drawn.
 */
export function isInBrush(m: Pick<TrajectoryMetrics, 'avgSurprisal' | 'avgRankClip'> | undefined, brush: ScatterBrush): boolean {
  if (!m) return false;
  const x = m.avgSurprisal;
  const y = m.avgRankClip;
  return x >= brush.x0 && x <= brush.x1 && y >= brush.y0 && y <= brush.y1;
}
