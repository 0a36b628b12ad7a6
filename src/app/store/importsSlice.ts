import type { StateCreator } from 'zustand';
import type { ImportReport } from '../input/importResultsFiles';
import type { ImportedRow } from '../input/planImport';
import { busyWith, busyWithout } from './busyFiles';
import type { LensState } from './useLensStore';

/** Results scored elsewhere: metrics-only rows and what each import did. Per-token imports become results (scoringSlice). */
export interface ImportsSlice {
  /** Metrics-only imports, in import order. */
  importedRows: ImportedRow[];
  importReports: ImportReport[];
  /** Names of files being imported right now. */
  importing: string[];
  importStarted: (file: string) => void;
  /** A file finished importing: its rows replace any earlier import of the same file name. */
  importFinished: (report: ImportReport, rows: ImportedRow[]) => void;
}

/** No import: what clearing the imports leaves (files being imported go on). */
export function noImports(): Pick<ImportsSlice, 'importedRows' | 'importReports'> {
  return { importedRows: [], importReports: [] };
}

export const createImportsSlice: StateCreator<LensState, [], [], ImportsSlice> = (set) => ({
  ...noImports(),
  importing: [],
  importStarted: (file) => set((s) => ({ importing: busyWith(s.importing, file) })),
  importFinished: (report, rows) =>
    set((s) => ({
      importing: busyWithout(s.importing, report.file),
      importReports: [...s.importReports.filter((r) => r.file !== report.file), report],
      importedRows: [...s.importedRows.filter((r) => r.file !== report.file), ...rows],
    })),
});
