import type { StateCreator } from 'zustand';
import type { SessionInfo } from '../cache/sessionRecord';
import type { LensState } from './useLensStore';

/** The open session and the saved ones. The data itself lives in the dataset, imports and results. */
export interface SessionSlice {
  /** Id of the open session (saved as data comes and goes). */
  sessionId: string;
  sessionName: string;
  /** Every saved session, newest first (for the session list). */
  sessions: SessionInfo[];
  /** Whether the browser promised to keep the storage (null: unknown or not asked yet). */
  isPersistent: boolean | null;
  /** The open session is now `id` (a new one, or one read back). */
  sessionOpened: (id: string, name: string) => void;
  sessionRenamed: (name: string) => void;
  sessionsListed: (sessions: SessionInfo[]) => void;
  persistenceKnown: (isPersistent: boolean | null) => void;
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
  sessionOpened: (id, name) => set({ sessionId: id, sessionName: name }),
  sessionRenamed: (name) => set({ sessionName: name }),
  sessionsListed: (sessions) => set({ sessions }),
  persistenceKnown: (isPersistent) => set({ isPersistent }),
});
