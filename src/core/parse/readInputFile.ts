import { isParquet, parquetRows, type RandomAccessBytes } from '../parquet/parquetRows';
import { decodeChunks } from './decodeChunks';
import { parseInput, type ParseItem, type ParseOptions } from './parseInput';
import { parseValue } from './parseRecord';
import { type RecordPiece, recordSplitter } from './recordSplitter';
import { baseName, teacherFromFile } from './teacherFromFile';

/**
 * A file as the core reads it: a browser File (or one from a dropped folder) or the CLI's adapter
 * over a path. Text formats stream; parquet is read by byte ranges from its footer.
 */
export interface InputFile extends RandomAccessBytes {
  /** The name errors and results carry: a path relative to the folder given, or the file name. */
  name: string;
  /** The bytes from the start, as they arrive. */
  stream(): AsyncIterable<Uint8Array>;
}

/** An InputFile over bytes already in memory (tests, pasted text, a decompressed parquet file). */
export function bytesInputFile(name: string, bytes: Uint8Array): InputFile {
  return {
    name,
    byteLength: bytes.length,
    // A copy of the range (a Node Buffer's own slice() is a view, whose .buffer is the whole pool).
    slice: (start, end) => Uint8Array.prototype.slice.call(bytes, start, end).buffer,
    stream: async function* () {
      yield bytes;
    },
  };
}

const isGzip = (head: Uint8Array) => head[0] === 0x1f && head[1] === 0x8b;

/** The decompressed bytes of a gzip stream (DecompressionStream: in browsers, workers and Node ≥ 18). */
async function* gunzip(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const pump = (async () => {
    for await (const chunk of chunks) await writer.write(chunk as Uint8Array<ArrayBuffer>);
    await writer.close();
  })();
  // A corrupt input fails the reader too; the pump's own rejection is then the same error.
  pump.catch(() => {});
  const reader = stream.readable.getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
  } finally {
    // Left early (a size limit): stop decompressing, which ends the pump too.
    await reader.cancel().catch(() => {});
  }
  await pump;
}

/** The first bytes of a stream, and the whole stream again (head included). */
async function peek(chunks: AsyncIterable<Uint8Array>, n: number): Promise<{ head: Uint8Array; all: AsyncIterable<Uint8Array> }> {
  const it = chunks[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let length = 0;
  while (length < n) {
    const r = await it.next();
    if (r.done) break;
    taken.push(r.value);
    length += r.value.length;
  }
  const head = new Uint8Array(Math.min(length, n));
  let at = 0;
  for (const c of taken) {
    if (at >= head.length) break;
    head.set(c.subarray(0, head.length - at), at);
    at += c.length;
  }
  async function* all() {
    yield* taken;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  return { head, all: all() };
}

/**
 * A gzipped parquet file must be opened whole in memory (parquet is read from its footer, gzip only
 * from its start): at most this many bytes. A 2 MB file once opened to 4.5 GB.
 */
export const MAX_GUNZIPPED_PARQUET_BYTES = 2 ** 30;

const gunzippedParquetTooLarge = (name: string, bytes: string) =>
  `${name} is gzipped parquet that opens to ${bytes}, more than the ${(MAX_GUNZIPPED_PARQUET_BYTES / 2 ** 30).toFixed(0)} GiB it may take in memory: gunzip it first (a parquet file is read by ranges from disk, and compresses its own pages)`;

/** All the bytes, or undefined past `maxBytes` (what was read is dropped at once). */
async function collectBytes(chunks: AsyncIterable<Uint8Array>, maxBytes = Infinity): Promise<Uint8Array | undefined> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const c of chunks) {
    parts.push(c);
    length += c.length;
    if (length > maxBytes) return undefined;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of parts) out.set(c, (at += c.length) - c.length);
  return out;
}

/** A problem with the file as a whole, reported as line 0 (the CLI prints it without a line). */
const fileError = (file: string, reason: string): ParseItem => ({ kind: 'error', error: { file, line: 0, reason } });

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * A damaged row group costs its rows, not the file: each of its rows is an error of its own (with
 * its row number, so counts, skip lists and --shard stay right), and the next group is read.
 */
async function* parquetItems(file: RandomAccessBytes, name: string, teacher: string, options: ParseOptions): AsyncGenerator<ParseItem> {
  const lost: ParseItem[] = [];
  const onLostGroup = (g: { group: number; firstRow: number; rows: number; reason: string }) => {
    const range = `rows ${g.firstRow.toLocaleString('en-US')}–${(g.firstRow + g.rows - 1).toLocaleString('en-US')}`;
    const reason = `row group ${g.group} (${range}, ${g.rows.toLocaleString('en-US')} rows) could not be read: ${g.reason}`;
    for (let row = g.firstRow; row < g.firstRow + g.rows; row++) lost.push({ kind: 'error', error: { file: name, line: row, reason } });
  };
  try {
    for await (const { row, record } of parquetRows(file, undefined, onLostGroup)) {
      yield* lost.splice(0);
      yield parseValue(record, row, name, teacher, options.fieldMap);
    }
    yield* lost.splice(0);
  } catch (e) {
    yield* lost.splice(0);
    yield fileError(name, `not a readable parquet file: ${message(e)}`);
  }
}

/** What a file's bytes are, once any gzip is opened: parquet (read by ranges), or a text stream. */
type Contents = { kind: 'parquet'; file: RandomAccessBytes } | { kind: 'text'; chunks: AsyncIterable<Uint8Array>; isGzip: boolean } | { kind: 'error'; reason: string };

/** The format comes from the bytes, not the name: `PAR1`, gzip's `1F 8B`, else text. */
async function contentsOf(file: InputFile, name: string): Promise<Contents> {
  const head = new Uint8Array(await file.slice(0, 4));
  if (isParquet(head)) return { kind: 'parquet', file };
  if (!isGzip(head)) return { kind: 'text', chunks: file.stream(), isGzip: false };
  const inner = await peek(gunzip(file.stream()), 4).catch((e: unknown) => e as Error);
  if (inner instanceof Error) return { kind: 'error', reason: `not a readable gzip file: ${inner.message}` };
  if (isParquet(inner.head)) {
    // gzip's last four bytes say the opened size (mod 4 GiB): an honest large file is refused
    // before it is opened; any other is stopped as soon as it passes the limit.
    const tail = new DataView(await file.slice(Math.max(0, file.byteLength - 4)));
    const said = tail.byteLength === 4 ? tail.getUint32(0, true) : 0;
    if (said > MAX_GUNZIPPED_PARQUET_BYTES) return { kind: 'error', reason: gunzippedParquetTooLarge(name, `${said.toLocaleString('en-US')} bytes`) };
    const bytes = await collectBytes(inner.all, MAX_GUNZIPPED_PARQUET_BYTES);
    if (!bytes) return { kind: 'error', reason: gunzippedParquetTooLarge(name, `more than ${MAX_GUNZIPPED_PARQUET_BYTES.toLocaleString('en-US')} bytes`) };
    return { kind: 'parquet', file: bytesInputFile(name, bytes) };
  }
  return { kind: 'text', chunks: inner.all, isGzip: true };
}

/**
 * Trajectories and per-record errors of one input file, whatever it is: JSONL, a JSON array or a
 * pretty-printed object (UTF-8, or UTF-16 by its byte-order mark), any of these gzipped, or
 * parquet (columns `messages`, `conversations` or prompt/response fields; for parquet the line
 * number is the 1-based row). The format comes from the bytes, not the name. Nothing throws for a
 * bad file: a problem with the whole file is an error item with line 0.
 */
export async function* readInputFile(file: InputFile, options: ParseOptions = {}): AsyncGenerator<ParseItem> {
  const name = options.name ?? baseName(file.name);
  const teacher = options.teacher ?? teacherFromFile(file.name);
  const opts = { ...options, name, teacher };
  const contents = await contentsOf(file, name);
  if (contents.kind === 'error') {
    yield fileError(name, contents.reason);
    return;
  }
  if (contents.kind === 'parquet') {
    yield* parquetItems(contents.file, name, teacher, opts);
    return;
  }
  try {
    yield* parseInput(contents.chunks, name, opts);
  } catch (e) {
    // Only the byte source can fail here (a gzip stream cut short, a file that vanished): what was read stays.
    yield fileError(name, `${contents.isGzip ? 'gzip' : 'read'} error: ${message(e)}`);
  }
}

/**
 * The file's first record as parsed JSON (a parquet file's first row), for a user to see which
 * fields it has when none is recognised (see fieldMap.ts); undefined when there is none, or the
 * file cannot be read.
 */
export async function sampleRecord(file: InputFile): Promise<unknown> {
  try {
    const contents = await contentsOf(file, file.name);
    if (contents.kind === 'error') return undefined;
    if (contents.kind === 'parquet') {
      for await (const { record } of parquetRows(contents.file)) return record;
      return undefined;
    }
    const splitter = recordSplitter();
    const first = (pieces: RecordPiece[]) => pieces.find((p) => p.kind === 'record');
    let piece: RecordPiece | undefined;
    for await (const text of decodeChunks(contents.chunks)) if ((piece = first(splitter.push(text)))) break;
    piece ??= first(splitter.end());
    return piece?.kind === 'record' ? JSON.parse(piece.raw) : undefined;
  } catch {
    return undefined;
  }
}
