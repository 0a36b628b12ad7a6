/**
 * Time left in a scoring run, from the tokens left and this run's own chunk timings.
 *
 * A token's cost grows with its context: every layer attends to all earlier tokens, so on a real
 * student a token at position 16k costs several times one at position 1k (README, bench:students:
 * 4k → 32k tokens took 28× the time for 7.6× the tokens). A rate in tokens/s measured on the short
 * contexts at the start of a long trajectory therefore promised far too little time, and one
 * measured on the first call (the runtime compiling its kernels) far too much. Here the cost of one
 * token at context c is modelled as `a + b·c`, fitted to the run's own calls:
 *
 *   seconds of a call / tokens of the call = a + b · (mean position of its tokens)
 *
 * by least squares weighted by the call's tokens, with older calls fading (half-life: the larger of
 * two minutes and an eighth of the run so far), so a machine that gets busier or freer is followed. The
 * time left is then `a · tokens left + b · Σ positions of the tokens left`. Its uncertainty comes
 * from the fit (a sandwich covariance that does not trust the weights): while the contexts still to
 * come lie beyond those seen, `b` is poorly known and the range is wide — it narrows as the run
 * reaches them. The first call is left out once three more exist: it carries the warm-up.
 */

/** Some tokens fed to the model: how many, and the sum of their positions (each attends to that many earlier tokens). */
export interface Work {
  tokens: number;
  context: number;
}

export const NO_WORK: Work = { tokens: 0, context: 0 };

/** The work of feeding positions [from, to) of one conversation. */
export function segmentWork(from: number, to: number): Work {
  const n = Math.max(0, to - from);
  return { tokens: n, context: n ? ((from + to - 1) * n) / 2 : 0 };
}

export function addWork(a: Work, b: Work): Work {
  return { tokens: a.tokens + b.tokens, context: a.context + b.context };
}

/** `a − b`, never below nothing. */
export function subtractWork(a: Work, b: Work): Work {
  return { tokens: Math.max(0, a.tokens - b.tokens), context: Math.max(0, a.context - b.context) };
}

/** Seconds left in a run, with the range they are known to. */
export interface EtaEstimate {
  /** The best estimate. */
  seconds: number;
  /** About a 95% range: the estimate ± t₀.₉₇₅ standard errors of the fit, never below 0; `high` may be Infinity. */
  low: number;
  high: number;
  /** The range is within ±10% of the estimate: one figure can be shown. */
  isSettled: boolean;
}

/**
 * Weighted moments of one set of calls, kept centred (West's weighted update) so that calls of
 * nearly the same context lose no precision: all a least-squares fit and its covariance need, in
 * constant memory for any run length.
 */
interface Moments {
  count: number;
  /** Σw, and the weighted means of z (a call's mean context) and y (its seconds per token). */
  w: number;
  meanZ: number;
  meanY: number;
  /** Σw(z − z̄)², Σw(z − z̄)(y − ȳ), Σw(y − ȳ)². */
  zz: number;
  zy: number;
  yy: number;
  /** Σw², Σw²(z − z̄), Σw²(z − z̄)²: the sandwich covariance and the effective number of calls. */
  ww: number;
  wwz: number;
  wwzz: number;
}

const noMoments = (): Moments => ({ count: 0, w: 0, meanZ: 0, meanY: 0, zz: 0, zy: 0, yy: 0, ww: 0, wwz: 0, wwzz: 0 });

/** Every weight so far times `f` (older calls fade); the means do not move. */
function fade(m: Moments, f: number): void {
  m.w *= f;
  m.zz *= f;
  m.zy *= f;
  m.yy *= f;
  m.ww *= f * f;
  m.wwz *= f * f;
  m.wwzz *= f * f;
}

function include(m: Moments, w: number, z: number, y: number): void {
  m.count++;
  const total = m.w + w;
  const dz = z - m.meanZ;
  const dy = y - m.meanY;
  const shift = (w / total) * dz;
  m.meanZ += shift;
  m.meanY += (w / total) * dy;
  m.zz += w * dz * (z - m.meanZ);
  m.zy += w * dz * (y - m.meanY);
  m.yy += w * dy * (y - m.meanY);
  // Re-centre the w² moments on the new mean, then add the call.
  m.wwzz += -2 * shift * m.wwz + shift * shift * m.ww;
  m.wwz -= shift * m.ww;
  m.w = total;
  m.ww += w * w;
  m.wwz += w * w * (z - m.meanZ);
  m.wwzz += w * w * (z - m.meanZ) ** 2;
}

/** The fitted cost per token (a + b·context), and what the range needs. */
interface Fit {
  a: number;
  b: number;
  /** Variance of (the cost per token at the mean context, b): [[aa, ab], [ab, bb]]; null when it cannot be estimated yet. */
  cov: [number, number, number] | null;
  meanZ: number;
  /** Effective number of calls (Kish: (Σw)² / Σw²), for the t quantile of the range. */
  nEff: number;
  count: number;
}

function fit(m: Moments): Fit | null {
  if (m.count === 0 || m.w <= 0) return null;
  // Calls that all saw the same context cannot tell cost per token from growth with context: a
  // tiny ridge keeps the algebra finite, and the variance of b then says how little is known.
  const zz = m.zz + 1e-9 * m.w * Math.max(m.meanZ * m.meanZ, 1);
  let b = m.zy / zz;
  let a = m.meanY - b * m.meanZ;
  // Cost does not fall with context, and a token is never free: fit on the boundary instead.
  if (b < 0) {
    b = 0;
    a = m.meanY;
  } else if (a < 0) {
    a = 0;
    b = (m.zy + m.w * m.meanZ * m.meanY) / (m.zz + m.w * m.meanZ * m.meanZ);
  }
  const nEff = (m.w * m.w) / m.ww;
  if (m.count < 3 || nEff <= 2) return { a, b, cov: null, meanZ: m.meanZ, nEff, count: m.count };
  // Σw(y − a − bz)², from the centred moments.
  const offset = m.meanY - a - b * m.meanZ;
  const ssr = Math.max(0, m.yy - 2 * b * m.zy + b * b * m.zz + m.w * offset * offset);
  const sigma2 = (ssr / m.w) * (nEff / (nEff - 2));
  // Sandwich σ² A⁻¹ B A⁻¹ with A = diag(Σw, Σw(z − z̄)²) in centred coordinates and B = the w² moments.
  return {
    a,
    b,
    cov: [(sigma2 * m.ww) / (m.w * m.w), (sigma2 * m.wwz) / (m.w * zz), (sigma2 * m.wwzz) / (zz * zz)],
    meanZ: m.meanZ,
    nEff,
    count: m.count,
  };
}

export interface EtaEstimatorOptions {
  /** Calls older than this (seconds of the run) weigh half as much; at least an eighth of the run so far. */
  halfLifeSeconds?: number;
}

/**
 * The two-sided 95% quantile of Student's t with `df` degrees of freedom, to within 4% for df ≥ 2
 * (1.96 + 2.37/df + 2.8/df², a fit to the tables): a handful of calls gives a wider range than a
 * normal quantile would.
 */
export function t95(df: number): number {
  return 1.96 + 2.37 / df + 2.8 / (df * df);
}

/** Calls needed after the first before it is left out of the fit. */
const WARMUP_REPLACED_BY = 3;
/** Calls needed before one figure is shown instead of a range. */
const SETTLED_AFTER = 5;
/** Half-width of the range, relative to the estimate, within which it counts as settled. */
const SETTLED_WIDTH = 0.1;

/**
 * An estimator for one run: `observe` each call's work and the wall time it took (since the last
 * observation, so time between calls counts too), `estimate` the time for the work left.
 */
export function etaEstimator({ halfLifeSeconds = 120 }: EtaEstimatorOptions = {}) {
  const withFirst = noMoments();
  const afterFirst = noMoments();
  let elapsed = 0;
  return {
    observe(work: Work, seconds: number): void {
      if (!(work.tokens > 0) || !(seconds >= 0)) return;
      elapsed += seconds;
      const f = 2 ** (-seconds / Math.max(halfLifeSeconds, elapsed / 8));
      fade(withFirst, f);
      fade(afterFirst, f);
      const y = seconds / work.tokens;
      const z = work.context / work.tokens;
      include(withFirst, work.tokens, z, y);
      if (withFirst.count > 1) include(afterFirst, work.tokens, z, y);
    },
    /** Seconds for `remaining` work; undefined before any call was timed. */
    estimate(remaining: Work): EtaEstimate | undefined {
      const f = fit(afterFirst.count >= WARMUP_REPLACED_BY ? afterFirst : withFirst);
      if (!f) return undefined;
      const seconds = f.a * remaining.tokens + f.b * remaining.context;
      if (remaining.tokens <= 0) return { seconds: 0, low: 0, high: 0, isSettled: true };
      if (!f.cov) return { seconds, low: 0, high: Infinity, isSettled: false };
      const [caa, cab, cbb] = f.cov;
      const r1 = remaining.tokens;
      const r2 = remaining.context - f.meanZ * remaining.tokens;
      const half = t95(f.nEff - 2) * Math.sqrt(Math.max(0, r1 * r1 * caa + 2 * r1 * r2 * cab + r2 * r2 * cbb));
      return {
        seconds,
        low: Math.max(0, seconds - half),
        high: seconds + half,
        isSettled: f.count >= SETTLED_AFTER && half <= SETTLED_WIDTH * seconds,
      };
    },
  };
}

export type EtaEstimator = ReturnType<typeof etaEstimator>;

/** A duration rounded to a step that suits its size, so a range does not flicker by the second. */
function rounded(seconds: number, up: boolean): number {
  const step = seconds < 60 ? 5 : seconds < 600 ? 30 : seconds < 3600 ? 60 : 300;
  return (up ? Math.ceil(seconds / step) : Math.floor(seconds / step)) * step;
}

/**
 * How an estimate reads, with the caller's duration format: one figure once settled, a range
 * before, "more than" while the upper end is unknown (growth with context not yet measured), and
 * "estimating…" before anything can be said.
 */
export function etaText(e: EtaEstimate | undefined, format: (seconds: number) => string): string {
  if (!e || !Number.isFinite(e.seconds)) return 'estimating…';
  if (e.isSettled) return format(rounded(e.seconds, false) || rounded(e.seconds, true));
  const low = rounded(e.low, false);
  if (Number.isFinite(e.high) && e.high <= 5 * Math.max(e.low, 1)) return `${format(low)}–${format(rounded(e.high, true))}`;
  return low > 0 ? `more than ${format(low)}` : 'estimating…';
}
