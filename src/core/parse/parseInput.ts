import type { InputError, Trajectory } from '../types';
import { decodeChunks } from './decodeChunks';
import { parseRecord, type ParseItem } from './parseRecord';
import { recordSplitter, type RecordPiece } from './recordSplitter';
import { baseName, teacherFromFile } from './teacherFromFile';

export type { ParseItem } from './parseRecord';

/** Everything one file yielded: the trajectories that loaded and the records that did not. */
export interface ParseResult {
  trajectories: Trajectory[];
  errors: InputError[];
}

function itemMaker(file: string): (piece: RecordPiece) => ParseItem {
  const name = baseName(file);
  const teacher = teacherFromFile(file);
  return (piece) => parseRecord(piece, name, teacher);
}

/**
 * Trajectories and per-record errors of one JSONL or JSON-array file, in input order, as the
 * bytes stream in: memory is bounded by the longest record, not the file. A bad record becomes an
 * error item and parsing goes on. `file` names the input (its directory is dropped).
 */
export async function* parseInput(chunks: AsyncIterable<Uint8Array | string>, file: string): AsyncGenerator<ParseItem> {
  const toItem = itemMaker(file);
  const splitter = recordSplitter();
  for await (const text of decodeChunks(chunks)) {
    for (const piece of splitter.push(text)) yield toItem(piece);
  }
  for (const piece of splitter.end()) yield toItem(piece);
}

/** `parseInput` collected into lists. */
export async function parseAll(chunks: AsyncIterable<Uint8Array | string>, file: string): Promise<ParseResult> {
  const result: ParseResult = { trajectories: [], errors: [] };
  for await (const item of parseInput(chunks, file)) collect(result, item);
  return result;
}

/** `parseAll` for text already in memory (tests, pasted input, small files), synchronously. */
export function parseText(text: string, file: string): ParseResult {
  const toItem = itemMaker(file);
  const splitter = recordSplitter();
  const result: ParseResult = { trajectories: [], errors: [] };
  for (const piece of [...splitter.push(text), ...splitter.end()]) collect(result, toItem(piece));
  return result;
}

function collect(result: ParseResult, item: ParseItem) {
  if (item.kind === 'trajectory') result.trajectories.push(item.trajectory);
  else result.errors.push(item.error);
}
