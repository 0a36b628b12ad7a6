import type { LoadedFile, RecordBatch } from './datasetSlice';
import { useLensStore } from './useLensStore';

/** Records in the first commits of a file, at least: the table fills a screen at once. */
const FIRST_COMMIT = 2000;
/** Later, a commit waits for this fraction of what is already in… */
const GROWTH = 1 / 8;
/** …but never for more than this many: the cost of a commit's own records (its rows, its keys) is one task. */
const MOST_COMMIT = 20_000;

/**
 * Whether `pending` records (and errors) are worth a commit once `committed` are in. Each commit
 * copies the references of the file's list (and its table rows), so committing every batch would be
 * quadratic in the file's size; waiting for a fixed fraction of what is in keeps that small (a
 * million records are about 80 commits, not 500), and the cap keeps each commit's own work short,
 * while the status counts up as the records arrive.
 */
export function isCommitDue(pending: number, committed: number): boolean {
  return pending >= Math.min(MOST_COMMIT, Math.max(FIRST_COMMIT, committed * GROWTH));
}

/** What a committer put in the store, once finished. */
export interface Committed {
  trajectories: number;
  errors: number;
}

/**
 * Put a loading file's records in the store as they arrive (from the parse worker, or a saved
 * session's parts), in commits that grow with the file (isCommitDue). The first batch is committed
 * at once and replaces whatever was loaded under the file's name; `finish` commits the rest and
 * marks the file loaded. A file with no batch at all replaces the old one by nothing.
 */
export function recordsCommitter(file: string, origin: LoadedFile['origin']): { add: (batch: RecordBatch) => void; finish: () => Committed } {
  const empty = (): RecordBatch => ({ trajectories: [], hashes: [], errors: [] });
  let pending = empty();
  let isFirst = true;
  const total: Committed = { trajectories: 0, errors: 0 };
  const flush = () => {
    if (!isFirst && !pending.trajectories.length && !pending.errors.length) return;
    useLensStore.getState().fileRecordsAdded(file, pending, origin, isFirst);
    total.trajectories += pending.trajectories.length;
    total.errors += pending.errors.length;
    isFirst = false;
    pending = empty();
  };
  return {
    add: (batch) => {
      for (const t of batch.trajectories) pending.trajectories.push(t);
      for (const h of batch.hashes) pending.hashes.push(h);
      for (const e of batch.errors) pending.errors.push(e);
      if (isFirst || isCommitDue(pending.trajectories.length + pending.errors.length, total.trajectories + total.errors)) flush();
    },
    finish: () => {
      flush();
      useLensStore.getState().fileLoaded(file);
      return { ...total };
    },
  };
}
