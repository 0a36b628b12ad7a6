/** See stallWatchdog. */
export interface StallWatchdog {
  /** The worker was asked to score: silence counts from now. */
  start: (now: number) => void;
  /** Any message from the worker (a heartbeat, progress, a result). */
  heard: (now: number) => void;
  /**
   * The worker said it starts work that cannot yield and may take up to `ms` (tokenizing one long
   * conversation): silence until then is that work, not a stall, and it is not counted as one of
   * the run's silences (it says nothing about how long a chunk takes).
   */
  busy: (now: number, ms: number) => void;
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
 * `factor` times the longest silence seen in this run, and at least `minMs`. Tokenizing a long
 * conversation is one synchronous call too (a 28 MB row: a minute or more), so the worker
 * announces it with its length, and the bound stretches for it alone.
 */
export function stallWatchdog(minMs: number, factor: number): StallWatchdog {
  let last: number | null = null;
  let longest = 0;
  /** The allowance of the announced work under way, 0 when none. */
  let busyMs = 0;
  const bound = () => Math.max(minMs, factor * longest, busyMs);
  return {
    start: (now) => {
      last = now;
      longest = 0;
      busyMs = 0;
    },
    heard: (now) => {
      if (last === null) return;
      if (!busyMs) longest = Math.max(longest, now - last);
      busyMs = 0;
      last = now;
    },
    busy: (now, ms) => {
      if (last === null) return;
      if (!busyMs) longest = Math.max(longest, now - last);
      busyMs = ms;
      last = now;
    },
    stop: () => {
      last = null;
      busyMs = 0;
    },
    bound,
    isStalled: (now) => last !== null && now - last > bound(),
  };
}
