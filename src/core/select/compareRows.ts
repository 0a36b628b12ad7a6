import type { SourceRef, TrajectoryMetrics } from '../types';

/** What selection needs of a row; callers pass their richer rows and get the same objects back. */
export interface SelectableRow {
  /** Problem id: rows with the same id are answers to the same problem by different teachers. */
  id: string;
  teacher: string;
  metrics: TrajectoryMetrics;
  source?: SourceRef;
}

/**
 * Total order for "more suitable first": lower RSR, then lower avgRankClip (of two equal ratios, the
 * one the student ranks higher), then teacher, id, source file and source line. Names compare
 * by UTF-16 code units, not `localeCompare`, so the order is the same on every machine. NaN
 * metrics sort after every number; a row without a source after rows with one. Rows equal on
 * all keys keep their input order (Array.prototype.sort is stable since ES2019).
 */
export function compareRows(a: SelectableRow, b: SelectableRow): number {
  return (
    compareNumbers(a.metrics.rsr, b.metrics.rsr) ||
    compareNumbers(a.metrics.avgRankClip, b.metrics.avgRankClip) ||
    compareStrings(a.teacher, b.teacher) ||
    compareStrings(a.id, b.id) ||
    compareStrings(a.source?.file, b.source?.file) ||
    compareNumbers(a.source?.line ?? NaN, b.source?.line ?? NaN)
  );
}

function compareNumbers(a: number, b: number): number {
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  if (aNaN || bNaN) return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareStrings(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}
