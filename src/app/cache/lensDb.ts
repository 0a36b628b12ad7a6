import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ScoredTrajectory } from '../../core/types';
import type { SessionMeta, StoredFile, StoredImports, StoredModelFolder, StoredPart } from './storedSession';

/**
 * The app's IndexedDB: scored results by scoring identity + content hash (resultCache.ts), and the
 * sessions (sessionStore.ts). A session is saved in pieces, not as one record: its name and
 * colours (`sessions`), one record per loaded file (`sessionFiles`), that file's records in parts
 * of a few thousand (`sessionParts`), and its imports. So a save writes only what changed (two tabs
 * on one session each add their own files, and neither erases the other's), a file that does not
 * fit leaves the others saved, and a session of a million rows comes back part by part, each part
 * a short task for the page.
 *
 * Version 2 stored a session whole (`StoredSessionV2` in `sessions`); such a record is still read
 * (storedSession.ts), and written again in pieces at the next save. Version 3 added the pieces and
 * the kept model folder. Everything read back is checked before use (storedShapes.ts): a record
 * written by another version, or damaged, must never blank the page.
 */
export interface LensDb extends DBSchema {
  results: { key: string; value: ScoredTrajectory };
  sessions: { key: string; value: SessionMeta };
  /** Key [sessionId, file name]. */
  sessionFiles: { key: [string, string]; value: StoredFile };
  /** Key [sessionId, file name, part index]. */
  sessionParts: { key: [string, string, number]; value: StoredPart };
  /** Key sessionId: the session's imports (metrics rows, reports, per-token results). */
  sessionImports: { key: string; value: StoredImports };
  /** 'current': the id of the session open when the page last saved. */
  meta: { key: string; value: string };
  /** 'dropped': the model folder the user dropped last, kept as a handle or a copy (keptModelFolder.ts). */
  models: { key: string; value: StoredModelFolder };
}

const DB_NAME = 'rsr-lens';
let db: Promise<IDBPDatabase<LensDb>> | null = null;

export function openLensDb(): Promise<IDBPDatabase<LensDb>> {
  db ??= openDB<LensDb>(DB_NAME, 3, {
    upgrade(d, oldVersion) {
      if (oldVersion < 1) d.createObjectStore('results');
      if (oldVersion < 2) {
        d.createObjectStore('sessions');
        d.createObjectStore('meta');
      }
      if (oldVersion < 3) {
        d.createObjectStore('sessionFiles');
        d.createObjectStore('sessionParts');
        d.createObjectStore('sessionImports');
        d.createObjectStore('models');
      }
    },
    // Another tab opened a newer version: let it upgrade, and open again on the next call.
    blocking() {
      void db?.then((d) => d.close());
      db = null;
    },
  });
  return db;
}

/** Every key of `sessionFiles`/`sessionParts` under a session (and a file): arrays sort after strings, so `[…, []]` bounds them. */
export function sessionRange(id: string): IDBKeyRange {
  return IDBKeyRange.bound([id], [id, []]);
}

export function fileRange(id: string, file: string): IDBKeyRange {
  return IDBKeyRange.bound([id, file], [id, file, []]);
}

/** Whether a failed IndexedDB call failed because the origin's storage is full. */
export function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  const inner = (e as { error?: { name?: string } | null } | null)?.error?.name;
  return name === 'QuotaExceededError' || inner === 'QuotaExceededError';
}
