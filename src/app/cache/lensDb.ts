import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ScoredTrajectory } from '../../core/types';
import type { StoredSession } from './sessionRecord';

/**
 * The app's IndexedDB: scored results by scoring identity + content hash (resultCache.ts), and the
 * sessions — what was loaded, imported and named — so a reload or a crash brings a session back
 * (sessionStore.ts). Version 2 added the sessions; an older database keeps its cached results.
 */
export interface LensDb extends DBSchema {
  results: { key: string; value: ScoredTrajectory };
  sessions: { key: string; value: StoredSession };
  /** 'current': the id of the session open when the page last saved. */
  meta: { key: string; value: string };
}

const DB_NAME = 'rsr-lens';
let db: Promise<IDBPDatabase<LensDb>> | null = null;

export function openLensDb(): Promise<IDBPDatabase<LensDb>> {
  db ??= openDB<LensDb>(DB_NAME, 2, {
    upgrade(d, oldVersion) {
      if (oldVersion < 1) d.createObjectStore('results');
      if (oldVersion < 2) {
        d.createObjectStore('sessions');
        d.createObjectStore('meta');
      }
    },
  });
  return db;
}
