/**
 * Where a scoring run stands, kept in localStorage while it runs (a synchronous write, so it is
 * there however the page ends). A page that ends normally (reload, close) takes it away in
 * `pagehide`; one killed mid-run — the renderer out of memory: in Chromium a worker that exhausts
 * its heap takes the whole tab with it — leaves it, and the next visit knows which trajectory the
 * student was on.
 */
export interface RunJournal {
  /** The session the run belonged to. */
  sessionId: string;
  /** trajectoryKey of the trajectory the worker was on (the first of the run not yet finished, or the one it said it was tokenizing). */
  key: string;
  /** Its characters (messages), for the notice. */
  chars: number;
  /** Results of this run handed to the page so far. */
  scored: number;
}

const KEY = 'rsr-lens-run';

export function writeRunJournal(journal: RunJournal | null): void {
  try {
    if (journal) localStorage.setItem(KEY, JSON.stringify(journal));
    else localStorage.removeItem(KEY);
  } catch {
    // No storage (a private window, quota): the run goes on without its journal.
  }
}

/** The journal a killed page left, once: reading takes it away. Null when the last page ended normally. */
export function takeRunJournal(): RunJournal | null {
  try {
    const text = localStorage.getItem(KEY);
    localStorage.removeItem(KEY);
    if (!text) return null;
    const j = JSON.parse(text) as Partial<RunJournal>;
    return typeof j.sessionId === 'string' && typeof j.key === 'string' ? { sessionId: j.sessionId, key: j.key, chars: Number(j.chars) || 0, scored: Number(j.scored) || 0 } : null;
  } catch {
    return null;
  }
}

/** A page that ends normally was not killed: no journal for the next visit. Returns the unsubscribe function. */
export function clearRunJournalOnExit(): () => void {
  const clear = () => writeRunJournal(null);
  addEventListener('pagehide', clear);
  return () => removeEventListener('pagehide', clear);
}
