/** z of a two-sided 95% interval. */
const Z95 = 1.959963984540054;

/** A teacher's RSR estimate with its 95% interval, from n trajectories. */
export interface RsrEstimate {
  rsr: number;
  lo: number;
  hi: number;
  n: number;
}

/** Whether two teachers can be told apart, and if not, roughly how much more data would do it. */
export interface Separation {
  /** True when the difference is larger than its 95% margin (z test on the two bootstrap errors). */
  isSeparated: boolean;
  /**
   * More trajectories per teacher (on top of the larger n) that would make the current difference
   * significant if it held: 0 when already separated, Infinity when the estimates are equal or an
   * interval is missing.
   */
  more: number;
}

/**
 * Two teachers' RSRs differ at 95% when |Δ| > z·√(se_A² + se_B²), each standard error read from
 * its bootstrap interval as half-width / z. Standard errors shrink as 1/√n, so with n·f
 * trajectories each the margin is divided by √f; the smallest f that brings it under |Δ| is
 * (z·√(se_A² + se_B²) / |Δ|)². A rough guide ("about 300 more each"), not a power analysis: it
 * assumes the difference seen so far is the true one.
 */
export function trajectoriesToSeparate(a: RsrEstimate, b: RsrEstimate): Separation {
  const seA = (a.hi - a.lo) / (2 * Z95);
  const seB = (b.hi - b.lo) / (2 * Z95);
  const delta = Math.abs(a.rsr - b.rsr);
  const margin = Z95 * Math.sqrt(seA * seA + seB * seB);
  if (![seA, seB, delta].every(Number.isFinite)) return { isSeparated: false, more: Infinity };
  if (delta > margin) return { isSeparated: true, more: 0 };
  if (delta === 0) return { isSeparated: false, more: Infinity };
  const factor = (margin / delta) ** 2;
  const n = Math.max(a.n, b.n);
  return { isSeparated: false, more: Math.max(1, Math.ceil(n * factor - n)) };
}
