import { useLensStore } from '../store/useLensStore';
import { plural } from '../../core/plural';
import { newSessionIdentity } from '../store/sessionSlice';
import { restoreCachedResults } from './restoreCachedResults';
import { isEmptySession, sessionRecord } from './sessionRecord';
import { currentSessionId, deleteSession, listSessions, readSession, requestPersistence, saveSession } from './sessionStore';

/** Changes are saved together after this quiet time (a drop of five files is one save). */
const SAVE_DELAY_MS = 300;

const store = () => useLensStore.getState();

/** Save the open session now (skipped while files are still being read, and while it is empty and unsaved). */
export async function saveOpenSession(): Promise<void> {
  const s = store();
  if (s.parsing.length || s.importing.length) return;
  const record = sessionRecord(s, s.sessionId, s.sessionName, Date.now());
  if (isEmptySession(record) && !s.sessions.some((x) => x.id === s.sessionId)) return;
  if (await saveSession(record)) {
    if (s.isPersistent === null) store().persistenceKnown(await requestPersistence());
    store().sessionsListed(await listSessions());
  }
}

/**
 * Keep the open session saved: whenever what it holds changes (files, errors, imports, colours,
 * the name), save it shortly after. Results scored here are not part of it: the result cache
 * already keeps each one as it arrives. Returns the unsubscribe function.
 */
export function watchSession(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const pick = (s = store()) => [s.files, s.trajectories, s.inputErrors, s.importedRows, s.importReports, s.teacherColors, s.sessionName, s.sessionId, s.parsing.length, s.importing.length] as const;
  let last = pick();
  return useLensStore.subscribe((s) => {
    const next = pick(s);
    if (next.every((v, i) => v === last[i])) return;
    last = next;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void saveOpenSession(), SAVE_DELAY_MS);
  });
}

/**
 * At start-up: open the session that was open when the page last saved (a reload or a crash
 * comes back whole), and say so. True when one was restored.
 */
export async function restoreLastSession(): Promise<boolean> {
  const id = await currentSessionId();
  const record = id ? await readSession(id) : undefined;
  store().sessionsListed(await listSessions());
  if (!record || isEmptySession(record)) return false;
  // Something was dropped while the session was being read: the user's new data wins.
  if (store().trajectories.length || store().parsing.length) return false;
  store().sessionRestored(record, true);
  await restoreCachedResults();
  const s = store();
  s.noticeAdded(
    'info',
    `Restored “${record.name}”: ${plural(record.files, 'file', 'files')}, ${plural(record.trajectories, 'trajectory', 'trajectories')}, ${s.results.size.toLocaleString('en-US')} with results. Sessions in the sidebar can forget it.`,
    { topic: 'session' },
  );
  return true;
}

/** Open a saved session in place of the current one (which stays saved). */
export async function openSession(id: string): Promise<void> {
  await saveOpenSession();
  const record = await readSession(id);
  if (!record) return;
  store().sessionRestored(record, false);
  await restoreCachedResults();
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
}

/** Forget a saved session. Forgetting the open one also unloads its data (results stay in the result cache). */
export async function forgetSession(id: string): Promise<void> {
  await deleteSession(id);
  const s = store();
  if (id === s.sessionId) {
    s.datasetCleared();
    s.importsCleared();
    const fresh = newSessionIdentity();
    s.sessionOpened(fresh.id, fresh.name);
    s.topicResolved('undo');
    s.topicResolved('session');
  }
  store().sessionsListed(await listSessions());
}
