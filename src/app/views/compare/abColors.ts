import { interpolateLab, piecewise, scaleDiverging } from 'd3';

/** Teacher A and B in every comparison chart and header (LLM Comparator's convention, DESIGN.md). */
export const A_COLOR = '#4684d7';
export const B_COLOR = '#c78901';

/** The middle of the diverging scale: no difference. Light enough for dark text, visible on white. */
const NEUTRAL = '#f4f4f2';

/**
 * Fixed domain of the RSR difference colours: |A − B| ≥ 5 gets the full colour. Fixed, not
 * fitted to the pairs shown, so the same difference has the same colour for every pair of teachers.
 */
export const DIFF_DOMAIN = 5;

const diffScale = scaleDiverging(piecewise(interpolateLab, [A_COLOR, NEUTRAL, B_COLOR]))
  .domain([-DIFF_DOMAIN, 0, DIFF_DOMAIN])
  .clamp(true);

/**
 * Background of an RSR difference A − B: blue where A is lower (A suits the student better),
 * amber where B is, white at 0 — the scale diverges in the two teachers' own colours, so the
 * colour says who wins. NaN (an unscored side) gets no colour.
 */
export function diffColor(diff: number): string | undefined {
  return Number.isNaN(diff) ? undefined : diffScale(diff);
}
