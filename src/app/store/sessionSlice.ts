import type { StateCreator } from 'zustand';
import type { LensState } from './useLensStore';

/** A saved session's name and size, for the session list. */
export interface SessionInfo {
  id: string;
  name: string;
  /** ms since the epoch of the last save. */
  updatedAt: number;
  files: number;
  trajectories: number;
}

/** What a reload would not bring back, because the browser would not store it (its storage is full). */
export interface Unsaved {
  /** Files of the open session not saved. */
  files: string[];
  /** Results scored here that the result cache could not keep. */
  results: number;
  /** The imports could not be saved. */
  hasImports: boolean;
}

export function nothingUnsaved(): Unsaved {
  return { files: [], results: 0, hasImports: false };
}

/** The open session and the saved ones. The data itself lives in the dataset, imports and results. */
export interface SessionSlice {
  /** Id of the open session (saved as data comes and goes). */
  sessionId: string;
  sessionName: string;
  /** Every saved session, newest first (for the session list). */
  sessions: SessionInfo[];
  /** Whether the browser promised to keep the storage (null: unknown or not asked yet). */
  isPersistent: boolean | null;
  /** What is shown but not saved: the session panel must not promise that a reload brings it back. */
  unsaved: Unsaved;
  /** A save is due or under way: until it ends, what was just loaded is not yet saved. */
  isSaving: boolean;
  /** The open session is now `id` (a new one, or one read back). */
  sessionOpened: (id: string, name: string) => void;
  sessionRenamed: (name: string) => void;
  sessionsListed: (sessions: SessionInfo[]) => void;
  persistenceKnown: (isPersistent: boolean | null) => void;
  /** A save (or a result cache write) kept, or failed to keep, some of the session. */
  unsavedChanged: (unsaved: Unsaved) => void;
  savingChanged: (isSaving: boolean) => void;
}

/** A fresh session's id and name ("Session 2026-12-01 10:04"). */
export function newSessionIdentity(now = new Date()): { id: string; name: string } {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}`;
  return { id: `s${now.getTime().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`, name: `Session ${stamp}` };
}

export const createSessionSlice: StateCreator<LensState, [], [], SessionSlice> = (set) => ({
  ...(() => {
    const { id, name } = newSessionIdentity();
    return { sessionId: id, sessionName: name };
  })(),
  sessions: [],
  isPersistent: null,
  unsaved: nothingUnsaved(),
  isSaving: false,
  sessionOpened: (id, name) => set({ sessionId: id, sessionName: name, unsaved: nothingUnsaved() }),
  sessionRenamed: (name) => set({ sessionName: name }),
  sessionsListed: (sessions) => set({ sessions }),
  persistenceKnown: (isPersistent) => set({ isPersistent }),
  unsavedChanged: (unsaved) => set({ unsaved }),
  savingChanged: (isSaving) => set((s) => (s.isSaving === isSaving ? {} : { isSaving })),
});
