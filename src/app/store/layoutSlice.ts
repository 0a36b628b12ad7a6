import type { StateCreator } from 'zustand';
import type { LensState } from './useLensStore';

/** The main area's tabs, in tab order. */
export const MAIN_VIEWS = ['trajectories', 'teachers', 'compare', 'select'] as const;
export type MainView = (typeof MAIN_VIEWS)[number];

/** Height of the trajectory table's rows area above the heatmap, px: its default and bounds (the split is resizable). */
export const TABLE_HEIGHT = { initial: 124, min: 90, max: 900 } as const;

export interface LayoutSlice {
  mainView: MainView;
  /** The data-and-run sidebar is folded away (the analysis gets the width). */
  isSidebarCollapsed: boolean;
  /** Focus mode: the open trajectory takes the whole main area (no table, no sidebar). */
  isFocused: boolean;
  /** Rows area of the trajectory table, px; the heatmap takes the rest. */
  tableHeight: number;
  /** Opening Compare folds the sidebar away: two heatmaps side by side need the width. */
  mainViewChanged: (view: MainView) => void;
  sidebarToggled: (collapsed?: boolean) => void;
  focusToggled: (focused?: boolean) => void;
  tableHeightChanged: (px: number) => void;
}

export const createLayoutSlice: StateCreator<LensState, [], [], LayoutSlice> = (set) => ({
  mainView: 'trajectories',
  isSidebarCollapsed: false,
  isFocused: false,
  tableHeight: TABLE_HEIGHT.initial,
  mainViewChanged: (view) => set((s) => ({ mainView: view, ...(view === 'compare' && s.mainView !== 'compare' && { isSidebarCollapsed: true }) })),
  sidebarToggled: (collapsed) => set((s) => ({ isSidebarCollapsed: collapsed ?? !s.isSidebarCollapsed })),
  focusToggled: (focused) => set((s) => ({ isFocused: focused ?? !s.isFocused })),
  tableHeightChanged: (px) => set({ tableHeight: Math.round(Math.min(TABLE_HEIGHT.max, Math.max(TABLE_HEIGHT.min, px))) }),
});
