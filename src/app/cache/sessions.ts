import type { InputError, Trajectory } from '../../core/types';
import { isImportedResult } from '../input/isImportedResult';
import { trajectoryKey } from '../input/trajectoryKey';
import type { LoadedFile, RecordBatch } from '../store/datasetSlice';
import { recordsCommitter } from '../store/recordsCommitter';
import { newSessionIdentity, type Unsaved } from '../store/sessionSlice';
import { useLensStore, type LensState } from '../store/useLensStore';
import { ensureHashes, restoreCachedResults } from './restoreCachedResults';
import {
  currentSessionId,
  deleteFile,
  deleteSession,
  listSessions,
  readFiles,
  readImports,
  readMeta,
  readPart,
  requestPersistence,
  writeFile,
  writeFileState,
  writeImports,
  writeMeta,
  type WriteOutcome,
} from './sessionStore';
import { nextTask } from './nextTask';
import { PART_RECORDS, partsOf, type StoredFile, type StoredSessionV2 } from './storedSession';
import { plural } from '../../core/plural';

/**
 * The open session, kept in IndexedDB as it changes, and brought back at the next visit.
 *
 * Saves go one at a time through a queue, and each writes only what changed since the last one:
 * a file loaded or replaced (its records in parts), a file removed, the imports, the name. A file
 * being read is recorded first, so a page that dies while reading it (a 300 MB line) says so at
 * the next visit instead of losing the file in silence. When the storage is full, what fits is
 * kept and the page says what a reload would not bring back. Another tab on the same session
 * hears of each save (BroadcastChannel) and takes the other tab's files in.
 */

/** Changes are saved together after this quiet time (a drop of five files is one save). */
const SAVE_DELAY_MS = 300;
const STORAGE_TOPIC = 'storage';

const store = () => useLensStore.getState();

/** What the open session's records in IndexedDB hold, as far as this tab knows. */
interface Saved {
  sessionId: string;
  /** File name → the LoadedFile object last saved (or read back): another object means the file changed. */
  files: Map<string, LoadedFile>;
  /** File name → its place in the list, as saved. */
  order: Map<string, number>;
  /** Files recorded as being read. */
  loading: Set<string>;
  /** Files whose save failed, with the object that failed (tried again only once it changes). */
  failed: Map<string, LoadedFile>;
  importedRows: unknown;
  importReports: unknown;
  hasUnsavedImports: boolean;
  /** Results the result cache could not keep (counted by the scoring run). */
  unsavedResults: number;
}

const nothingSaved = (sessionId: string): Saved => ({
  sessionId,
  files: new Map(),
  order: new Map(),
  loading: new Set(),
  failed: new Map(),
  importedRows: null,
  importReports: null,
  hasUnsavedImports: false,
  unsavedResults: 0,
});

let saved = nothingSaved('');
let queue: Promise<unknown> = Promise.resolve();
let isSaveQueued = false;
let lastOrder = 0;
/** A new file's place in the list: after every file saved before, by this tab or another (so it is time-based). */
const newOrder = () => (lastOrder = Math.max(lastOrder + 1, Date.now() * 1000));

/** Run `job` after every save, merge or restore queued before it: they never interleave. */
function enqueue<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job, job);
  queue = run.catch(() => undefined);
  return run;
}

const tabId = Math.random().toString(36).slice(2);
interface SessionChange {
  tab: string;
  sessionId: string;
  changed: string[];
  removed: string[];
}
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('rsr-lens-sessions');

/** The watcher's pending save (see watchSession). */
let timer: ReturnType<typeof setTimeout> | null = null;

/** Save the open session now (after any save under way). */
export function saveOpenSession(): Promise<void> {
  if (isSaveQueued) return queue.then(() => undefined);
  isSaveQueued = true;
  store().savingChanged(true);
  return enqueue(async () => {
    isSaveQueued = false;
    try {
      await saveNow();
    } finally {
      if (!isSaveQueued && !timer) store().savingChanged(false);
    }
  });
}

function isEmpty(s: LensState): boolean {
  return !s.files.length && !s.parsing.length && !s.importedRows.length && ![...s.results.values()].some(isImportedResult);
}

async function saveNow(): Promise<void> {
  const s = store();
  const id = s.sessionId;
  if (saved.sessionId !== id) saved = nothingSaved(id);
  if (isEmpty(s) && !s.sessions.some((x) => x.id === id) && !saved.files.size) return;
  const names = new Set(s.files.map((f) => f.name));
  const changed: string[] = [];
  const removed: string[] = [];
  const wrote: WriteOutcome[] = [];

  wrote.push(await writeMeta({ id, name: s.sessionName, updatedAt: Date.now(), teacherColors: [...s.teacherColors], otherErrors: s.inputErrors.filter((e) => !names.has(e.file)) }));

  for (const name of s.parsing) {
    if (saved.files.has(name) || saved.loading.has(name)) continue;
    const order = saved.order.get(name) ?? newOrder();
    saved.order.set(name, order);
    saved.loading.add(name);
    await writeFileState(id, { name, origin: 'user', order, trajectories: 0, errors: 0, parts: 0, state: 'loading' });
  }

  for (const f of s.files) {
    // A file still arriving is saved once it is in (it is recorded as being read meanwhile).
    if (saved.files.get(f.name) === f || saved.failed.get(f.name) === f || s.parsing.includes(f.name)) continue;
    const now = store();
    const own = now.trajectories.filter((t) => t.source.file === f.name);
    // Loaded files come with their hashes; only a session saved by version 2 lacks them. Looked
    // for a part at a time: a million lookups are not one task.
    const missing: Trajectory[] = [];
    for (let i = 0; i < own.length; i++) {
      if (i && i % PART_RECORDS === 0) await nextTask();
      if (!now.hashes.has(trajectoryKey(own[i]))) missing.push(own[i]);
    }
    const computed = missing.length ? await ensureHashes(missing) : new Map<string, string>();
    const hashOf = (t: Trajectory) => now.hashes.get(trajectoryKey(t)) ?? computed.get(trajectoryKey(t))!;
    const order = saved.order.get(f.name) ?? newOrder();
    saved.order.set(f.name, order);
    const isWanted = () => store().sessionId === id && store().files.find((x) => x.name === f.name) === f;
    const outcome = await writeFile(
      id,
      { name: f.name, origin: f.origin, order, trajectories: f.trajectories, errors: f.errors },
      partsOf(own, hashOf, now.inputErrors.filter((e) => e.file === f.name)),
      isWanted,
    );
    saved.loading.delete(f.name);
    if (outcome === 'superseded') {
      void saveOpenSession();
      continue;
    }
    wrote.push(outcome);
    if (outcome.ok) {
      saved.files.set(f.name, f);
      saved.failed.delete(f.name);
      changed.push(f.name);
    } else saved.failed.set(f.name, f);
  }

  for (const name of new Set([...saved.files.keys(), ...saved.loading, ...saved.failed.keys()])) {
    if (names.has(name) || store().parsing.includes(name)) continue;
    await deleteFile(id, name);
    if (saved.files.delete(name)) removed.push(name);
    saved.loading.delete(name);
    saved.failed.delete(name);
    saved.order.delete(name);
  }

  const latest = store();
  if (latest.importedRows !== saved.importedRows || latest.importReports !== saved.importReports) {
    const outcome = await writeImports(id, {
      importedRows: latest.importedRows,
      importReports: latest.importReports,
      importedResults: [...latest.results].filter(([, r]) => isImportedResult(r)),
    });
    wrote.push(outcome);
    saved.importedRows = latest.importedRows;
    saved.importReports = latest.importReports;
    saved.hasUnsavedImports = !outcome.ok;
  }

  if (changed.length || removed.length) channel?.postMessage({ tab: tabId, sessionId: id, changed, removed } satisfies SessionChange);
  reportUnsaved(wrote.find((w): w is Extract<WriteOutcome, { ok: false }> => !w.ok));
  if (store().isPersistent === null) store().persistenceKnown(await requestPersistence());
  store().sessionsListed(await listSessions());
}

/** What is not saved now, in the store and in one notice (replaced as it changes, gone once everything is saved). */
function reportUnsaved(failure?: { isQuota: boolean; message: string }): void {
  const s = store();
  const unsaved: Unsaved = {
    files: s.files.filter((f) => saved.failed.get(f.name) === f).map((f) => f.name),
    results: saved.unsavedResults,
    hasImports: saved.hasUnsavedImports,
  };
  s.unsavedChanged(unsaved);
  const parts = [
    ...unsaved.files.map((name) => `${name} (${(s.files.find((f) => f.name === name)?.trajectories ?? 0).toLocaleString('en-US')} trajectories)`),
    ...(unsaved.results ? [`${unsaved.results.toLocaleString('en-US')} results scored here`] : []),
    ...(unsaved.hasImports ? ['the imported results'] : []),
  ];
  if (!parts.length) {
    s.topicResolved(STORAGE_TOPIC);
    return;
  }
  const why = failure?.isQuota === false ? `the browser would not store them (${failure.message})` : 'the browser’s storage for this site is full';
  s.noticeAdded(
    'error',
    `Not saved: ${parts.join(', ')} — ${why}. They stay in this tab, but a reload would not bring them back: export the results now (Select & export; parquet keeps the tokens), or make room (forget other sessions, Clear cached results) and load the files again.`,
    { topic: STORAGE_TOPIC, action: { label: 'Open Select & export', run: () => store().mainViewChanged('select') } },
  );
}

/** The scoring run could not cache `count` results (the storage is full): say so with the session's other losses. */
export function resultsNotCached(count: number, isQuota: boolean): void {
  saved.unsavedResults += count;
  reportUnsaved({ isQuota, message: 'the result cache refused them' });
}

/**
 * Keep the open session saved: whenever what it holds changes (files, files being read, errors,
 * imports, colours, the name), save it shortly after. Results scored here are not part of it: the
 * result cache keeps each one as it arrives. Returns the unsubscribe function.
 */
export function watchSession(): () => void {
  const pick = (s = store()) => [s.files, s.parsing, s.inputErrors, s.importedRows, s.importReports, s.teacherColors, s.sessionName, s.sessionId] as const;
  let last = pick();
  const unsubscribe = useLensStore.subscribe((s) => {
    const next = pick(s);
    if (next.every((v, i) => v === last[i])) return;
    // A file that starts being read is recorded at once: the page may not live through reading it.
    const isNewRead = next[1].some((name) => !last[1].includes(name));
    last = next;
    if (timer) clearTimeout(timer);
    s.savingChanged(true);
    timer = setTimeout(() => {
      timer = null;
      void saveOpenSession();
    }, isNewRead ? 0 : SAVE_DELAY_MS);
  });
  if (channel) channel.onmessage = (e: MessageEvent<SessionChange>) => void takeOtherTabsChange(e.data);
  return () => {
    unsubscribe();
    if (channel) channel.onmessage = null;
  };
}

/** Why a saved file did not come back, for Input errors and the notice. */
function notRestoredReason(f: StoredFile): string {
  switch (f.state) {
    case 'loading':
      return 'not restored: the page stopped while reading this file (it may be too large for the browser: a line of hundreds of MB, or more rows than memory holds). Nothing of it was kept; load it again, or split it';
    case 'writing':
      return 'not restored: the page stopped while saving this file, so only part of it was kept; load it again';
    case 'unsaved':
      return `not restored: it was not saved (${f.reason ?? 'the storage refused it'}); load it again`;
    case 'saved':
      return 'not restored: its saved records could not be read back; load it again';
  }
}

/**
 * One file's saved records, read part by part (each part one short task) and handed to `onPart` as
 * each is read; null when a part is missing. `dropped`: records that failed their checks.
 */
async function readSavedParts(id: string, f: StoredFile, onPart: (batch: RecordBatch) => void): Promise<{ dropped: number } | null> {
  let dropped = 0;
  for (let i = 0; i < f.parts; i++) {
    const read = await readPart(id, f.name, i);
    if (!read) return null;
    let { trajectories, hashes } = read.part;
    dropped += read.dropped;
    // A record's own file name is what keys it: a record that claims another file is not this file's.
    if (trajectories.some((t) => t.source.file !== f.name)) {
      const keep = trajectories.map((t) => t.source.file === f.name);
      dropped += keep.filter((k) => !k).length;
      trajectories = trajectories.filter((_, j) => keep[j]);
      hashes = hashes.filter((_, j) => keep[j]);
    }
    onPart({ trajectories, hashes, errors: read.part.errors });
  }
  return { dropped };
}

/** One file's saved records, whole; null when a part is missing. */
async function readSavedFile(id: string, f: StoredFile): Promise<(RecordBatch & { dropped: number }) | null> {
  const out: RecordBatch = { trajectories: [], hashes: [], errors: [] };
  const read = await readSavedParts(id, f, (part) => {
    for (const t of part.trajectories) out.trajectories.push(t);
    for (const h of part.hashes) out.hashes.push(h);
    for (const e of part.errors) out.errors.push(e);
  });
  return read && { ...out, dropped: read.dropped };
}

/** A v2 record's files, grouped from its one list (no hashes: they are computed once, and saved in pieces at the next save). */
function legacyFiles(legacy: StoredSessionV2): { file: LoadedFile; trajectories: Trajectory[]; errors: InputError[] }[] {
  return legacy.loadedFiles.map((file) => ({
    file,
    trajectories: legacy.trajectoryList.filter((t) => t.source.file === file.name),
    errors: legacy.inputErrors.filter((e) => e.file === file.name),
  }));
}

/** What a restore brought back, for its notice. */
interface Restored {
  name: string;
  files: number;
  /** Files that did not come back (why: in Input errors). */
  lost: string[];
  /** Saved items that failed their checks and were dropped. */
  dropped: number;
}

/**
 * Replace what is loaded by the saved session `id`: its name, colours and imports at once, then its
 * files one by one, each read in parts and committed as loading commits a file, then the cached
 * results. Every record is checked; what fails is dropped and counted. Null when there is no such
 * session.
 */
function restoreSession(id: string, keepSelection: boolean): Promise<Restored | null> {
  return enqueue(async () => {
    const read = await readMeta(id);
    if (!read) return null;
    const { meta, legacy } = read;
    const { files, dropped: droppedFiles } = legacy ? { files: [], dropped: 0 } : await readFiles(id);
    const imports = legacy ? { imports: legacy, dropped: 0 } : await readImports(id);
    const restored: Restored = { name: meta.name, files: 0, lost: [], dropped: read.dropped + droppedFiles + imports.dropped };
    const orphanErrors = legacy ? legacy.inputErrors.filter((e) => !legacy.loadedFiles.some((f) => f.name === e.file)) : [];
    store().sessionRestored(
      {
        id,
        name: meta.name,
        teacherColors: meta.teacherColors,
        inputErrors: [...meta.otherErrors, ...orphanErrors],
        importedRows: imports.imports.importedRows,
        importReports: imports.imports.importReports,
        importedResults: imports.imports.importedResults,
      },
      keepSelection,
    );
    saved = nothingSaved(id);
    saved.importedRows = store().importedRows;
    saved.importReports = store().importReports;
    if (legacy) {
      // Saved whole by version 2: committed as it is, then saved again in pieces.
      for (const { file, trajectories, errors } of legacyFiles(legacy)) store().fileParsed(file.name, trajectories, errors, file.origin);
      restored.files = legacy.loadedFiles.length;
      void saveOpenSession();
      return restored;
    }
    const lose = async (f: StoredFile, state = f.state) => {
      store().fileFailed(f.name, notRestoredReason({ ...f, state }));
      restored.lost.push(f.name);
      // Said once, in the notice and in Input errors (saved with the session): the record itself goes.
      await deleteFile(id, f.name);
    };
    const toRead = files.filter((f) => f.state === 'saved');
    for (const f of toRead) store().parseStarted(f.name);
    for (const f of files) {
      if (f.state !== 'saved') {
        await lose(f);
        continue;
      }
      // Committed as it is read, like a file being loaded: the table fills while the rest comes.
      const commit = recordsCommitter(f.name, f.origin);
      const read = await readSavedParts(id, f, commit.add);
      if (!read) {
        store().fileRemoved(f.name);
        await lose(f);
        continue;
      }
      restored.dropped += read.dropped;
      commit.finish();
      saved.files.set(f.name, store().files.find((x) => x.name === f.name)!);
      saved.order.set(f.name, f.order);
      restored.files++;
    }
    // The files that did not come back are now lines of Input errors: saved, so they stay said.
    if (restored.lost.length) void saveOpenSession();
    return restored;
  });
}

/** The notice after a restore: what came back, what did not, and what was dropped as unreadable. */
function announceRestored(r: Restored): void {
  const s = store();
  const n = s.trajectories.length;
  s.noticeAdded(
    'info',
    `Restored “${r.name}”: ${plural(r.files, 'file', 'files')}, ${plural(n, 'trajectory', 'trajectories')}, ${s.results.size.toLocaleString('en-US')} with results. Sessions in the sidebar can forget it.`,
    { topic: 'session' },
  );
  if (r.lost.length) {
    s.noticeAdded('warning', `Not restored: ${r.lost.join(', ')} — see Input errors for why. Load ${r.lost.length === 1 ? 'it' : 'them'} again.`, { topic: 'session-lost' });
  }
  if (r.dropped) {
    s.noticeAdded(
      'warning',
      `${plural(r.dropped, 'saved item', 'saved items')} of this session could not be read back (damaged, or written by another version) and ${r.dropped === 1 ? 'was' : 'were'} dropped; the rest is shown.`,
      { topic: 'session-damaged' },
    );
  }
}

/**
 * At start-up: open the session that was open when the page last saved (a reload or a crash
 * comes back whole), and say so. True when one was restored.
 */
export async function restoreLastSession(): Promise<boolean> {
  const id = await currentSessionId();
  store().sessionsListed(await listSessions());
  if (!id) return false;
  // Something was dropped while the session list was being read: the user's new data wins.
  if (store().trajectories.length || store().parsing.length) return false;
  const restored = await restoreSession(id, true);
  if (!restored) return false;
  const s = store();
  if (isEmpty(s) && !restored.lost.length && !s.inputErrors.length) return false;
  await restoreCachedResults();
  announceRestored(restored);
  return true;
}

/** Open a saved session in place of the current one (which stays saved). */
export async function openSession(id: string): Promise<void> {
  await saveOpenSession();
  const restored = await restoreSession(id, false);
  if (!restored) return;
  await restoreCachedResults();
  if (restored.lost.length || restored.dropped) announceRestored(restored);
  store().sessionsListed(await listSessions());
}

/** Start an empty session; the current one stays saved under its name. */
export async function startNewSession(): Promise<void> {
  await saveOpenSession();
  const s = store();
  s.datasetCleared();
  s.importsCleared();
  const { id, name } = newSessionIdentity();
  s.sessionOpened(id, name);
  s.topicResolved('undo');
  s.topicResolved(STORAGE_TOPIC);
}

/** Forget a saved session. Forgetting the open one also unloads its data (results stay in the result cache). */
export async function forgetSession(id: string): Promise<void> {
  await enqueue(() => deleteSession(id));
  const s = store();
  if (id === s.sessionId) {
    s.datasetCleared();
    s.importsCleared();
    const fresh = newSessionIdentity();
    s.sessionOpened(fresh.id, fresh.name);
    s.topicResolved('undo');
    s.topicResolved('session');
    s.topicResolved(STORAGE_TOPIC);
  }
  store().sessionsListed(await listSessions());
}

/**
 * Another tab saved the session this tab has open: take its files in (added or replaced), and drop
 * those it removed, so that neither tab's next save is built on a stale list. Nothing is lost
 * either way — each tab writes only its own changes — but both show the same session.
 */
function takeOtherTabsChange(change: SessionChange): Promise<void> {
  return enqueue(async () => {
    const id = store().sessionId;
    if (change.tab === tabId || change.sessionId !== id) return;
    const taken: string[] = [];
    for (const name of change.removed) {
      if (!saved.files.has(name) || saved.files.get(name) !== store().files.find((f) => f.name === name)) continue;
      store().fileRemoved(name);
      saved.files.delete(name);
      taken.push(`removed ${name}`);
    }
    const { files } = await readFiles(id);
    for (const name of change.changed) {
      const f = files.find((x) => x.name === name && x.state === 'saved');
      if (!f || store().parsing.includes(name)) continue;
      const content = await readSavedFile(id, f);
      if (!content || store().sessionId !== id) continue;
      store().fileParsed(name, content.trajectories, content.errors, f.origin, content.hashes);
      saved.files.set(name, store().files.find((x) => x.name === name)!);
      saved.order.set(name, f.order);
      taken.push(`added ${name}`);
    }
    if (!taken.length) return;
    await restoreCachedResults();
    store().noticeAdded('info', `This session is open in another tab too, which ${taken.join(', ')}: shown here as well.`, { topic: 'other-tab' });
  });
}
