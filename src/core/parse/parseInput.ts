import type { InputError, Trajectory } from '../types';
import { decodeChunks, type InvalidUtf8 } from './decodeChunks';
import type { FieldMap } from './fieldMap';
import { parseRecord, type ParseItem } from './parseRecord';
import { recordSplitter, type RecordPiece } from './recordSplitter';
import { baseName, teacherFromFile } from './teacherFromFile';

export type { ParseItem } from './parseRecord';

/** Everything one file yielded: the trajectories that loaded and the records that did not. */
export interface ParseResult {
  trajectories: Trajectory[];
  errors: InputError[];
}

export interface ParseOptions {
  /** The name records are reported under; by default the file's base name. */
  name?: string;
  /** Teacher of records without one; by default from the file name (see teacherFromFile). */
  teacher?: string;
  /** The record's own field names for ours (`--map`). */
  fieldMap?: FieldMap;
}

function itemMaker(file: string, options: ParseOptions): (piece: RecordPiece) => ParseItem {
  const name = options.name ?? baseName(file);
  const teacher = options.teacher ?? teacherFromFile(file);
  return (piece) => parseRecord(piece, name, teacher, options.fieldMap);
}

/** Lines 1-based a record spans: from its first line to the last newline inside it. */
function lastLine(piece: Extract<RecordPiece, { kind: 'record' }>): number {
  let n = piece.line;
  for (let i = piece.raw.indexOf('\n'); i >= 0; i = piece.raw.indexOf('\n', i + 1)) n++;
  return n;
}

function invalidReason(where: InvalidUtf8): string {
  const at = `line ${where.line}, byte ${where.column}`;
  const what = where.byte < 0 ? `a character cut off at the end of the file (${at})` : `byte 0x${where.byte.toString(16).toUpperCase().padStart(2, '0')} at ${at}`;
  return `invalid UTF-8: ${what}; not loaded, since replacing the byte would change the text (and perhaps the id). Save the file as UTF-8`;
}

/**
 * Trajectories and per-record errors of one JSONL, JSON-array or pretty-printed JSON file, in
 * input order, as the bytes stream in: memory is bounded by the longest record, not the file. A
 * bad record becomes an error item and parsing goes on; so does a record with invalid UTF-8, which
 * is reported rather than loaded with its bytes replaced. `file` names the input (its directory is
 * dropped unless `options.name` says otherwise).
 */
export async function* parseInput(chunks: AsyncIterable<Uint8Array | string>, file: string, options: ParseOptions = {}): AsyncGenerator<ParseItem> {
  const toItem = itemMaker(file, options);
  const name = options.name ?? baseName(file);
  const splitter = recordSplitter();
  const invalid = new Map<number, InvalidUtf8>();
  const check = (piece: RecordPiece): ParseItem => {
    if (piece.kind === 'record' && invalid.size) {
      for (let line = piece.line, last = lastLine(piece); line <= last; line++) {
        const where = invalid.get(line);
        if (where) return { kind: 'error', error: { file: name, line: piece.line, reason: invalidReason(where) } };
      }
    }
    return toItem(piece);
  };
  for await (const text of decodeChunks(chunks, (where) => invalid.set(where.line, where))) {
    for (const piece of splitter.push(text)) yield check(piece);
  }
  for (const piece of splitter.end()) yield check(piece);
}

/** `parseInput` collected into lists. */
export async function parseAll(chunks: AsyncIterable<Uint8Array | string>, file: string, options: ParseOptions = {}): Promise<ParseResult> {
  const result: ParseResult = { trajectories: [], errors: [] };
  for await (const item of parseInput(chunks, file, options)) collect(result, item);
  return result;
}

/** `parseAll` for text already in memory (tests, pasted input, small files), synchronously. */
export function parseText(text: string, file: string, options: ParseOptions = {}): ParseResult {
  const toItem = itemMaker(file, options);
  const splitter = recordSplitter();
  const result: ParseResult = { trajectories: [], errors: [] };
  for (const piece of [...splitter.push(text), ...splitter.end()]) collect(result, toItem(piece));
  return result;
}

export function collect(result: ParseResult, item: ParseItem) {
  if (item.kind === 'trajectory') result.trajectories.push(item.trajectory);
  else result.errors.push(item.error);
}
