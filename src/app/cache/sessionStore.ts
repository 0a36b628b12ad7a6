import type { SessionInfo } from '../store/sessionSlice';
import { fileRange, isQuotaError, openLensDb, sessionRange } from './lensDb';
import { nextTask } from './nextTask';
import { isImportReport, isImportedRow, isInputError, isResultEntry, isStringPair, isTrajectory, keepValid } from './storedShapes';
import type { SessionMeta, StoredFile, StoredFileState, StoredImports, StoredPart, StoredSessionV2 } from './storedSession';

/**
 * Sessions in IndexedDB, in pieces (lensDb.ts). No call throws: a write says whether it was kept
 * (and whether the storage was full), a read gives what could be read back, checked, with a count
 * of what was dropped. A session that cannot be kept must not break the page.
 */

/** What a write did. */
export type WriteOutcome = { ok: true } | { ok: false; isQuota: boolean; message: string };

const OK: WriteOutcome = { ok: true };
const failed = (e: unknown): WriteOutcome => ({ ok: false, isQuota: isQuotaError(e), message: e instanceof Error || e instanceof DOMException ? e.message : String(e) });


/** Save the session's name, colours (merged with those saved by any other tab) and orphan errors, and make it the current one. */
export async function writeMeta(meta: SessionMeta): Promise<WriteOutcome> {
  try {
    const tx = (await openLensDb()).transaction(['sessions', 'meta'], 'readwrite');
    const sessions = tx.objectStore('sessions');
    const saved = (await sessions.get(meta.id)) as Partial<SessionMeta> | undefined;
    const colors = new Map(keepValid(saved?.teacherColors, isStringPair).kept);
    for (const [teacher, color] of meta.teacherColors) colors.set(teacher, color);
    await Promise.all([sessions.put({ ...meta, teacherColors: [...colors] }, meta.id), tx.objectStore('meta').put(meta.id, 'current'), tx.done]);
    return OK;
  } catch (e) {
    return failed(e);
  }
}

/** Record a file without its records: being loaded ('loading'), or not saved ('unsaved', with why). Its parts, if any, go. */
export async function writeFileState(id: string, file: StoredFile): Promise<WriteOutcome> {
  try {
    const tx = (await openLensDb()).transaction(['sessionFiles', 'sessionParts'], 'readwrite');
    await Promise.all([tx.objectStore('sessionParts').delete(fileRange(id, file.name)), tx.objectStore('sessionFiles').put({ ...file, parts: 0 }, [id, file.name]), tx.done]);
    return OK;
  } catch (e) {
    return failed(e);
  }
}

/**
 * Write a file's parts, each in its own transaction and task, then mark it saved. `isWanted` is
 * asked between parts: false (the file was replaced or removed meanwhile) stops the write, and the
 * next save writes what is current. When a write fails (the storage is full, a record too big to
 * store), the parts written go — to leave room for the rest of the session — and the file is marked
 * 'unsaved' with the reason.
 */
export async function writeFile(id: string, file: Omit<StoredFile, 'state' | 'parts'>, parts: Iterable<StoredPart>, isWanted: () => boolean): Promise<WriteOutcome | 'superseded'> {
  let written = 0;
  const mark = (state: StoredFileState, extra: Partial<StoredFile> = {}): StoredFile => ({ ...file, parts: written, state, ...extra });
  try {
    const d = await openLensDb();
    const tx = d.transaction(['sessionFiles', 'sessionParts'], 'readwrite');
    await Promise.all([tx.objectStore('sessionParts').delete(fileRange(id, file.name)), tx.objectStore('sessionFiles').put(mark('writing'), [id, file.name]), tx.done]);
    for (const part of parts) {
      await nextTask();
      if (!isWanted()) return 'superseded';
      const ptx = d.transaction('sessionParts', 'readwrite');
      await Promise.all([ptx.store.put(part, [id, file.name, written]), ptx.done]);
      written++;
    }
    if (!isWanted()) return 'superseded';
    await d.put('sessionFiles', mark('saved'), [id, file.name]);
    return OK;
  } catch (e) {
    const outcome = failed(e);
    if (!outcome.ok) await writeFileState(id, mark('unsaved', { reason: outcome.isQuota ? 'the browser’s storage for this site is full' : `the browser would not store it: ${outcome.message}` }));
    return outcome;
  }
}

export async function deleteFile(id: string, name: string): Promise<void> {
  try {
    const tx = (await openLensDb()).transaction(['sessionFiles', 'sessionParts'], 'readwrite');
    await Promise.all([tx.objectStore('sessionParts').delete(fileRange(id, name)), tx.objectStore('sessionFiles').delete([id, name]), tx.done]);
  } catch (e) {
    console.warn('could not delete a saved file', e);
  }
}

export async function writeImports(id: string, imports: StoredImports): Promise<WriteOutcome> {
  try {
    const d = await openLensDb();
    if (!imports.importedRows.length && !imports.importReports.length && !imports.importedResults.length) await d.delete('sessionImports', id);
    else await d.put('sessionImports', imports, id);
    return OK;
  } catch (e) {
    return failed(e);
  }
}

/** A session as read back: its meta, and a v2 record's content when it is one. `dropped`: items that failed their checks. */
export interface ReadMeta {
  meta: SessionMeta;
  legacy?: StoredSessionV2;
  dropped: number;
}

const isStr = (v: unknown): v is string => typeof v === 'string';

export async function readMeta(id: string): Promise<ReadMeta | undefined> {
  let raw: unknown;
  try {
    raw = await (await openLensDb()).get('sessions', id);
  } catch (e) {
    console.warn('could not read the session', e);
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const colors = keepValid(r.teacherColors, isStringPair);
  const errors = keepValid(r.otherErrors, isInputError);
  const meta: SessionMeta = { id, name: isStr(r.name) ? r.name : 'Session', updatedAt: typeof r.updatedAt === 'number' ? r.updatedAt : 0, teacherColors: colors.kept, otherErrors: errors.kept };
  let dropped = colors.dropped + errors.dropped;
  if (!('trajectoryList' in r) && !('loadedFiles' in r)) return { meta, dropped };
  // Version 2: everything in one record. Checked item by item, like the pieces.
  const trajectories = keepValid(r.trajectoryList, isTrajectory);
  const inputErrors = keepValid(r.inputErrors, isInputError);
  const rows = keepValid(r.importedRows, isImportedRow);
  const reports = keepValid(r.importReports, isImportReport);
  const results = keepValid(r.importedResults, isResultEntry);
  const files = keepValid(r.loadedFiles, (f): f is StoredSessionV2['loadedFiles'][number] => typeof f === 'object' && f !== null && isStr((f as { name?: unknown }).name));
  dropped += trajectories.dropped + inputErrors.dropped + rows.dropped + reports.dropped + results.dropped + files.dropped;
  const legacy: StoredSessionV2 = {
    ...meta,
    loadedFiles: files.kept.map((f) => ({ name: f.name, origin: f.origin === 'demo' ? 'demo' : 'user', trajectories: 0, errors: 0 })),
    trajectoryList: trajectories.kept,
    inputErrors: inputErrors.kept,
    importedRows: rows.kept,
    importReports: reports.kept,
    importedResults: results.kept,
  };
  return { meta, legacy, dropped };
}

const FILE_STATES: readonly string[] = ['saved', 'loading', 'writing', 'unsaved'] satisfies StoredFileState[];

function isStoredFile(v: unknown): v is StoredFile {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  return isStr(f.name) && (f.origin === 'demo' || f.origin === 'user') && typeof f.order === 'number' && Number.isInteger(f.parts) && FILE_STATES.includes(f.state as string);
}

/** The session's file records, in list order; `dropped` counts records that failed their checks. */
export async function readFiles(id: string): Promise<{ files: StoredFile[]; dropped: number }> {
  try {
    const all = keepValid(await (await openLensDb()).getAll('sessionFiles', sessionRange(id)), isStoredFile);
    return { files: all.kept.sort((a, b) => a.order - b.order), dropped: all.dropped };
  } catch (e) {
    console.warn('could not read the saved files', e);
    return { files: [], dropped: 0 };
  }
}

/** One part of a saved file, checked record by record (a record that fails goes with its hash); undefined when it cannot be read at all. */
export async function readPart(id: string, name: string, index: number): Promise<{ part: StoredPart; dropped: number } | undefined> {
  let raw: unknown;
  try {
    raw = await (await openLensDb()).get('sessionParts', [id, name, index]);
  } catch (e) {
    console.warn('could not read a saved part', e);
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const p = raw as Record<string, unknown>;
  const list = Array.isArray(p.trajectories) ? p.trajectories : [];
  const hashes = Array.isArray(p.hashes) ? p.hashes : [];
  const part: StoredPart = { trajectories: [], hashes: [], errors: [] };
  list.forEach((t, i) => {
    if (isTrajectory(t) && isStr(hashes[i])) {
      part.trajectories.push(t);
      part.hashes.push(hashes[i]);
    }
  });
  const errors = keepValid(p.errors, isInputError);
  part.errors = errors.kept;
  return { part, dropped: list.length - part.trajectories.length + errors.dropped + (Array.isArray(p.trajectories) ? 0 : 1) };
}

export async function readImports(id: string): Promise<{ imports: StoredImports; dropped: number }> {
  let raw: unknown;
  try {
    raw = await (await openLensDb()).get('sessionImports', id);
  } catch (e) {
    console.warn('could not read the saved imports', e);
  }
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const rows = keepValid(r.importedRows, isImportedRow);
  const reports = keepValid(r.importReports, isImportReport);
  const results = keepValid(r.importedResults, isResultEntry);
  return { imports: { importedRows: rows.kept, importReports: reports.kept, importedResults: results.kept }, dropped: rows.dropped + reports.dropped + results.dropped };
}

/** The id of the session open at the last save. */
export async function currentSessionId(): Promise<string | undefined> {
  try {
    const id = await (await openLensDb()).get('meta', 'current');
    return isStr(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Every saved session, newest first, with its file and trajectory counts (from its file records; a v2 record counts its own). */
export async function listSessions(): Promise<SessionInfo[]> {
  try {
    const tx = (await openLensDb()).transaction(['sessions', 'sessionFiles']);
    const [metas, files, keys] = await Promise.all([tx.objectStore('sessions').getAll(), tx.objectStore('sessionFiles').getAll(), tx.objectStore('sessionFiles').getAllKeys()]);
    const counts = new Map<string, { files: number; trajectories: number }>();
    files.forEach((f, i) => {
      const id = keys[i][0];
      const c = counts.get(id) ?? { files: 0, trajectories: 0 };
      if (isStoredFile(f) && f.state === 'saved') {
        c.files++;
        c.trajectories += Number(f.trajectories) || 0;
      }
      counts.set(id, c);
    });
    return metas
      .filter((m): m is SessionMeta => typeof m === 'object' && m !== null && isStr(m.id))
      .map((m) => {
        const legacy = m as unknown as Partial<StoredSessionV2>;
        const c = counts.get(m.id) ?? { files: Array.isArray(legacy.loadedFiles) ? legacy.loadedFiles.length : 0, trajectories: Array.isArray(legacy.trajectoryList) ? legacy.trajectoryList.length : 0 };
        return { id: m.id, name: isStr(m.name) ? m.name : 'Session', updatedAt: typeof m.updatedAt === 'number' ? m.updatedAt : 0, ...c };
      })
      .sort((a, b) => b.updatedAt - a.updatedAt);
  } catch {
    return [];
  }
}

/** Forget a session: its meta, files, parts and imports. */
export async function deleteSession(id: string): Promise<void> {
  try {
    const d = await openLensDb();
    const tx = d.transaction(['sessions', 'sessionFiles', 'sessionParts', 'sessionImports', 'meta'], 'readwrite');
    const current = await tx.objectStore('meta').get('current');
    await Promise.all([
      tx.objectStore('sessions').delete(id),
      tx.objectStore('sessionFiles').delete(sessionRange(id)),
      tx.objectStore('sessionParts').delete(sessionRange(id)),
      tx.objectStore('sessionImports').delete(id),
      ...(current === id ? [tx.objectStore('meta').delete('current')] : []),
      tx.done,
    ]);
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
