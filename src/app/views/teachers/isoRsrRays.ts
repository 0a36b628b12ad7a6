/** One iso-RSR ray of the scatter: the points where avg clipped rank = rsr × avg surprisal. */
export interface IsoRsrRay {
  rsr: number;
  /** Where the ray leaves the plot, in data units (it starts at the origin). */
  x: number;
  y: number;
  /** The plot edge it leaves through: its label sits just outside that edge. */
  edge: 'right' | 'top';
}

/** The RSR values offered as rays, densest where real teachers sit (RSR ≈ 1–20 in the paper). */
export const ISO_RSR_VALUES: readonly number[] = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500];

export interface IsoRsrOptions {
  /** Candidate RSR values, any order (default ISO_RSR_VALUES). */
  values?: readonly number[];
  /**
   * Smallest distance between two kept labels, as a fraction of the edge they sit on (default
   * 0.08). Rays crowd together near the corner, and unreadable labels help no one.
   */
  minGap?: number;
}

/**
 * The rays from the origin along which RSR is constant, clipped to the plot [0, xMax] × [0, yMax]
 * (x = average surprisal, y = average clipped rank, so a trajectory on the ray "5" has RSR 5 by
 * Eq. 7's per-token means). Each ray leaves through the right edge when rsr·xMax ≤ yMax, else
 * through the top. Rays whose exits lie closer than `minGap` to the previous kept one, or to a
 * corner at an axis, are dropped, walking from low RSR (right edge, bottom) to high (top, left),
 * so the same plot always gets the same rays. Empty for a degenerate plot.
 */
export function isoRsrRays(xMax: number, yMax: number, options: IsoRsrOptions = {}): IsoRsrRay[] {
  const { values = ISO_RSR_VALUES, minGap = 0.08 } = options;
  if (!(xMax > 0 && yMax > 0 && Number.isFinite(xMax) && Number.isFinite(yMax))) return [];
  const rays: IsoRsrRay[] = [];
  // Position along the perimeter: 0 → 1 up the right edge, 1 → 2 leftwards along the top.
  let last = -Infinity;
  for (const rsr of [...values].filter((v) => v > 0 && Number.isFinite(v)).sort((a, b) => a - b)) {
    const ray: IsoRsrRay = rsr * xMax <= yMax ? { rsr, x: xMax, y: rsr * xMax, edge: 'right' } : { rsr, x: yMax / rsr, y: yMax, edge: 'top' };
    const u = ray.edge === 'right' ? ray.y / yMax : 2 - ray.x / xMax;
    if (u < minGap || u > 2 - minGap || u - last < minGap) continue;
    rays.push(ray);
    last = u;
  }
  return rays;
}
