import type { StateCreator } from 'zustand';
import type { LensState } from './useLensStore';

/** The main area's tabs, in tab order. */
export const MAIN_VIEWS = ['trajectories', 'teachers', 'compare', 'select'] as const;
export type MainView = (typeof MAIN_VIEWS)[number];

export interface LayoutSlice {
  mainView: MainView;
  mainViewChanged: (view: MainView) => void;
}

export const createLayoutSlice: StateCreator<LensState, [], [], LayoutSlice> = (set) => ({
  mainView: 'trajectories',
  mainViewChanged: (view) => set({ mainView: view }),
});
