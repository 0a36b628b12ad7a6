/** Entries queued and committed together; see resultBatcher. */
export interface ResultBatcher<T> {
  /** Queue one entry; the batch commits `flushMs` after the first entry of it. */
  add: (entry: T) => void;
  /** Commit what is queued now (the run ended or failed). */
  flush: () => void;
  /** Resolves once every commit started so far has finished. */
  settled: () => Promise<void>;
}

/**
 * Results are committed to the store (and IndexedDB) in batches: one Map copy and one table render
 * per batch, not per row. Each render takes main-thread time from the model worker on two cores.
 * `commit` gets each batch in arrival order; the promise it returns (the IndexedDB write) is what
 * `settled` waits for, so a run only reports finished once its results are stored.
 */
export function resultBatcher<T>(commit: (batch: T[]) => Promise<void>, flushMs: number): ResultBatcher<T> {
  let pending: T[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const inFlight = new Set<Promise<void>>();
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    const write = commit(batch);
    inFlight.add(write);
    void write.finally(() => inFlight.delete(write));
  };
  return {
    add: (entry) => {
      pending.push(entry);
      timer ??= setTimeout(flush, flushMs);
    },
    flush,
    settled: () => Promise.all(inFlight).then(() => undefined),
  };
}
