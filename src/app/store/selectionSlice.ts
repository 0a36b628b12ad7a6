import type { StateCreator } from 'zustand';
import type { LensState } from './useLensStore';

export type SortColumn = 'id' | 'teacher' | 'tokens' | 'rsr' | 'avgRankClip' | 'avgSurprisal' | 'avgEntropy';
export type HeatmapMetric = 'surprisal' | 'rank' | 'tokenRsr';

/** Table order; `column: null` keeps the load order. */
export interface SortState {
  column: SortColumn | null;
  descending: boolean;
}

export interface SelectionSlice {
  /** Key (see trajectoryKey) of the trajectory whose heatmap is shown. */
  selectedKey: string | null;
  /** Show only this teacher; '' = all. */
  teacherFilter: string;
  /** Show only ids containing this text (case-insensitive); '' = all. */
  idFilter: string;
  sort: SortState;
  heatmapMetric: HeatmapMetric;
  trajectorySelected: (key: string | null) => void;
  teacherFilterChanged: (teacher: string) => void;
  idFilterChanged: (text: string) => void;
  /** Header click: a new column sorts ascending, the same column again flips the direction. */
  sortToggled: (column: SortColumn) => void;
  sortChanged: (sort: SortState) => void;
  heatmapMetricChanged: (metric: HeatmapMetric) => void;
}

export const createSelectionSlice: StateCreator<LensState, [], [], SelectionSlice> = (set) => ({
  selectedKey: null,
  teacherFilter: '',
  idFilter: '',
  sort: { column: null, descending: false },
  heatmapMetric: 'surprisal',
  trajectorySelected: (key) => set({ selectedKey: key }),
  teacherFilterChanged: (teacher) => set({ teacherFilter: teacher }),
  idFilterChanged: (text) => set({ idFilter: text }),
  sortToggled: (column) =>
    set(({ sort }) => ({
      sort: sort.column === column ? { column, descending: !sort.descending } : { column, descending: false },
    })),
  sortChanged: (sort) => set({ sort }),
  heatmapMetricChanged: (metric) => set({ heatmapMetric: metric }),
});
