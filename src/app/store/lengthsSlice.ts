import type { StateCreator } from 'zustand';
import type { TrajectoryLength } from '../../core/tokenize/trajectoryLength';
import type { LensState } from './useLensStore';

/** The loaded trajectories' lengths, counted with the student's tokenizer on load, before any scoring (tokenCounter.ts). */
export interface LengthsSlice {
  /** The tokenizer that counted `lengths`: the student's model key and the template mode; null before any count. */
  lengthsBy: string | null;
  /** trajectoryKey → its length under that tokenizer; missing until counted (or when its template refused it). */
  lengths: ReadonlyMap<string, TrajectoryLength>;
  /** The lengths known so far for the loaded trajectories, all of them: each report replaces the last. */
  lengthsCounted: (by: string | null, lengths: ReadonlyMap<string, TrajectoryLength>) => void;
}

export const createLengthsSlice: StateCreator<LensState, [], [], LengthsSlice> = (set) => ({
  lengthsBy: null,
  lengths: new Map(),
  lengthsCounted: (by, lengths) => set({ lengthsBy: by, lengths }),
});
