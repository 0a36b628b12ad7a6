import type { ScoredTrajectory, Trajectory } from '../../core/types';
import { isImportedResult } from '../input/isImportedResult';
import type { ImportedRow } from '../input/planImport';
import type { ScatterBrush } from '../store/teachersSlice';
import { matchedImports } from './analysisRows';
import { isInBrush } from './scatterBrush';
import type { TableRow } from './tableRows';

export interface ImportedRowsContext {
  trajectories: readonly Trajectory[];
  results: ReadonlyMap<string, ScoredTrajectory>;
  imported: readonly ImportedRow[];
  /** The table's filters, applied to the rows that only exist as imports. */
  teacherFilter: string;
  idFilter: string;
  brush: ScatterBrush | null;
  /** A text search or a field slice is on: imports that match no loaded trajectory have neither messages nor fields, so they are left out. */
  isNarrowed?: boolean;
}

/**
 * The table's rows with imports and the scatter brush applied:
 * - a loaded row whose result came from an imported per-token file is marked 'imported';
 * - an unscored loaded row with a matched metrics import shows those metrics, marked 'imported';
 * - imported rows that match no loaded trajectory are appended (after the same teacher and id
 *   filters), so everything the summaries count is in the table;
 * - with a brush, only rows whose point lies inside it remain (unscored rows have no point).
 * `total` is the unfiltered number of rows, for "N of M trajectories".
 */
export function withImportedRows(base: readonly TableRow[], ctx: ImportedRowsContext): { rows: TableRow[]; total: number } {
  const byKey = matchedImports(ctx.trajectories, ctx.imported);
  const needle = ctx.idFilter.trim().toLowerCase();
  let rows = base.map((r): TableRow => {
    if (r.status === 'scored') {
      const result = ctx.results.get(r.key);
      return result && isImportedResult(result) ? { ...r, status: 'imported' } : r;
    }
    const m = byKey.get(r.key)?.metrics;
    if (!m) return r;
    return { ...r, status: 'imported', tokens: m.respTokenLength, rsr: m.rsr, avgRankClip: m.avgRankClip, avgSurprisal: m.avgSurprisal, avgEntropy: m.avgEntropy };
  });
  const unmatched = ctx.imported.filter((r) => !(r.matchedKey && byKey.has(r.matchedKey)));
  unmatched.forEach((r, i) => {
    if (ctx.isNarrowed) return;
    if (ctx.teacherFilter && r.teacher !== ctx.teacherFilter) return;
    if (needle && !r.id.toLowerCase().includes(needle)) return;
    const m = r.metrics;
    rows.push({
      key: r.key,
      id: r.id,
      teacher: r.teacher,
      status: 'imported',
      tokens: m.respTokenLength,
      rsr: m.rsr,
      avgRankClip: m.avgRankClip,
      avgSurprisal: m.avgSurprisal,
      avgEntropy: m.avgEntropy,
      order: ctx.trajectories.length + i,
    });
  });
  const { brush } = ctx;
  if (brush) {
    rows = rows.filter((r) => r.avgSurprisal !== undefined && r.avgRankClip !== undefined && r.tokens !== 0 && isInBrush({ avgSurprisal: r.avgSurprisal, avgRankClip: r.avgRankClip }, brush));
  }
  return { rows, total: ctx.trajectories.length + unmatched.length };
}
