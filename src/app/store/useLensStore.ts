import { create, type StateCreator } from 'zustand';
import type { InputError, ScoredTrajectory, Trajectory } from '../../core/types';
import type { ImportReport } from '../input/importResultsFiles';
import type { ImportedRow } from '../input/planImport';
import { createCompareSlice, type CompareSlice } from './compareSlice';
import {
  createDatasetSlice,
  datasetWithFile,
  datasetWithMoreRecords,
  datasetWithoutFile,
  emptyDataset,
  type DatasetSlice,
  type DatasetState,
  type LoadedFile,
  type RecordBatch,
} from './datasetSlice';
import { createImportsSlice, noImports, type ImportsSlice } from './importsSlice';
import { createLayoutSlice, type LayoutSlice } from './layoutSlice';
import { createLengthsSlice, type LengthsSlice } from './lengthsSlice';
import { createNoticesSlice, type NoticesSlice } from './noticesSlice';
import { createQuickRankSlice, type QuickRankSlice } from './quickRankSlice';
import { createSearchSlice, type SearchSlice } from './searchSlice';
import { createSessionSlice, nothingUnsaved, type SessionSlice } from './sessionSlice';
import { createScoringSlice, noResults, resultsWithout, resultsWithoutImports, type ScoringSlice } from './scoringSlice';
import { createSelectSlice, type SelectSlice } from './selectSlice';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';
import { createTeachersSlice, type TeachersSlice } from './teachersSlice';
import { createTrajectoriesSlice, noSelection, type TrajectoriesSlice } from './trajectoriesSlice';

/**
 * The actions whose change reaches past one slice. Each slice writes only its own state; these
 * compose the slices' own pure updates (datasetWithFile, resultsWithout, noSelection, …) into one
 * `set`, so subscribers never see half of the change.
 */
export interface CrossSliceActions {
  /**
   * A file finished parsing: it replaces whatever was loaded under the same name, and the replaced
   * records' results go. `hashes`: the records' content hashes, when known.
   */
  fileParsed: (file: string, trajectories: Trajectory[], errors: InputError[], origin: LoadedFile['origin'], hashes?: readonly string[]) => void;
  /**
   * Records of `file` arrived while it is read (recordsCommitter.ts): the first batch replaces
   * whatever was loaded under that name, and the replaced records' results go; the next ones
   * follow it. The file stays being read until fileLoaded. A later batch of a file that is no
   * longer loaded (removed or cleared meanwhile) is dropped.
   */
  fileRecordsAdded: (file: string, batch: RecordBatch, origin: LoadedFile['origin'], isFirst: boolean) => void;
  /** Forget the data, its results, the open trajectory and the table's filters; returns what Undo restores. */
  datasetCleared: () => DatasetSnapshot;
  /** Unload one file: its records, errors and results; returns what Undo restores. */
  fileRemoved: (file: string) => DatasetSnapshot;
  /** Put back what datasetCleared or fileRemoved took (Undo). */
  snapshotRestored: (snapshot: DatasetSnapshot) => void;
  /**
   * A saved session replaces whatever is loaded: its name, colours, imports and imported results
   * (its files follow one by one through fileParsed, as loading commits them; results scored here
   * come back from the result cache). `keepSelection` keeps the URL's open trajectory.
   */
  sessionRestored: (session: RestoredSession, keepSelection: boolean) => void;
  /** Forget every import: metrics-only rows and results built from per-token files. */
  importsCleared: () => void;
}

/** What a saved session brings back before its files. */
export interface RestoredSession {
  id: string;
  name: string;
  teacherColors: [string, string][];
  /** Errors of files that have no records (could not be read, or were not restored). */
  inputErrors: InputError[];
  importedRows: ImportedRow[];
  importReports: ImportReport[];
  importedResults: [string, ScoredTrajectory][];
}

/** The data, its results and the selection as they were: what Undo puts back. */
export type DatasetSnapshot = Omit<DatasetState, 'parsing'> &
  Pick<ScoringSlice, 'results' | 'skipped'> &
  Pick<TrajectoriesSlice, 'selectedKey' | 'teacherFilter' | 'idFilter'>;

function snapshotOf(s: LensState): DatasetSnapshot {
  const { files, trajectories, byKey, inputErrors, hashes, teacherColors, unrecognised, results, skipped, selectedKey, teacherFilter, idFilter } = s;
  return { files, trajectories, byKey, inputErrors, hashes, teacherColors, unrecognised, results, skipped, selectedKey, teacherFilter, idFilter };
}

/** The whole app state: one store of slices, each owning its state and the actions that change it. */
export type LensState = DatasetSlice &
  ScoringSlice &
  NoticesSlice &
  SettingsSlice &
  LayoutSlice &
  TrajectoriesSlice &
  TeachersSlice &
  CompareSlice &
  SelectSlice &
  ImportsSlice &
  QuickRankSlice &
  SessionSlice &
  LengthsSlice &
  SearchSlice &
  CrossSliceActions;

const createCrossSliceActions: StateCreator<LensState, [], [], CrossSliceActions> = (set, get) => ({
  fileParsed: (file, trajectories, errors, origin, hashes) =>
    set((s) => {
      const { dataset, stale } = datasetWithFile(s, file, trajectories, errors, origin, hashes);
      return { ...dataset, ...resultsWithout(s, stale) };
    }),
  fileRecordsAdded: (file, batch, origin, isFirst) =>
    set((s) => {
      if (isFirst) {
        const { dataset, stale } = datasetWithFile(s, file, batch.trajectories, batch.errors, origin, batch.hashes);
        return { ...dataset, parsing: s.parsing, ...resultsWithout(s, stale) };
      }
      return s.files.some((f) => f.name === file) ? datasetWithMoreRecords(s, file, batch) : {};
    }),
  datasetCleared: () => {
    const snapshot = snapshotOf(get());
    set({ ...emptyDataset(), ...noResults(), ...noSelection() });
    return snapshot;
  },
  fileRemoved: (file) => {
    const s = get();
    const snapshot = snapshotOf(s);
    const { dataset, stale } = datasetWithoutFile(s, file);
    set({ ...dataset, ...resultsWithout(s, stale), ...(s.selectedKey && stale.has(s.selectedKey) && { selectedKey: null }) });
    return snapshot;
  },
  snapshotRestored: (snapshot) => set(snapshot),
  sessionRestored: (r, keepSelection) =>
    set({
      ...emptyDataset(),
      ...noResults(),
      ...(!keepSelection && noSelection()),
      inputErrors: r.inputErrors,
      teacherColors: new Map(r.teacherColors),
      importedRows: r.importedRows,
      importReports: r.importReports,
      results: new Map(r.importedResults),
      sessionId: r.id,
      sessionName: r.name,
      unsaved: nothingUnsaved(),
    }),
  importsCleared: () => set((s) => ({ ...noImports(), ...resultsWithoutImports(s) })),
});

export const useLensStore = create<LensState>()((...a) => ({
  ...createDatasetSlice(...a),
  ...createScoringSlice(...a),
  ...createNoticesSlice(...a),
  ...createSettingsSlice(...a),
  ...createLayoutSlice(...a),
  ...createTrajectoriesSlice(...a),
  ...createTeachersSlice(...a),
  ...createCompareSlice(...a),
  ...createSelectSlice(...a),
  ...createImportsSlice(...a),
  ...createQuickRankSlice(...a),
  ...createSessionSlice(...a),
  ...createLengthsSlice(...a),
  ...createSearchSlice(...a),
  ...createCrossSliceActions(...a),
}));
