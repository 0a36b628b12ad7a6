import type { Trajectory } from '../../core/types';

/**
 * The app's name for a loaded trajectory: `file:line`. Unique within what is loaded (ids often
 * repeat across teachers), stable across reloads of the same files, and short enough for the URL.
 */
export function trajectoryKey(t: Pick<Trajectory, 'source'>): string {
  return `${t.source.file}:${t.source.line}`;
}
