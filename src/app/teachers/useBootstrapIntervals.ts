import { useEffect, useState } from 'react';
import { bootstrapTeacherRsr, type BootstrapInterval } from '../../core/stats/bootstrapTeacherRsr';
import type { TrajectoryMetrics } from '../../core/types';

/** Resamples per teacher, and the seed that makes every interval reproducible (the CLI and tests get the same). */
export const BOOTSTRAP_B = 1000;
export const BOOTSTRAP_SEED = 1;

type Schedule = (run: () => void) => () => void;

/** When the page is idle (results stream in every 100 ms while scoring: do not fight them for the main thread). */
const whenIdle: Schedule = (run) => {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout: 1000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, 50);
  return () => clearTimeout(id);
};

/**
 * 95% percentile-bootstrap interval of each teacher's RSR (Eq. 9), B = 1000, seed 1: whether
 * the trajectories scored so far are enough to tell two teachers apart. B × n draws per teacher
 * (10⁷ for 10,000 trajectories) is too much to redo inside every render while results stream
 * in, so it runs in an idle callback, one teacher per callback, and the previous intervals stay
 * on screen until the new ones are ready. Teacher → interval; a teacher appears once computed.
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
    let cancel = () => {};
    const step = () => {
      const item = todo.shift();
      if (!item) {
        setIntervals(next);
        return;
      }
      next.set(item[0], bootstrapTeacherRsr(item[1], { b: BOOTSTRAP_B, seed: BOOTSTRAP_SEED }));
      cancel = whenIdle(step);
    };
    cancel = whenIdle(step);
    return () => cancel();
  }, [rows]);
  return intervals;
}
