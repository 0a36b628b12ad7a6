import type { TrajectoryLength } from '../../core/tokenize/trajectoryLength';
import type { InputError, ScoredTrajectory, Trajectory } from '../../core/types';
import type { ImportedRow } from '../input/planImport';
import type { ScatterBrush } from '../store/teachersSlice';
import type { SortState } from '../store/trajectoriesSlice';
import type { FieldSlice } from './recordFields';
import { inSlice, type SliceContext } from './sliceFields';
import { sortRows, withSortedRows } from './sortRows';
import { tableRows, type TableRow } from './tableRows';
import type { SearchHit } from './textSearch';
import { withImportedRows } from './withImportedRows';

/** What the trajectory table shows besides the trajectories: results, filters, order. */
export interface TableViewContext {
  results: Map<string, ScoredTrajectory>;
  skipped: Map<string, InputError>;
  lengths: ReadonlyMap<string, TrajectoryLength>;
  importedRows: readonly ImportedRow[];
  teacherFilter: string;
  idFilter: string;
  /** The search text (a plain search filters here; a regex search by `hits`). */
  textQuery: string;
  isRegex: boolean;
  /** A regex search's hits; null when there is none. */
  hits: ReadonlyMap<string, SearchHit> | null;
  isSearch: boolean;
  fieldSlice: FieldSlice | null;
  sliceContext: SliceContext;
  brush: ScatterBrush | null;
  sort: SortState;
}

/** The table's rows, filtered and sorted, and the number of rows before the filters. */
export interface TableView {
  rows: TableRow[];
  total: number;
}

/**
 * The table's rows for `trajectories[start…]`, given `previous`, the rows of the ones before (an
 * appendMemo fold: see appendedList.ts). While a file arrives, each batch costs what its own rows
 * cost, plus one merge into the sorted rows. With imports, rows of loaded and imported trajectories
 * interleave, so the rows are made again from the first.
 */
export function tableView(previous: TableView | undefined, trajectories: readonly Trajectory[], start: number, c: TableViewContext): TableView {
  const isIn = inSlice(c.fieldSlice, c.sliceContext);
  const filters = c.isRegex ? { hits: c.hits, inSlice: isIn } : { text: c.textQuery, inSlice: isIn };
  const isGrowing = previous !== undefined && start > 0 && !c.importedRows.length;
  const base = tableRows(trajectories as Trajectory[], c.results, c.skipped, c.teacherFilter, c.idFilter, filters, c.lengths, isGrowing ? start : 0);
  const merged = withImportedRows(base, {
    trajectories,
    results: c.results,
    imported: c.importedRows,
    teacherFilter: c.teacherFilter,
    idFilter: c.idFilter,
    brush: c.brush,
    isNarrowed: c.isSearch || !!c.fieldSlice,
  });
  if (isGrowing) return { rows: withSortedRows(previous.rows, merged.rows, c.sort), total: merged.total };
  return { rows: sortRows(merged.rows, c.sort), total: merged.total };
}
