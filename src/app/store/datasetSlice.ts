import type { StateCreator } from 'zustand';
import type { InputError, Trajectory } from '../../core/types';
import { trajectoryKey } from '../input/trajectoryKey';
import type { LensState } from './useLensStore';

/** One loaded input file: its trajectories and errors are replaced as a whole when it is dropped again. */
export interface LoadedFile {
  name: string;
  /** 'demo' when it came from the bundled samples (the URL may then ask to load them again). */
  origin: 'demo' | 'user';
  trajectories: number;
  errors: number;
}

export interface DatasetSlice {
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
  parseStarted: (file: string) => void;
  /** A file finished parsing: replace whatever was loaded under the same name, and its results. */
  fileParsed: (file: string, trajectories: Trajectory[], errors: InputError[], origin: LoadedFile['origin']) => void;
  /** A file could not be read at all (network, permissions). */
  fileFailed: (file: string, reason: string) => void;
  hashesComputed: (entries: [string, string][]) => void;
  datasetCleared: () => void;
}

export const createDatasetSlice: StateCreator<LensState, [], [], DatasetSlice> = (set) => ({
  files: [],
  trajectories: [],
  byKey: new Map(),
  inputErrors: [],
  hashes: new Map(),
  parsing: [],
  parseStarted: (file) => set((s) => ({ parsing: [...s.parsing.filter((f) => f !== file), file] })),
  fileParsed: (file, trajectories, errors, origin) =>
    set((s) => {
      // Keys are file:line, so a re-dropped file's old keys may now name other records: drop their results.
      const stale = new Set(s.trajectories.filter((t) => t.source.file === file).map(trajectoryKey));
      // A re-dropped file keeps its place; a new one goes last.
      const entry: LoadedFile = { name: file, origin, trajectories: trajectories.length, errors: errors.length };
      const files = s.files.some((f) => f.name === file) ? s.files.map((f) => (f.name === file ? entry : f)) : [...s.files, entry];
      const all = files.flatMap((f) => (f.name === file ? trajectories : s.trajectories.filter((t) => t.source.file === f.name)));
      const results = new Map([...s.results].filter(([k]) => !stale.has(k)));
      const skipped = new Map([...s.skipped].filter(([k]) => !stale.has(k)));
      const hashes = new Map([...s.hashes].filter(([k]) => !stale.has(k)));
      return {
        files,
        trajectories: all,
        byKey: new Map(all.map((t) => [trajectoryKey(t), t])),
        inputErrors: files.flatMap((f) => (f.name === file ? errors : s.inputErrors.filter((e) => e.file === f.name))),
        parsing: s.parsing.filter((f) => f !== file),
        results,
        skipped,
        hashes,
      };
    }),
  fileFailed: (file, reason) =>
    set((s) => ({
      parsing: s.parsing.filter((f) => f !== file),
      inputErrors: [...s.inputErrors.filter((e) => e.file !== file), { file, line: 0, reason }],
    })),
  hashesComputed: (entries) => set((s) => ({ hashes: new Map([...s.hashes, ...entries]) })),
  datasetCleared: () =>
    set({
      files: [],
      trajectories: [],
      byKey: new Map(),
      inputErrors: [],
      hashes: new Map(),
      results: new Map(),
      skipped: new Map(),
      selectedKey: null,
      teacherFilter: '',
      idFilter: '',
    }),
});
