import type { InputError, ScoredTrajectory, Trajectory } from '../../core/types';
import { trajectoryKey } from '../input/trajectoryKey';

/** One table row: a loaded trajectory and, once scored, its metrics. */
export interface TableRow {
  key: string;
  id: string;
  teacher: string;
  /** 'imported': metrics computed elsewhere (withImportedRows.ts marks them). */
  status: 'pending' | 'scored' | 'skipped' | 'imported';
  /** Scored response tokens; undefined until scored. */
  tokens?: number;
  rsr?: number;
  avgRankClip?: number;
  avgSurprisal?: number;
  avgEntropy?: number;
  /** Load order, the tie-breaker of every sort. */
  order: number;
}

/** Rows for the loaded trajectories that pass the teacher and id filters (id match: substring, any case). */
export function tableRows(
  trajectories: Trajectory[],
  results: Map<string, ScoredTrajectory>,
  skipped: Map<string, InputError>,
  teacherFilter: string,
  idFilter: string,
): TableRow[] {
  const needle = idFilter.trim().toLowerCase();
  const rows: TableRow[] = [];
  trajectories.forEach((t, order) => {
    if (teacherFilter && t.teacher !== teacherFilter) return;
    if (needle && !t.id.toLowerCase().includes(needle)) return;
    const key = trajectoryKey(t);
    const m = results.get(key)?.metrics;
    rows.push({
      key,
      id: t.id,
      teacher: t.teacher,
      status: m ? 'scored' : skipped.has(key) ? 'skipped' : 'pending',
      tokens: m?.respTokenLength,
      rsr: m?.rsr,
      avgRankClip: m?.avgRankClip,
      avgSurprisal: m?.avgSurprisal,
      avgEntropy: m?.avgEntropy,
      order,
    });
  });
  return rows;
}
