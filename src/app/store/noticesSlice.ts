import type { StateCreator } from 'zustand';
import type { LensState } from './useLensStore';

/** A message to the user: fallbacks, failures, cache actions. */
export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  text: string;
}

export interface NoticesSlice {
  /** Oldest first. */
  notices: Notice[];
  noticeAdded: (level: Notice['level'], text: string) => void;
  noticeDismissed: (id: number) => void;
}

let noticeId = 0;
/** Older notices drop off: after a few fallbacks only the latest story matters. */
const MAX_NOTICES = 5;

export const createNoticesSlice: StateCreator<LensState, [], [], NoticesSlice> = (set) => ({
  notices: [],
  noticeAdded: (level, text) => set((s) => ({ notices: [...s.notices, { id: ++noticeId, level, text }].slice(-MAX_NOTICES) })),
  noticeDismissed: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
});
