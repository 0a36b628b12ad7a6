import { create } from 'zustand';
import { createAnalysisSlice, type AnalysisSlice } from './analysisSlice';
import { createDatasetSlice, type DatasetSlice } from './datasetSlice';
import { createScoringSlice, type ScoringSlice } from './scoringSlice';
import { createSelectionSlice, type SelectionSlice } from './selectionSlice';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';

/** The whole app state: one store, five slices, each owning its state and the actions that change it. */
export type LensState = DatasetSlice & ScoringSlice & SelectionSlice & SettingsSlice & AnalysisSlice;

export const useLensStore = create<LensState>()((...a) => ({
  ...createDatasetSlice(...a),
  ...createScoringSlice(...a),
  ...createSelectionSlice(...a),
  ...createSettingsSlice(...a),
  ...createAnalysisSlice(...a),
}));
