/**
 * The x domain of the dot plot: the dots and whiskers with 8% to spare, NOT from 0. A bar from 0
 * makes RSR 7.11 and 7.21 look identical; the question is whether the intervals overlap, and that
 * needs the axis zoomed onto them. A single value gets ±5% around it.
 */
export function zoomedDomain(values: readonly number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi - lo < 1e-9) {
    const pad = Math.max(Math.abs(lo) * 0.05, 1e-3);
    return [lo - pad, hi + pad];
  }
  const pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  return [lo, hi];
}
