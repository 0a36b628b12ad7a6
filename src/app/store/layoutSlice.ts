import type { StateCreator } from 'zustand';
import type { LensState } from './useLensStore';

/** The main area's tabs, in tab order. */
export const MAIN_VIEWS = ['trajectories', 'teachers', 'compare', 'select'] as const;
export type MainView = (typeof MAIN_VIEWS)[number];

/** Bounds of the trajectory table's rows area above the heatmap, px (the split is resizable). */
export const TABLE_HEIGHT = { min: 90, max: 900 } as const;

/**
 * The table's rows area until the user moves the split, in a window `viewport` px high: a fifth of
 * it (four to five rows at 720 px, six at 900 px), so the open trajectory's text gets most of the height.
 */
export function autoTableHeight(viewport: number): number {
  return Math.round(Math.min(260, Math.max(120, viewport * 0.2)));
}

export interface LayoutSlice {
  mainView: MainView;
  /** The data-and-run sidebar is folded away (the analysis gets the width). */
  isSidebarCollapsed: boolean;
  /** Focus mode: the open trajectory takes the whole main area (no table, no sidebar). */
  isFocused: boolean;
  /** Rows area of the trajectory table, px, once the user has moved the split (null: autoTableHeight); the heatmap takes the rest. */
  tableHeight: number | null;
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
  tableHeight: null,
  mainViewChanged: (view) => set((s) => ({ mainView: view, ...(view === 'compare' && s.mainView !== 'compare' && { isSidebarCollapsed: true }) })),
  sidebarToggled: (collapsed) => set((s) => ({ isSidebarCollapsed: collapsed ?? !s.isSidebarCollapsed })),
  focusToggled: (focused) => set((s) => ({ isFocused: focused ?? !s.isFocused })),
  tableHeightChanged: (px) => set({ tableHeight: Math.round(Math.min(TABLE_HEIGHT.max, Math.max(TABLE_HEIGHT.min, px))) }),
});
