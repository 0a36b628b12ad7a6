/** One progress report: when (ms) and how many tokens were done by then. */
export interface RateSample {
  at: number;
  done: number;
}

/**
 * Tokens per second over the last `windowMs` of samples (the oldest sample in the window to the
 * newest), or `fallback` until two samples span at least `minMs`. A rate since the start of the
 * run reacts slowly: a long trajectory after many short ones (whose prompts are cheap) keeps the
 * ETA wrong for minutes. A recent window follows the speed the run has now.
 */
export function recentRate(samples: readonly RateSample[], windowMs: number, minMs: number, fallback: number): number {
  if (samples.length < 2) return fallback;
  const last = samples[samples.length - 1];
  let first = samples[0];
  for (const s of samples) {
    if (last.at - s.at <= windowMs) {
      first = s;
      break;
    }
  }
  const span = last.at - first.at;
  if (span < minMs) return fallback;
  return ((last.done - first.done) / span) * 1000;
}
