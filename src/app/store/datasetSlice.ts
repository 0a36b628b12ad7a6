import type { StateCreator } from 'zustand';
import type { InputError, Trajectory } from '../../core/types';
import { trajectoryKey } from '../input/trajectoryKey';
import { appended } from './appendedList';
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

/** A file none of whose records loaded: its first record, for the user to say which fields to read (see FieldMap). */
export interface UnrecognisedFile {
  name: string;
  /** The first record's field names, in its order. */
  fields: string[];
  /** The first record as JSON text (shortened), shown as text. */
  sample: string;
}

export interface DatasetState {
  files: LoadedFile[];
  /** All loaded trajectories, in file then line order. */
  trajectories: Trajectory[];
  /**
   * trajectoryKey → trajectory. Grown in place as a loading file's records arrive (with a new
   * `trajectories` list each time, which is what subscribers see change): copying a million
   * entries per batch would make loading quadratic. Any other change makes a new map.
   */
  byKey: Map<string, Trajectory>;
  /** Records that could not be loaded, file then line order. */
  inputErrors: InputError[];
  /** trajectoryKey → SHA-256 of the messages (the content half of the cache key). Grown in place like byKey. */
  hashes: Map<string, string>;
  /** Names of files being parsed right now. */
  parsing: string[];
  /**
   * Teacher → colour, kept once given (watchTeacherColors assigns new teachers): a file added
   * later must not repaint the teachers already on screen.
   */
  teacherColors: Map<string, string>;
  /** Loaded files whose records were not recognised, waiting for a field map. */
  unrecognised: UnrecognisedFile[];
}

/** Consecutive records of one file, with their content hashes (parallel to `trajectories`) and the file's errors among them. */
export interface RecordBatch {
  trajectories: Trajectory[];
  hashes: string[];
  errors: InputError[];
}

export interface DatasetSlice extends DatasetState {
  parseStarted: (file: string) => void;
  /** A file being read has all its records in (see CrossSliceActions.fileRecordsAdded). */
  fileLoaded: (file: string) => void;
  /** A file could not be read at all (network, permissions). */
  fileFailed: (file: string, reason: string) => void;
  /** A file's bytes turned out to be results scored elsewhere: it is imported, not loaded as trajectories. */
  fileIsResults: (file: string) => void;
  hashesComputed: (entries: [string, string][]) => void;
  teacherColorsAssigned: (colors: Map<string, string>) => void;
  /** A file loaded no record, and its first record is an object: offer to map its fields. */
  fileUnrecognised: (file: UnrecognisedFile) => void;
  /** The user closed the field map of a file without loading it. */
  fieldMapDismissed: (file: string) => void;
}

/** Nothing loaded. */
export function emptyDataset(): Omit<DatasetState, 'parsing'> {
  return { files: [], trajectories: [], byKey: new Map(), inputErrors: [], hashes: new Map(), teacherColors: new Map(), unrecognised: [] };
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
      unrecognised: s.unrecognised.filter((u) => u.name !== file),
    },
    stale,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    let list = groups.get(k);
    if (!list) groups.set(k, (list = []));
    list.push(item);
  }
  return groups;
}

/**
 * The dataset once `file` is parsed: it replaces whatever was loaded under the same name and keeps
 * its place (a new file goes last). `stale` names the keys of the replaced records: keys are
 * file:line, so the same keys may now name other records, and their results must go (see
 * useLensStore's fileParsed). `hashes` are the new records' content hashes, when known, parallel
 * to `trajectories` (the parse worker computes them).
 */
export function datasetWithFile(
  s: DatasetState,
  file: string,
  trajectories: Trajectory[],
  errors: InputError[],
  origin: LoadedFile['origin'],
  hashes: readonly string[] = [],
): { dataset: Omit<DatasetState, 'teacherColors'>; stale: Set<string> } {
  const stale = new Set(s.trajectories.filter((t) => t.source.file === file).map(trajectoryKey));
  const keptHashes = new Map([...s.hashes].filter(([k]) => !stale.has(k)));
  trajectories.forEach((t, i) => hashes[i] !== undefined && keptHashes.set(trajectoryKey(t), hashes[i]));
  const entry: LoadedFile = { name: file, origin, trajectories: trajectories.length, errors: errors.length };
  const files = s.files.some((f) => f.name === file) ? s.files.map((f) => (f.name === file ? entry : f)) : [...s.files, entry];
  // Grouped once: a folder of many files is committed file by file, and each commit stays linear.
  const byFile = groupBy(s.trajectories, (t) => t.source.file);
  const errorsByFile = groupBy(s.inputErrors, (e) => e.file);
  const names = new Set(files.map((f) => f.name));
  const all = files.flatMap((f) => (f.name === file ? trajectories : (byFile.get(f.name) ?? [])));
  return {
    dataset: {
      files,
      trajectories: all,
      byKey: new Map(all.map((t) => [trajectoryKey(t), t])),
      // Errors of files that have no records (unreadable, or not restored) stay, after the files' own.
      inputErrors: [...files.flatMap((f) => (f.name === file ? errors : (errorsByFile.get(f.name) ?? []))), ...s.inputErrors.filter((e) => !names.has(e.file))],
      hashes: keptHashes,
      parsing: busyWithout(s.parsing, file),
      unrecognised: trajectories.length ? s.unrecognised.filter((u) => u.name !== file) : s.unrecognised,
    },
    stale,
  };
}

/**
 * The dataset once more records of `file`, which is loading and already has records in, arrived:
 * they follow its records so far. When the file is the last one (a new file always is), this is
 * linear in the new records — the list is appended to (appendedList.ts), byKey and hashes grow in
 * place — so a million records in 500 batches cost what one batch of a million does. A file read
 * again in the middle of the list is rebuilt in its place, as datasetWithFile does.
 */
export function datasetWithMoreRecords(s: DatasetState, file: string, batch: RecordBatch): Pick<DatasetState, 'files' | 'trajectories' | 'byKey' | 'inputErrors' | 'hashes'> {
  const at = s.files.findIndex((f) => f.name === file);
  const loaded = s.files[at];
  const files = s.files.map((f, i) => (i === at ? { ...loaded, trajectories: loaded.trajectories + batch.trajectories.length, errors: loaded.errors + batch.errors.length } : f));
  if (at !== s.files.length - 1) {
    const own = s.trajectories.filter((t) => t.source.file === file);
    const { dataset } = datasetWithFile(
      s,
      file,
      [...own, ...batch.trajectories],
      [...s.inputErrors.filter((e) => e.file === file), ...batch.errors],
      loaded.origin,
      [...own.map((t) => s.hashes.get(trajectoryKey(t))!), ...batch.hashes],
    );
    // Still being read: `parsing` stays as it is.
    const { parsing: _, unrecognised: __, ...rebuilt } = dataset;
    return { ...rebuilt, files };
  }
  batch.trajectories.forEach((t, i) => {
    const key = trajectoryKey(t);
    s.byKey.set(key, t);
    if (batch.hashes[i] !== undefined) s.hashes.set(key, batch.hashes[i]);
  });
  let inputErrors = s.inputErrors;
  if (batch.errors.length) {
    // The last file's errors come before those of files that have no records (see datasetWithFile).
    const names = new Set(s.files.map((f) => f.name));
    let end = inputErrors.length;
    while (end > 0 && !names.has(inputErrors[end - 1].file)) end--;
    inputErrors = end === inputErrors.length ? appended(inputErrors, batch.errors) : [...inputErrors.slice(0, end), ...batch.errors, ...inputErrors.slice(end)];
  }
  return { files, trajectories: appended(s.trajectories, batch.trajectories), byKey: s.byKey, inputErrors, hashes: s.hashes };
}

export const createDatasetSlice: StateCreator<LensState, [], [], DatasetSlice> = (set) => ({
  ...emptyDataset(),
  parsing: [],
  parseStarted: (file) => set((s) => ({ parsing: busyWith(s.parsing, file) })),
  fileLoaded: (file) => set((s) => ({ parsing: busyWithout(s.parsing, file) })),
  fileFailed: (file, reason) =>
    set((s) => ({
      parsing: busyWithout(s.parsing, file),
      inputErrors: [...s.inputErrors.filter((e) => e.file !== file), { file, line: 0, reason }],
    })),
  fileIsResults: (file) => set((s) => ({ parsing: busyWithout(s.parsing, file) })),
  hashesComputed: (entries) => set((s) => ({ hashes: new Map([...s.hashes, ...entries]) })),
  teacherColorsAssigned: (colors) => set({ teacherColors: colors }),
  fileUnrecognised: (file) => set((s) => ({ unrecognised: [...s.unrecognised.filter((u) => u.name !== file.name), file] })),
  fieldMapDismissed: (file) => set((s) => ({ unrecognised: s.unrecognised.filter((u) => u.name !== file) })),
});
