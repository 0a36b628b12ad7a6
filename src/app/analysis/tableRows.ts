import type { TrajectoryLength } from '../../core/tokenize/trajectoryLength';
import type { FieldValue, InputError, ScoredTrajectory, Trajectory } from '../../core/types';
import { trajectoryKey } from '../input/trajectoryKey';
import { messagesContain } from './recordFields';
import type { SliceRecord } from './sliceFields';
import type { SearchHit } from './textSearch';

/** One table row: a loaded trajectory and, once scored, its metrics. */
export interface TableRow {
  key: string;
  id: string;
  teacher: string;
  /** 'imported': metrics computed elsewhere (withImportedRows.ts marks them). */
  status: 'pending' | 'scored' | 'skipped' | 'imported';
  /** Response tokens: scored ones once scored, else as counted on load; undefined until either. */
  tokens?: number;
  /** Tokens of the whole conversation for the student (counted on load, or known from its result). */
  length?: number;
  rsr?: number;
  avgRankClip?: number;
  avgSurprisal?: number;
  avgEntropy?: number;
  /** Load order, the tie-breaker of every sort. */
  order: number;
  /** The record's scalar fields (optional table columns). */
  fields?: Record<string, FieldValue>;
  /** The max-tokens setting cut the conversation before it was scored. */
  isTruncated?: boolean;
  /** Where a regex search matched it (a plain search's hit is found when the row is drawn). */
  hit?: SearchHit;
}

/** The table's filters beyond teacher and id. */
export interface RowFilters {
  /** Text any message must contain (case-insensitive); '' = all. */
  text?: string;
  /** Keeps the rows in the table's slice (sliceFields.ts inSlice); absent = all. */
  inSlice?: (r: SliceRecord) => boolean;
  /** A regex search's hits by trajectoryKey: only these rows are kept (null or absent: no regex search). */
  hits?: ReadonlyMap<string, SearchHit> | null;
}

/**
 * Rows for the loaded trajectories that pass the teacher, id, text and slice filters (id and text
 * match: substring, any case); from `trajectories[start]` on, for a list that grew (tableView.ts).
 */
export function tableRows(
  trajectories: Trajectory[],
  results: Map<string, ScoredTrajectory>,
  skipped: Map<string, InputError>,
  teacherFilter: string,
  idFilter: string,
  filters: RowFilters = {},
  lengths: ReadonlyMap<string, TrajectoryLength> = new Map(),
  start = 0,
): TableRow[] {
  const needle = idFilter.trim().toLowerCase();
  const text = (filters.text ?? '').trim().toLowerCase();
  const hits = filters.hits ?? null;
  const rows: TableRow[] = [];
  for (let order = start; order < trajectories.length; order++) {
    const t = trajectories[order];
    if (teacherFilter && t.teacher !== teacherFilter) continue;
    if (needle && !t.id.toLowerCase().includes(needle)) continue;
    const key = trajectoryKey(t);
    if (filters.inSlice && !filters.inSlice({ key, id: t.id, fields: t.fields })) continue;
    if (text && !messagesContain(t.messages, text)) continue;
    const hit = hits?.get(key);
    if (hits && !hit) continue;
    const result = results.get(key);
    const m = result?.metrics;
    const counted = lengths.get(key);
    rows.push({
      key,
      id: t.id,
      teacher: t.teacher,
      status: m ? 'scored' : skipped.has(key) ? 'skipped' : 'pending',
      tokens: m?.respTokenLength ?? counted?.response,
      length: counted?.tokens ?? result?.tokens?.fullLength,
      rsr: m?.rsr,
      avgRankClip: m?.avgRankClip,
      avgSurprisal: m?.avgSurprisal,
      avgEntropy: m?.avgEntropy,
      order,
      ...(t.fields && { fields: t.fields }),
      ...(result?.tokens?.truncated && { isTruncated: true }),
      ...(hit && { hit }),
    });
  }
  return rows;
}

/**
 * A row as drawn, with the lengths counted so far: the length as counted (else as scored), the
 * response tokens as scored (else as counted). The table's rows are made without the counts unless
 * they sort or slice by them, so that each new count does not make a million rows again; the rows
 * on screen read them here.
 */
export function withCountedLengths(row: TableRow, lengths: ReadonlyMap<string, TrajectoryLength>): TableRow {
  const counted = lengths.get(row.key);
  return counted ? { ...row, length: counted.tokens, tokens: row.tokens ?? counted.response } : row;
}
