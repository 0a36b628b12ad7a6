import type { StateCreator } from 'zustand';
import { toggledSort } from './toggledSort';
import type { LensState } from './useLensStore';

/** The trajectory table's sortable columns, in column order. */
export const SORT_COLUMNS = ['id', 'teacher', 'tokens', 'rsr', 'avgRankClip', 'avgSurprisal', 'avgEntropy'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

/** What the token heatmap colours tokens by, in the legend's order. */
export const HEATMAP_METRICS = ['surprisal', 'rank', 'tokenRsr'] as const;
export type HeatmapMetric = (typeof HEATMAP_METRICS)[number];

/** Table order; `column: null` keeps the load order. */
export interface SortState {
  column: SortColumn | null;
  descending: boolean;
}

/** The Trajectories tab: the table's filters and order, the open trajectory, and the heatmap's metric (shared by every heatmap). */
export interface TrajectoriesSlice {
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
  /** Header click (see toggledSort). */
  sortToggled: (column: SortColumn) => void;
  sortChanged: (sort: SortState) => void;
  heatmapMetricChanged: (metric: HeatmapMetric) => void;
}

/** No trajectory open, no filter: what clearing the data leaves (the order and the metric stay). */
export function noSelection(): Pick<TrajectoriesSlice, 'selectedKey' | 'teacherFilter' | 'idFilter'> {
  return { selectedKey: null, teacherFilter: '', idFilter: '' };
}

export const createTrajectoriesSlice: StateCreator<LensState, [], [], TrajectoriesSlice> = (set) => ({
  ...noSelection(),
  sort: { column: null, descending: false },
  heatmapMetric: 'surprisal',
  trajectorySelected: (key) => set({ selectedKey: key }),
  teacherFilterChanged: (teacher) => set({ teacherFilter: teacher }),
  idFilterChanged: (text) => set({ idFilter: text }),
  sortToggled: (column) => set(({ sort }) => ({ sort: toggledSort(sort, column) })),
  sortChanged: (sort) => set({ sort }),
  heatmapMetricChanged: (metric) => set({ heatmapMetric: metric }),
});
