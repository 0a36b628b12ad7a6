import { openLensDb } from './lensDb';
import type { SessionInfo, StoredSession } from './sessionRecord';

/**
 * Sessions in IndexedDB. Like the result cache, every call swallows storage failures (private
 * windows, quota) and says so on the console: a session that cannot be kept must not break the page.
 */
export async function saveSession(record: StoredSession): Promise<boolean> {
  try {
    const d = await openLensDb();
    const tx = d.transaction(['sessions', 'meta'], 'readwrite');
    await Promise.all([tx.objectStore('sessions').put(record, record.id), tx.objectStore('meta').put(record.id, 'current'), tx.done]);
    return true;
  } catch (e) {
    console.warn('could not save the session', e);
    return false;
  }
}

export async function readSession(id: string): Promise<StoredSession | undefined> {
  try {
    return await (await openLensDb()).get('sessions', id);
  } catch (e) {
    console.warn('could not read the session', e);
    return undefined;
  }
}

/** The id of the session open at the last save. */
export async function currentSessionId(): Promise<string | undefined> {
  try {
    return await (await openLensDb()).get('meta', 'current');
  } catch {
    return undefined;
  }
}

/** Every saved session, newest first, without its data. */
export async function listSessions(): Promise<SessionInfo[]> {
  try {
    const all = await (await openLensDb()).getAll('sessions');
    return all.map(({ id, name, updatedAt, files, trajectories }) => ({ id, name, updatedAt, files, trajectories })).sort((a, b) => b.updatedAt - a.updatedAt);
  } catch {
    return [];
  }
}

export async function deleteSession(id: string): Promise<void> {
  try {
    const d = await openLensDb();
    await d.delete('sessions', id);
    if ((await d.get('meta', 'current')) === id) await d.delete('meta', 'current');
  } catch (e) {
    console.warn('could not delete the session', e);
  }
}

/**
 * Ask the browser to keep this origin's storage under pressure (otherwise it may evict it).
 * True when granted; null when the browser has no such API.
 */
export async function requestPersistence(): Promise<boolean | null> {
  if (typeof navigator === 'undefined' || !navigator.storage?.persist) return null;
  try {
    return (await navigator.storage.persisted()) || (await navigator.storage.persist());
  } catch {
    return false;
  }
}
