import type { StateCreator } from 'zustand';
import type { LensState } from './useLensStore';

/** How the Select tab picks trajectories (the paper's per-problem selection, or a global cut). */
export type SelectMode = 'perProblem' | 'topN' | 'belowThreshold';

/** The Select & export tab. */
export interface SelectSlice {
  selectMode: SelectMode;
  /** N of "top N by RSR". */
  topN: number;
  /** t of "RSR below t". */
  maxRsr: number;
  selectModeChanged: (mode: SelectMode) => void;
  topNChanged: (n: number) => void;
  maxRsrChanged: (t: number) => void;
}

export const createSelectSlice: StateCreator<LensState, [], [], SelectSlice> = (set) => ({
  selectMode: 'perProblem',
  topN: 100,
  maxRsr: 5,
  selectModeChanged: (mode) => set({ selectMode: mode }),
  topNChanged: (n) => set({ topN: n }),
  maxRsrChanged: (t) => set({ maxRsr: t }),
});
