import type { InputError, ScoredTrajectory, Trajectory } from '../../core/types';
import type { ImportReport } from '../input/importResultsFiles';
import { isImportedResult } from '../input/isImportedResult';
import type { ImportedRow } from '../input/planImport';
import type { LoadedFile } from '../store/datasetSlice';
import type { LensState } from '../store/useLensStore';

/** A session's name and size, for the session list. */
export interface SessionInfo {
  id: string;
  name: string;
  /** ms since the epoch of the last save. */
  updatedAt: number;
  files: number;
  trajectories: number;
}

/**
 * Everything a session needs to come back as it was, except results scored here: those are in the
 * result cache by content, and come back from there under the current settings. Results built
 * from imported per-token files are nowhere else, so they are kept here.
 */
export interface StoredSession extends SessionInfo {
  loadedFiles: LoadedFile[];
  trajectoryList: Trajectory[];
  inputErrors: InputError[];
  importedRows: ImportedRow[];
  importReports: ImportReport[];
  importedResults: [string, ScoredTrajectory][];
  teacherColors: [string, string][];
}

/** The store's session content as a record to save. */
export function sessionRecord(s: LensState, id: string, name: string, now: number): StoredSession {
  return {
    id,
    name,
    updatedAt: now,
    files: s.files.length,
    trajectories: s.trajectories.length,
    loadedFiles: s.files,
    trajectoryList: s.trajectories,
    inputErrors: s.inputErrors,
    importedRows: s.importedRows,
    importReports: s.importReports,
    importedResults: [...s.results].filter(([, r]) => isImportedResult(r)),
    teacherColors: [...s.teacherColors],
  };
}

/** Whether a session has anything worth keeping. */
export function isEmptySession(r: Pick<StoredSession, 'trajectoryList' | 'importedRows' | 'importedResults'>): boolean {
  return !r.trajectoryList.length && !r.importedRows.length && !r.importedResults.length;
}
