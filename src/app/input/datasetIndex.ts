import { datasetName } from '../../core/export/authorsLayout';
import { teacherFromFile } from '../../core/parse/teacherFromFile';
import type { InputError, Trajectory } from '../../core/types';
import type { LoadedMatch } from './findLoaded';
import { trajectoryKey } from './trajectoryKey';

/** The loaded files as the reference's datasets, for joining rows of its output tree to them. */
export interface DatasetIndex {
  /**
   * Loaded files that are this dataset (`<dir>__<stem>`, relative to a data root somewhere up their
   * path). A file none of whose records loaded is none: a failed file never blocks its namesake.
   */
  filesOf(dataset: string): string[];
  /**
   * A loaded file's records in file order, as the reference enumerates them (its `sample_idx` and
   * the `sample_id` of a record without an id): each its trajectory, or undefined for a record that
   * did not load here.
   */
  recordsOf(file: string): (Trajectory | undefined)[];
  match(t: Trajectory): LoadedMatch;
}

/** A loaded file's dataset name with every folder of its path (a dropped folder is named with its root). */
const fullName = (file: string) => {
  const parts = file.split('/').filter(Boolean);
  return datasetName({ dirs: parts.slice(0, -1), stem: teacherFromFile(parts.at(-1) ?? '') });
};

export function datasetIndex(loaded: { trajectories: readonly Trajectory[]; inputErrors: readonly InputError[] }): DatasetIndex {
  const lines = new Map<string, Map<number, Trajectory | undefined>>();
  const linesOf = (file: string) => {
    let m = lines.get(file);
    if (!m) lines.set(file, (m = new Map()));
    return m;
  };
  for (const t of loaded.trajectories) linesOf(t.source.file).set(t.source.line, t);
  // A record that did not load still has its place (line 0 is a problem with the whole file).
  for (const e of loaded.inputErrors) if (e.line > 0 && !linesOf(e.file).has(e.line)) linesOf(e.file).set(e.line, undefined);
  const files = [...new Set(loaded.trajectories.map((t) => t.source.file))];
  return {
    filesOf: (dataset) => files.filter((f) => fullName(f) === dataset || fullName(f).endsWith(`__${dataset}`)),
    recordsOf: (file) => [...(lines.get(file) ?? new Map<number, Trajectory | undefined>()).entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t),
    match: (t) => ({ key: trajectoryKey(t), trajectory: t }),
  };
}
