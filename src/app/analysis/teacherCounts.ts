import type { Trajectory } from '../../core/types';
import { appendMemo } from '../store/appendedList';

const counts = appendMemo((previous: ReadonlyMap<string, number> | undefined, list: readonly Trajectory[], start: number, _: object) => {
  const next = new Map(previous);
  for (let i = start; i < list.length; i++) next.set(list[i].teacher, (next.get(list[i].teacher) ?? 0) + 1);
  return next;
});

/**
 * Loaded trajectories per teacher, in order of first appearance. Asked for by several views and
 * watchers on every change of the list: while a file arrives, only its new trajectories are
 * counted (appendedList.ts), not the million before them.
 */
export function teacherCounts(trajectories: readonly Trajectory[]): ReadonlyMap<string, number> {
  return counts(trajectories, {});
}
