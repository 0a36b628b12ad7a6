/** See stallWatchdog. */
export interface StallWatchdog {
  /** The worker was asked to score: silence counts from now. */
  start: (now: number) => void;
  /** Any message from the worker (a heartbeat, progress, a result). */
  heard: (now: number) => void;
  /** The run ended: silence no longer means anything. */
  stop: () => void;
  /** Milliseconds of silence after which the worker is taken as stalled, given what was seen so far. */
  bound: () => number;
  isStalled: (now: number) => boolean;
}

/**
 * Tells a worker that stopped answering from one that is busy. A worker posts a heartbeat while
 * its event loop turns, and progress between chunks; but one model call runs without a break,
 * and a big student on WASM may take many seconds per chunk. So the bound is not fixed: it is
 * `factor` times the longest silence seen in this run, and at least `minMs`.
 */
export function stallWatchdog(minMs: number, factor: number): StallWatchdog {
  let last: number | null = null;
  let longest = 0;
  const bound = () => Math.max(minMs, factor * longest);
  return {
    start: (now) => {
      last = now;
      longest = 0;
    },
    heard: (now) => {
      if (last === null) return;
      longest = Math.max(longest, now - last);
      last = now;
    },
    stop: () => {
      last = null;
    },
    bound,
    isStalled: (now) => last !== null && now - last > bound(),
  };
}
