import type { StateCreator } from 'zustand';
import type { InputError, Trajectory } from '../../core/types';
import { trajectoryKey } from '../input/trajectoryKey';
import { busyWith, busyWithout } from './busyFiles';
import type { LensState } from './useLensStore';

/** One loaded input file: its trajectories and errors are replaced as a whole when it is dropped again. */
export interface LoadedFile {
  name: string;
  /** 'demo' when it came from the bundled samples (the URL may then ask to load them again). */
  origin: 'demo' | 'user';
  trajectories: number;
  errors: number;
}

export interface DatasetState {
  files: LoadedFile[];
  /** All loaded trajectories, in file then line order. */
  trajectories: Trajectory[];
  /** trajectoryKey → trajectory. */
  byKey: Map<string, Trajectory>;
  /** Records that could not be loaded, file then line order. */
  inputErrors: InputError[];
  /** trajectoryKey → SHA-256 of the messages (the content half of the cache key). */
  hashes: Map<string, string>;
  /** Names of files being parsed right now. */
  parsing: string[];
  /**
   * Teacher → colour, kept once given (watchTeacherColors assigns new teachers): a file added
   * later must not repaint the teachers already on screen.
   */
  teacherColors: Map<string, string>;
}

export interface DatasetSlice extends DatasetState {
  parseStarted: (file: string) => void;
  /** A file could not be read at all (network, permissions). */
  fileFailed: (file: string, reason: string) => void;
  hashesComputed: (entries: [string, string][]) => void;
  teacherColorsAssigned: (colors: Map<string, string>) => void;
}

/** Nothing loaded. */
export function emptyDataset(): Omit<DatasetState, 'parsing'> {
  return { files: [], trajectories: [], byKey: new Map(), inputErrors: [], hashes: new Map(), teacherColors: new Map() };
}

/** The dataset without `file`: its records, errors and hashes go. `stale` names the removed records' keys. */
export function datasetWithoutFile(s: DatasetState, file: string): { dataset: Omit<DatasetState, 'parsing' | 'teacherColors'>; stale: Set<string> } {
  const stale = new Set(s.trajectories.filter((t) => t.source.file === file).map(trajectoryKey));
  const trajectories = s.trajectories.filter((t) => t.source.file !== file);
  return {
    dataset: {
      files: s.files.filter((f) => f.name !== file),
      trajectories,
      byKey: new Map(trajectories.map((t) => [trajectoryKey(t), t])),
      inputErrors: s.inputErrors.filter((e) => e.file !== file),
      hashes: new Map([...s.hashes].filter(([k]) => !stale.has(k))),
    },
    stale,
  };
}

/**
 * The dataset once `file` is parsed: it replaces whatever was loaded under the same name and keeps
 * its place (a new file goes last). `stale` names the keys of the replaced records: keys are
 * file:line, so the same keys may now name other records, and their results must go (see
 * useLensStore's fileParsed).
 */
export function datasetWithFile(
  s: DatasetState,
  file: string,
  trajectories: Trajectory[],
  errors: InputError[],
  origin: LoadedFile['origin'],
): { dataset: Omit<DatasetState, 'teacherColors'>; stale: Set<string> } {
  const stale = new Set(s.trajectories.filter((t) => t.source.file === file).map(trajectoryKey));
  const entry: LoadedFile = { name: file, origin, trajectories: trajectories.length, errors: errors.length };
  const files = s.files.some((f) => f.name === file) ? s.files.map((f) => (f.name === file ? entry : f)) : [...s.files, entry];
  const all = files.flatMap((f) => (f.name === file ? trajectories : s.trajectories.filter((t) => t.source.file === f.name)));
  return {
    dataset: {
      files,
      trajectories: all,
      byKey: new Map(all.map((t) => [trajectoryKey(t), t])),
      inputErrors: files.flatMap((f) => (f.name === file ? errors : s.inputErrors.filter((e) => e.file === f.name))),
      hashes: new Map([...s.hashes].filter(([k]) => !stale.has(k))),
      parsing: busyWithout(s.parsing, file),
    },
    stale,
  };
}

export const createDatasetSlice: StateCreator<LensState, [], [], DatasetSlice> = (set) => ({
  ...emptyDataset(),
  parsing: [],
  parseStarted: (file) => set((s) => ({ parsing: busyWith(s.parsing, file) })),
  fileFailed: (file, reason) =>
    set((s) => ({
      parsing: busyWithout(s.parsing, file),
      inputErrors: [...s.inputErrors.filter((e) => e.file !== file), { file, line: 0, reason }],
    })),
  hashesComputed: (entries) => set((s) => ({ hashes: new Map([...s.hashes, ...entries]) })),
  teacherColorsAssigned: (colors) => set({ teacherColors: colors }),
});
