import type { InputError, Trajectory } from '../types';
import type { FieldMap } from './fieldMap';
import { jsonErrorReason } from './jsonErrorReason';
import { normalizeRecord } from './normalizeRecord';
import { RecordError } from './RecordError';
import type { RecordPiece } from './recordSplitter';

export type ParseItem = { kind: 'trajectory'; trajectory: Trajectory } | { kind: 'error'; error: InputError };

/** One record's text as a trajectory, or the reason it cannot load (never a throw). */
export function parseRecord(piece: RecordPiece, file: string, fallbackTeacher: string, fieldMap?: FieldMap): ParseItem {
  const { line } = piece;
  if (piece.kind === 'error') return { kind: 'error', error: { file, line, reason: piece.reason } };
  let value: unknown;
  try {
    value = JSON.parse(piece.raw);
  } catch (e) {
    const reason = jsonErrorReason(e instanceof Error ? e.message : String(e), piece.raw, line);
    return { kind: 'error', error: { file, line, reason } };
  }
  try {
    const trajectory = { ...normalizeRecord(value, line, fallbackTeacher, fieldMap), source: { file, line, raw: piece.raw } };
    return { kind: 'trajectory', trajectory };
  } catch (e) {
    if (!(e instanceof RecordError)) throw e;
    return { kind: 'error', error: { file, line, reason: e.message } };
  }
}

/** A record that is already a value (a parquet row): as a trajectory, its raw text the row as JSON. */
export function parseValue(value: unknown, line: number, file: string, fallbackTeacher: string, fieldMap?: FieldMap): ParseItem {
  try {
    const raw = JSON.stringify(value);
    return { kind: 'trajectory', trajectory: { ...normalizeRecord(value, line, fallbackTeacher, fieldMap), source: { file, line, raw } } };
  } catch (e) {
    if (!(e instanceof RecordError)) throw e;
    return { kind: 'error', error: { file, line, reason: e.message } };
  }
}
