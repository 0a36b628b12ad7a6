import type { InputError, ScoredTrajectory, Trajectory } from '../../core/types';
import type { ImportReport } from '../input/importResultsFiles';
import type { ImportedRow } from '../input/planImport';
import type { LoadedFile, RecordBatch } from '../store/datasetSlice';

/**
 * A session as IndexedDB keeps it, in pieces (see lensDb.ts). Results scored here are not part of
 * it: they are in the result cache by content, and come back from there under the current
 * settings. Results built from imported per-token files are nowhere else, so they are kept here.
 */
export interface SessionMeta {
  id: string;
  name: string;
  /** ms since the epoch of the last save. */
  updatedAt: number;
  /** Merged at every save, so two tabs keep each other's teachers' colours. */
  teacherColors: [string, string][];
  /** Errors of files that could not be read at all, and so have no file record of their own. */
  otherErrors: InputError[];
}

/**
 * How far a file's save got. 'loading': it was being read when this was written — a page that
 * stopped while reading it (out of memory on a huge line) left it so, and the next load says so
 * instead of losing it in silence. 'writing': its parts were being written. 'unsaved': they did
 * not fit (`reason`). Only 'saved' files come back.
 */
export type StoredFileState = 'saved' | 'loading' | 'writing' | 'unsaved';

export interface StoredFile extends Pick<LoadedFile, 'name' | 'origin' | 'trajectories' | 'errors'> {
  /** Place in the session's file list (the order of first loading). */
  order: number;
  /** Number of StoredParts. */
  parts: number;
  state: StoredFileState;
  /** Why it is not saved, for 'unsaved'. */
  reason?: string;
}

/** Consecutive records of one file as saved: with their content hashes, so a restore computes none. */
export type StoredPart = RecordBatch;

export interface StoredImports {
  importedRows: ImportedRow[];
  importReports: ImportReport[];
  importedResults: [string, ScoredTrajectory][];
}

/** A dropped model folder remembered for the next visit: its File System Access handle where the browser gave one, else its name to ask for. */
export interface StoredModelFolder {
  name: string;
  /** The folder's handle (Chromium, dropped): read again after the user allows it. */
  handle?: FileSystemDirectoryHandle;
}

/** Version 2's whole-session record, still read back (and written again in pieces). */
export interface StoredSessionV2 {
  id: string;
  name: string;
  updatedAt: number;
  loadedFiles: LoadedFile[];
  trajectoryList: Trajectory[];
  inputErrors: InputError[];
  importedRows: ImportedRow[];
  importReports: ImportReport[];
  importedResults: [string, ScoredTrajectory][];
  teacherColors: [string, string][];
}

/** Records of a file per part, at most: a part is one short task to write or read. */
export const PART_RECORDS = 2000;
/** Characters per part, at most (records' raw text and messages), for the same reason. */
export const PART_CHARS = 1 << 20;

const recordChars = (t: Trajectory) => t.source.raw.length + t.messages.reduce((n, m) => n + m.content.length, 0);

/**
 * A file's records and hashes in parts of at most PART_RECORDS records or PART_CHARS characters;
 * its errors in parts of their own, first. Lazily: a part is built when it is about to be written,
 * so a file of a million records is never split in one task. `hashOf` gives a record's content hash.
 */
export function* partsOf(trajectories: readonly Trajectory[], hashOf: (t: Trajectory) => string, errors: readonly InputError[]): Generator<StoredPart> {
  for (let i = 0; i < errors.length; i += PART_RECORDS) yield { trajectories: [], hashes: [], errors: errors.slice(i, i + PART_RECORDS) };
  let part: StoredPart = { trajectories: [], hashes: [], errors: [] };
  let chars = 0;
  for (const t of trajectories) {
    const n = recordChars(t);
    if (part.trajectories.length && (part.trajectories.length >= PART_RECORDS || chars + n > PART_CHARS)) {
      yield part;
      part = { trajectories: [], hashes: [], errors: [] };
      chars = 0;
    }
    part.trajectories.push(t);
    part.hashes.push(hashOf(t));
    chars += n;
  }
  if (part.trajectories.length) yield part;
}
