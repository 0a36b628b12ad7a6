import type { Trajectory } from '../../core/types';
import { trajectoryKey } from './trajectoryKey';

/** Loaded trajectories by problem id, for joining imported rows. */
export type LoadedIndex = Map<string, Trajectory[]>;

export function loadedIndex(trajectories: readonly Trajectory[]): LoadedIndex {
  const index: LoadedIndex = new Map();
  for (const t of trajectories) {
    let list = index.get(t.id);
    if (!list) index.set(t.id, (list = []));
    list.push(t);
  }
  return index;
}

export type LoadedMatch = { key: string; trajectory: Trajectory } | { key?: undefined; reason: string };

/**
 * The loaded trajectory an imported row belongs to: the one with the same id and teacher. When
 * the row's file names no teacher (`hasTeacher` false: its teacher is only the file name) and
 * exactly one loaded trajectory has the id, that one. Anything else is reported, never guessed:
 * scores drawn on another teacher's answer would look plausible and be wrong.
 */
export function findLoaded(index: LoadedIndex, id: string, teacher: string, hasTeacher: boolean): LoadedMatch {
  const candidates = index.get(id) ?? [];
  const exact = candidates.filter((t) => t.teacher === teacher);
  if (exact.length >= 1) return { key: trajectoryKey(exact[0]), trajectory: exact[0] };
  if (!hasTeacher && candidates.length === 1) return { key: trajectoryKey(candidates[0]), trajectory: candidates[0] };
  if (!candidates.length) return { reason: `no loaded trajectory has id "${id}"` };
  const teachers = [...new Set(candidates.map((t) => t.teacher))].join(', ');
  return hasTeacher
    ? { reason: `id "${id}" is loaded for teacher ${teachers}, not "${teacher}"` }
    : { reason: `id "${id}" is loaded for several teachers (${teachers}) and the line names none` };
}
