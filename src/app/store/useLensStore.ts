import { create, type StateCreator } from 'zustand';
import type { InputError, Trajectory } from '../../core/types';
import { createCompareSlice, type CompareSlice } from './compareSlice';
import { createDatasetSlice, datasetWithFile, emptyDataset, type DatasetSlice, type LoadedFile } from './datasetSlice';
import { createImportsSlice, noImports, type ImportsSlice } from './importsSlice';
import { createLayoutSlice, type LayoutSlice } from './layoutSlice';
import { createNoticesSlice, type NoticesSlice } from './noticesSlice';
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
  /** A file finished parsing: it replaces whatever was loaded under the same name, and the replaced records' results go. `hashes`: the records' content hashes, when known. */
  fileParsed: (file: string, trajectories: Trajectory[], errors: InputError[], origin: LoadedFile['origin'], hashes?: readonly string[]) => void;
  /** Forget the data, its results, the open trajectory and the table's filters. */
  datasetCleared: () => void;
  /** Forget every import: metrics-only rows and results built from per-token files. */
  importsCleared: () => void;
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
  CrossSliceActions;

const createCrossSliceActions: StateCreator<LensState, [], [], CrossSliceActions> = (set) => ({
  fileParsed: (file, trajectories, errors, origin, hashes) =>
    set((s) => {
      const { dataset, stale } = datasetWithFile(s, file, trajectories, errors, origin, hashes);
      return { ...dataset, ...resultsWithout(s, stale) };
    }),
  datasetCleared: () => set({ ...emptyDataset(), ...noResults(), ...noSelection() }),
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
  ...createCrossSliceActions(...a),
}));
