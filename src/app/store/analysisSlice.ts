import type { StateCreator } from 'zustand';
import type { Provenance, SourceRef, TrajectoryMetrics } from '../../core/types';
import { isImportedResult } from '../input/isImportedResult';
import type { LensState } from './useLensStore';

/** The main area's tabs. */
export type MainView = 'trajectories' | 'teachers' | 'compare' | 'select';

/**
 * A rectangle brushed on the trajectory scatter, in data units (inclusive): x is the average
 * surprisal, y the average clipped rank. Kept in data units, not pixels, so it survives a resize
 * and the table can test rows against it without knowing the chart.
 */
export interface ScatterBrush {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** How the Select view picks trajectories (the paper's per-problem selection, or a global cut). */
export type SelectMode = 'perProblem' | 'topN' | 'belowThreshold';

/** Columns of the A/B problem list; 'order' keeps A's file order. */
export type PairSortColumn = 'order' | 'id' | 'rsrA' | 'rsrB' | 'diff';

export interface PairSort {
  column: PairSortColumn;
  descending: boolean;
}

/** One trajectory's metrics imported from a `_sample_metrics` (or CLI) file: no tokens, no heatmap. */
export interface ImportedRow {
  /** `import:<file>:<line>`: unique, and never a loaded trajectory's key. */
  key: string;
  id: string;
  teacher: string;
  metrics: TrajectoryMetrics;
  provenance: Partial<Pick<Provenance, 'model' | 'dtype' | 'device' | 'version'>>;
  /** The imported file's name and the 1-based line of this row. */
  file: string;
  line: number;
  /**
   * Key of the loaded input trajectory with the same id and teacher when the file was imported:
   * its row shows these metrics until the browser scores it, and selection exports its line.
   */
  matchedKey?: string;
}

/** A line of an imported file that was not taken (or taken without its heatmap), and why. */
export interface ImportProblem {
  line: number;
  reason: string;
  /** 'error': the line was skipped. 'partial': its metrics were kept but no heatmap is drawn. */
  severity: 'error' | 'partial';
}

/** What importing one file did, for the import panel. */
export interface ImportReport {
  file: string;
  /** 'metrics': per-trajectory metrics only; 'tokens': per-token nlls and ranks. */
  kind: 'metrics' | 'tokens';
  /** Rows now shown (with or without heatmap). */
  imported: number;
  /** Of those, rows with a heatmap (per-token data matched to a loaded trajectory). */
  withHeatmap: number;
  problems: ImportProblem[];
  /** Whole-file remarks, e.g. how many rows match no loaded trajectory. */
  notes: string[];
}

export interface AnalysisSlice {
  mainView: MainView;
  /** The scatter's brushed rectangle; null = no brush. The trajectory table shows only rows inside it. */
  brush: ScatterBrush | null;
  /** Teachers compared side by side; null = the default (first two teachers by name). */
  compareA: string | null;
  compareB: string | null;
  /** The problem id open in the side-by-side view. */
  compareId: string | null;
  pairSort: PairSort;
  selectMode: SelectMode;
  /** N of "top N by RSR". */
  topN: number;
  /** t of "RSR below t". */
  maxRsr: number;
  /** Metrics-only imports, in import order. */
  importedRows: ImportedRow[];
  importReports: ImportReport[];
  /** Names of files being imported right now. */
  importing: string[];
  /** The user's `teacher,score` CSV, as typed or uploaded. */
  scoresCsv: string;
  mainViewChanged: (view: MainView) => void;
  brushChanged: (brush: ScatterBrush | null) => void;
  compareTeachersChanged: (a: string | null, b: string | null) => void;
  compareIdChanged: (id: string | null) => void;
  /** Header click: a new column sorts ascending, the same column again flips the direction. */
  pairSortToggled: (column: PairSortColumn) => void;
  selectModeChanged: (mode: SelectMode) => void;
  topNChanged: (n: number) => void;
  maxRsrChanged: (t: number) => void;
  importStarted: (file: string) => void;
  /** A file finished importing: its rows replace any earlier import of the same file name. */
  importFinished: (report: ImportReport, rows: ImportedRow[]) => void;
  /** Forget every import: metrics-only rows and results built from per-token files. */
  importsCleared: () => void;
  scoresCsvChanged: (text: string) => void;
}

export const createAnalysisSlice: StateCreator<LensState, [], [], AnalysisSlice> = (set) => ({
  mainView: 'trajectories',
  brush: null,
  compareA: null,
  compareB: null,
  compareId: null,
  pairSort: { column: 'order', descending: false },
  selectMode: 'perProblem',
  topN: 100,
  maxRsr: 5,
  importedRows: [],
  importReports: [],
  importing: [],
  scoresCsv: '',
  mainViewChanged: (view) => set({ mainView: view }),
  brushChanged: (brush) => set({ brush }),
  compareTeachersChanged: (a, b) => set({ compareA: a, compareB: b }),
  compareIdChanged: (id) => set({ compareId: id }),
  pairSortToggled: (column) =>
    set(({ pairSort }) => ({
      pairSort: pairSort.column === column ? { column, descending: !pairSort.descending } : { column, descending: false },
    })),
  selectModeChanged: (mode) => set({ selectMode: mode }),
  topNChanged: (n) => set({ topN: n }),
  maxRsrChanged: (t) => set({ maxRsr: t }),
  importStarted: (file) => set((s) => ({ importing: [...s.importing.filter((f) => f !== file), file] })),
  importFinished: (report, rows) =>
    set((s) => ({
      importing: s.importing.filter((f) => f !== report.file),
      importReports: [...s.importReports.filter((r) => r.file !== report.file), report],
      importedRows: [...s.importedRows.filter((r) => r.file !== report.file), ...rows],
    })),
  importsCleared: () =>
    set((s) => ({
      importedRows: [],
      importReports: [],
      // Per-token imports live among the results (they draw heatmaps like any result): drop them too.
      results: new Map([...s.results].filter(([, r]) => !isImportedResult(r))),
    })),
  scoresCsvChanged: (text) => set({ scoresCsv: text }),
});
