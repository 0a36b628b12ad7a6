import type { StateCreator } from 'zustand';
import type { LensState } from './useLensStore';

/** A button in a notice (e.g. Undo after Clear data). */
export interface NoticeAction {
  label: string;
  run: () => void;
}

/** A message to the user: fallbacks, failures, cache actions. */
export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  text: string;
  /**
   * What the notice is about ('run-left': trajectories a run left unscored). A newer notice on the
   * same topic replaces it, and the topic's notices go once they stop being true.
   */
  topic?: string;
  action?: NoticeAction;
}

export interface NoticeOptions {
  topic?: string;
  action?: NoticeAction;
}

export interface NoticesSlice {
  /** Oldest first. */
  notices: Notice[];
  noticeAdded: (level: Notice['level'], text: string, options?: NoticeOptions) => void;
  noticeDismissed: (id: number) => void;
  /** The notices on `topic` are no longer true (e.g. everything left by a cancel is now scored). */
  topicResolved: (topic: string) => void;
}

let noticeId = 0;
/** Older notices drop off: after a few fallbacks only the latest story matters. */
const MAX_NOTICES = 5;

export const createNoticesSlice: StateCreator<LensState, [], [], NoticesSlice> = (set) => ({
  notices: [],
  noticeAdded: (level, text, options = {}) =>
    set((s) => ({
      notices: [...s.notices.filter((n) => !options.topic || n.topic !== options.topic), { id: ++noticeId, level, text, ...options }].slice(-MAX_NOTICES),
    })),
  noticeDismissed: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  topicResolved: (topic) => set((s) => (s.notices.some((n) => n.topic === topic) ? { notices: s.notices.filter((n) => n.topic !== topic) } : {})),
});
