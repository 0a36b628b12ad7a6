import type { StateCreator } from 'zustand';
import { toggledSort } from './toggledSort';
import type { LensState } from './useLensStore';

/** Columns of the A/B problem list; 'order' keeps A's file order. */
export type PairSortColumn = 'order' | 'id' | 'rsrA' | 'rsrB' | 'diff';

export interface PairSort {
  column: PairSortColumn;
  descending: boolean;
}

/** The Compare A/B tab. */
export interface CompareSlice {
  /** Teachers compared side by side; null = the default (first two teachers by name). */
  compareA: string | null;
  compareB: string | null;
  /** The problem id open in the side-by-side view. */
  compareId: string | null;
  pairSort: PairSort;
  compareTeachersChanged: (a: string | null, b: string | null) => void;
  compareIdChanged: (id: string | null) => void;
  /** Header click (see toggledSort). */
  pairSortToggled: (column: PairSortColumn) => void;
}

export const createCompareSlice: StateCreator<LensState, [], [], CompareSlice> = (set) => ({
  compareA: null,
  compareB: null,
  compareId: null,
  pairSort: { column: 'order', descending: false },
  compareTeachersChanged: (a, b) => set({ compareA: a, compareB: b }),
  compareIdChanged: (id) => set({ compareId: id }),
  pairSortToggled: (column) => set(({ pairSort }) => ({ pairSort: toggledSort(pairSort, column) })),
});
