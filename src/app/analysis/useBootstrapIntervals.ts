import { useEffect, useState } from 'react';
import { bootstrapTeacherRsr, type BootstrapInterval } from '../../core/stats/bootstrapTeacherRsr';
import type { TrajectoryMetrics } from '../../core/types';

/** Resamples per teacher, and the seed that makes every interval reproducible (the CLI and tests get the same). */
export const BOOTSTRAP_B = 1000;
export const BOOTSTRAP_SEED = 1;

/** Run once the page is idle (results stream in every 100 ms while scoring: do not fight them for the main thread). */
function whenIdle(run: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout: 250 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, 0);
  return () => clearTimeout(id);
}

/** Work per slice before yielding to the page, ms: well under a frame. */
const SLICE_MS = 12;

/**
 * 95% percentile-bootstrap interval of each teacher's RSR (Eq. 9), B = 1000, seed 1: whether
 * the trajectories scored so far are enough to tell two teachers apart. B × n draws per teacher
 * (10⁷ for 10,000 trajectories) is too much to redo inside a render while results stream in, so
 * it starts when the page is idle and runs in short slices, a teacher at a time; the previous
 * intervals stay on screen until the new set is complete. Teacher → interval.
 */
export function useBootstrapIntervals(rows: readonly { teacher: string; metrics: TrajectoryMetrics }[]): Map<string, BootstrapInterval> {
  const [intervals, setIntervals] = useState<Map<string, BootstrapInterval>>(new Map());
  useEffect(() => {
    const groups = new Map<string, TrajectoryMetrics[]>();
    for (const r of rows) {
      let g = groups.get(r.teacher);
      if (!g) groups.set(r.teacher, (g = []));
      g.push(r.metrics);
    }
    const todo = [...groups];
    const next = new Map<string, BootstrapInterval>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const slice = () => {
      const started = performance.now();
      while (todo.length && performance.now() - started < SLICE_MS) {
        const [teacher, metrics] = todo.shift()!;
        next.set(teacher, bootstrapTeacherRsr(metrics, { b: BOOTSTRAP_B, seed: BOOTSTRAP_SEED }));
      }
      if (todo.length) timer = setTimeout(slice, 0);
      else setIntervals(next);
    };
    const cancelIdle = whenIdle(slice);
    return () => {
      cancelIdle();
      clearTimeout(timer);
    };
  }, [rows]);
  return intervals;
}
