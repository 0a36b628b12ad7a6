import type { StateCreator } from 'zustand';
import type { FieldSlice } from '../analysis/recordFields';
import type { DerivedSpec } from '../analysis/sliceFields';
import { toggledSort } from './toggledSort';
import type { LensState } from './useLensStore';

/** The trajectory table's sortable columns, in column order. */
export const SORT_COLUMNS = ['id', 'teacher', 'length', 'tokens', 'rsr', 'avgRankClip', 'avgSurprisal', 'avgEntropy'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

/** What the token heatmap colours tokens by, in the legend's order. */
export const HEATMAP_METRICS = ['surprisal', 'rank', 'tokenRsr'] as const;
export type HeatmapMetric = (typeof HEATMAP_METRICS)[number];

/** A record field shown as a table column, as a sort key: `field:<name>`. */
export type FieldColumn = `field:${string}`;

/** Table order; `column: null` keeps the load order. */
export interface SortState {
  column: SortColumn | FieldColumn | null;
  descending: boolean;
}

/** A token to open and focus once its trajectory's heatmap is on screen (a click in a token list elsewhere). */
export interface TokenJump {
  key: string;
  pos: number;
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
  /** Show only trajectories whose messages contain this text (case-insensitive), and frame it in the heatmap; '' = all. */
  textQuery: string;
  /** The search text is a regular expression (JavaScript, case-insensitive), run in a worker (searchInWorker.ts). */
  isRegex: boolean;
  /** Show only trajectories in this slice of a record field or a derived one (sliceFields.ts); null = all. */
  fieldSlice: FieldSlice | null;
  /** A field derived from each trajectory with a pattern, to slice and group by; null = none. */
  derivedSpec: DerivedSpec | null;
  /** Record fields shown as extra table columns, in column order. */
  fieldColumns: string[];
  /** Where to jump once the selected trajectory's heatmap is drawn; cleared when done. */
  pendingJump: TokenJump | null;
  trajectorySelected: (key: string | null) => void;
  textQueryChanged: (text: string) => void;
  regexToggled: (isRegex: boolean) => void;
  fieldSliceChanged: (slice: FieldSlice | null) => void;
  derivedSpecChanged: (spec: DerivedSpec | null) => void;
  fieldColumnsChanged: (columns: string[]) => void;
  /** Open trajectory `key` at token `pos` (from any view). */
  tokenJumpRequested: (jump: TokenJump | null) => void;
  teacherFilterChanged: (teacher: string) => void;
  idFilterChanged: (text: string) => void;
  /** Header click (see toggledSort). */
  sortToggled: (column: SortColumn | FieldColumn) => void;
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
  textQuery: '',
  isRegex: false,
  fieldSlice: null,
  derivedSpec: null,
  fieldColumns: [],
  pendingJump: null,
  trajectorySelected: (key) => set({ selectedKey: key }),
  textQueryChanged: (text) => set({ textQuery: text }),
  regexToggled: (isRegex) => set({ isRegex }),
  fieldSliceChanged: (slice) => set({ fieldSlice: slice }),
  derivedSpecChanged: (spec) => set({ derivedSpec: spec }),
  fieldColumnsChanged: (columns) => set({ fieldColumns: columns }),
  tokenJumpRequested: (jump) => set(jump ? { pendingJump: jump, selectedKey: jump.key } : { pendingJump: null }),
  teacherFilterChanged: (teacher) => set({ teacherFilter: teacher }),
  idFilterChanged: (text) => set({ idFilter: text }),
  sortToggled: (column) => set(({ sort }) => ({ sort: toggledSort(sort, column) })),
  sortChanged: (sort) => set({ sort }),
  heatmapMetricChanged: (metric) => set({ heatmapMetric: metric }),
});
