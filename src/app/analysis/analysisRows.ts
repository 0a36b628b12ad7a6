import { resultCut, type RowCut } from '../../core/metrics/teacherCuts';
import type { FieldValue, Provenance, ScoredTrajectory, SourceRef, Trajectory, TrajectoryMetrics } from '../../core/types';
import { isImportedResult } from '../input/isImportedResult';
import type { ImportedRow } from '../input/planImport';
import { trajectoryKey } from '../input/trajectoryKey';

/**
 * One trajectory with metrics, whoever computed them: the browser's student, an imported
 * per-token file (a result with a heatmap) or an imported metrics file (numbers only). Every
 * analysis view (teachers, A/B, selection, export) works on these rows, so an import counts
 * everywhere a scored trajectory does.
 */
export interface AnalysisRow {
  /** The loaded trajectory's key (file:line), or an unmatched import's `import:<file>:<line>`. */
  key: string;
  /** Problem id. */
  id: string;
  teacher: string;
  metrics: TrajectoryMetrics;
  /** The original input record, when the trajectory is loaded: what "Export selection" writes. */
  source?: SourceRef;
  /** Tokens and per-token scores, when there are any (not for metrics-only imports). */
  result?: ScoredTrajectory;
  /** Computed elsewhere and imported, not by the student in this page. */
  isImported: boolean;
  provenance: Partial<Provenance>;
  /** What cut the conversation before it was scored (the max-tokens setting, the student's context), as far as its source says. */
  cut?: RowCut;
  /** The loaded record's scalar fields (for slices and group-by). */
  fields?: Record<string, FieldValue>;
}

/**
 * The rows of every loaded trajectory that has a result — or, until it has one, an imported
 * metrics row with the same id and teacher — in load order, then the imported rows that match
 * no loaded trajectory, in import order. A result from the browser wins over a metrics-only
 * import of the same trajectory because it is what the heatmap shows.
 */
export function analysisRows(trajectories: readonly Trajectory[], results: ReadonlyMap<string, ScoredTrajectory>, imported: readonly ImportedRow[]): AnalysisRow[] {
  // Nothing scored nor imported: no need to look through a million loaded trajectories for it.
  if (!results.size && !imported.length) return [];
  const importedByKey = matchedImports(trajectories, imported);
  const rows: AnalysisRow[] = [];
  for (const t of trajectories) {
    const key = trajectoryKey(t);
    const result = results.get(key);
    if (result) {
      rows.push({ key, id: t.id, teacher: t.teacher, metrics: result.metrics, source: t.source, result, isImported: isImportedResult(result), provenance: result.provenance, cut: resultCut(result), ...(t.fields && { fields: t.fields }) });
      continue;
    }
    const row = importedByKey.get(key);
    if (row) {
      rows.push({ key, id: t.id, teacher: t.teacher, metrics: row.metrics, source: t.source, isImported: true, provenance: row.provenance, ...(row.cut && { cut: row.cut }), ...(t.fields && { fields: t.fields }) });
    }
  }
  for (const row of imported) {
    // A matched row stands in for its loaded trajectory above (or yields to its result).
    if (row.matchedKey && importedByKey.has(row.matchedKey)) continue;
    rows.push({ key: row.key, id: row.id, teacher: row.teacher, metrics: row.metrics, isImported: true, provenance: row.provenance, ...(row.cut && { cut: row.cut }) });
  }
  return rows;
}

/**
 * Loaded key → the imported row it stands for. A match is kept only while the key still names a
 * trajectory with the row's id and teacher (a file dropped again may have moved its lines).
 * The last import of a trajectory wins; earlier imports of it are then shown nowhere.
 */
export function matchedImports(trajectories: readonly Trajectory[], imported: readonly ImportedRow[]): Map<string, ImportedRow> {
  // Every table render asks: without imports, no index of 35,000 keys is built for nothing.
  if (!imported.length) return new Map();
  const loaded = new Map(trajectories.map((t) => [trajectoryKey(t), t]));
  const byKey = new Map<string, ImportedRow>();
  for (const row of imported) {
    if (!row.matchedKey) continue;
    const t = loaded.get(row.matchedKey);
    if (t && t.id === row.id && t.teacher === row.teacher) byKey.set(row.matchedKey, row);
  }
  return byKey;
}
