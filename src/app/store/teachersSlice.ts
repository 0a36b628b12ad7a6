import type { StateCreator } from 'zustand';
import type { LensState } from './useLensStore';

/**
 * A rectangle brushed on the trajectory scatter, in data units (inclusive): x is the average
 * surprisal, y the average clipped rank. Kept in data units, not pixels, so it survives a resize
 * and the table can test rows against it without knowing the chart.
 */
export interface ScatterBrush {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The Teachers tab: the scatter's brush (which also filters the trajectory table) and the user's own scores. */
export interface TeachersSlice {
  /** The scatter's brushed rectangle; null = no brush. The trajectory table shows only rows inside it. */
  brush: ScatterBrush | null;
  /** The user's `teacher,score` CSV, as typed or uploaded. */
  scoresCsv: string;
  brushChanged: (brush: ScatterBrush | null) => void;
  scoresCsvChanged: (text: string) => void;
}

export const createTeachersSlice: StateCreator<LensState, [], [], TeachersSlice> = (set) => ({
  brush: null,
  scoresCsv: '',
  brushChanged: (brush) => set({ brush }),
  scoresCsvChanged: (text) => set({ scoresCsv: text }),
});
