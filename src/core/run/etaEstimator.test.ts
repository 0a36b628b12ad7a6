import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../stats/mulberry32';
import { addWork, etaEstimator, etaText, NO_WORK, segmentWork, subtractWork, type Work } from './etaEstimator';

interface Step {
  work: Work;
  seconds: number;
}

interface Simulation {
  /** Tokens of each conversation, fed one after another. */
  lengths: number[];
  /** Positions per call. */
  chunk: number;
  /** Seconds per token at context 0, and what each position of context adds. */
  a: number;
  b: number;
  /** Relative noise of a call's time (uniform ±), seeded. */
  noise?: number;
  /** The first call takes this many times longer (the runtime compiles its kernels). */
  warmup?: number;
  /** From this fraction of the calls on, every call takes `factor` times longer (another job starts). */
  slowdown?: { from: number; factor: number };
}

/** A run call by call, as the scorer would time it: each call's cost is Σ (a + b·position) over its tokens. */
function simulate({ lengths, chunk, a, b, noise = 0, warmup = 1, slowdown }: Simulation): Step[] {
  const random = mulberry32(7);
  const steps: Step[] = [];
  for (const length of lengths) {
    for (let start = 0; start < length; start += chunk) {
      const work = segmentWork(start, Math.min(length, start + chunk));
      steps.push({ work, seconds: (a * work.tokens + b * work.context) * (1 + noise * (2 * random() - 1)) });
    }
  }
  steps[0].seconds *= warmup;
  if (slowdown) for (let i = Math.floor(slowdown.from * steps.length); i < steps.length; i++) steps[i].seconds *= slowdown.factor;
  return steps;
}

/** The estimator's answer after `calls` calls, with the true time left and what a plain tokens/s rate since the start would say. */
function after(steps: Step[], calls: number) {
  const eta = etaEstimator();
  for (const s of steps.slice(0, calls)) eta.observe(s.work, s.seconds);
  const remaining = steps.slice(calls).reduce((w, s) => addWork(w, s.work), NO_WORK);
  const truth = steps.slice(calls).reduce((t, s) => t + s.seconds, 0);
  const done = steps.slice(0, calls);
  const rate = done.reduce((n, s) => n + s.work.tokens, 0) / done.reduce((t, s) => t + s.seconds, 0);
  return { estimate: eta.estimate(remaining)!, truth, naive: remaining.tokens / rate };
}

const near = (x: number, truth: number, tolerance: number) => Math.abs(x - truth) <= tolerance * truth;

describe('segmentWork', () => {
  it('segmentWork(from, to) counts the tokens and sums their positions', () => {
    expect(segmentWork(0, 4)).toEqual({ tokens: 4, context: 6 });
    expect(segmentWork(10, 12)).toEqual({ tokens: 2, context: 21 });
    expect(segmentWork(5, 5)).toEqual(NO_WORK);
    expect(addWork(segmentWork(0, 2), segmentWork(2, 4))).toEqual(segmentWork(0, 4));
    expect(subtractWork(segmentWork(0, 4), segmentWork(0, 8))).toEqual(NO_WORK);
  });
});

describe('etaEstimator', () => {
  it('says nothing before a call is timed, and nothing is left of a finished run', () => {
    const eta = etaEstimator();
    expect(eta.estimate(segmentWork(0, 100))).toBeUndefined();
    eta.observe(segmentWork(0, 10), 1);
    expect(eta.estimate(NO_WORK)).toEqual({ seconds: 0, low: 0, high: 0, isSettled: true });
  });

  it('a long trajectory: the cost growing with context is fitted, where tokens/s promised half the time (the CLI said 3m23s with 10.5 min left)', () => {
    // Cost per token doubles every 3,000 positions, as on a real student; eight 8k-token trajectories in 256-token chunks.
    const steps = simulate({ lengths: Array(8).fill(8192), chunk: 256, a: 1e-3, b: 1e-3 / 3000, noise: 0.1 });
    // Four chunks in, only the first 1,024 positions are seen: a range, not a figure, and it holds the truth.
    const early = after(steps, 4);
    expect(early.naive).toBeLessThan(0.6 * early.truth);
    expect(early.estimate.isSettled).toBe(false);
    expect(early.estimate.high).toBeGreaterThanOrEqual(early.truth);
    // Once a whole trajectory is seen, the estimate is right to within 10% and settles.
    const later = after(steps, 32);
    expect(near(later.estimate.seconds, later.truth, 0.1)).toBe(true);
    expect(later.estimate.low).toBeLessThanOrEqual(later.truth);
    expect(later.estimate.high).toBeGreaterThanOrEqual(later.truth);
    const half = after(steps, 128);
    expect(half.estimate.isSettled).toBe(true);
    expect(near(half.estimate.seconds, half.truth, 0.05)).toBe(true);
  });

  it('warm-up: a first call 15× slower is left out, where the average since the start overestimated 4× (Quick rank said 1:45:23 for 13:45)', () => {
    // 300 conversations of about 400 tokens, one call each, ±10%.
    const random = mulberry32(3);
    const lengths = Array.from({ length: 300 }, () => 300 + Math.floor(random() * 200));
    const steps = simulate({ lengths, chunk: 512, a: 2e-3, b: 1e-7, noise: 0.1, warmup: 15 });
    const { estimate, truth, naive } = after(steps, 6);
    expect(naive).toBeGreaterThan(2 * truth);
    expect(near(estimate.seconds, truth, 0.15)).toBe(true);
    expect(estimate.low).toBeLessThanOrEqual(truth);
    expect(estimate.high).toBeGreaterThanOrEqual(truth);
  });

  it('capped at 512 tokens: no growth past what was seen, so the range closes quickly around the truth (the app said 3:21–5:37 h for 67 min)', () => {
    const steps = simulate({ lengths: Array(2000).fill(512), chunk: 512, a: 4e-3, b: 2e-6, noise: 0.15, warmup: 5 });
    for (const calls of [10, 50, 400]) {
      const { estimate, truth } = after(steps, calls);
      expect(estimate.low, `${calls} calls`).toBeLessThanOrEqual(truth);
      expect(estimate.high, `${calls} calls`).toBeGreaterThanOrEqual(truth);
      expect(estimate.high, `${calls} calls`).toBeLessThanOrEqual(1.3 * truth);
    }
    const settled = after(steps, 50);
    expect(settled.estimate.isSettled).toBe(true);
    expect(near(settled.estimate.seconds, settled.truth, 0.05)).toBe(true);
  });

  it('follows a machine that gets busier: older calls fade', () => {
    // Halfway through an hour-long run another job halves the speed.
    const steps = simulate({ lengths: Array(4000).fill(500), chunk: 512, a: 2e-3, b: 0, noise: 0.05, slowdown: { from: 0.5, factor: 2 } });
    const { estimate, truth } = after(steps, 2600);
    expect(near(estimate.seconds, truth, 0.15)).toBe(true);
  });
});

describe('etaText', () => {
  const mmss = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  it('one figure once settled, a rounded range before, "more than" while the upper end is unknown', () => {
    expect(etaText(undefined, mmss)).toBe('estimating…');
    expect(etaText({ seconds: 754, low: 700, high: 800, isSettled: true }, mmss)).toBe('12:00');
    expect(etaText({ seconds: 754, low: 612, high: 905, isSettled: false }, mmss)).toBe('10:00–16:00');
    expect(etaText({ seconds: 40, low: 31, high: 52, isSettled: false }, mmss)).toBe('0:30–0:55');
    expect(etaText({ seconds: 754, low: 300, high: Infinity, isSettled: false }, mmss)).toBe('more than 5:00');
    expect(etaText({ seconds: 754, low: 0, high: 5000, isSettled: false }, mmss)).toBe('estimating…');
  });
});
