import type { AsyncBuffer } from 'hyparquet';

/** A file read by byte ranges: parquet keeps its index in a footer, so it is read from the end, not streamed. */
export interface RandomAccessBytes {
  byteLength: number;
  slice(start: number, end?: number): Promise<ArrayBuffer> | ArrayBuffer;
}

/** One row of a parquet file as plain JSON-safe data, with its 1-based row number. */
export interface ParquetRow {
  row: number;
  record: Record<string, unknown>;
}

/**
 * Parquet values as JSON would hold them: int64 (a BigInt) as a number when it is exact, else as
 * its decimal text; bytes as UTF-8 text; dates as ISO text. Lists and structs recursively.
 */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return Array.from(value as ArrayLike<unknown>, jsonSafe);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = jsonSafe(v);
    return out;
  }
  return value;
}

/**
 * The rows of a parquet file, one row group at a time, so memory is bounded by a row group and
 * not by the file. hyparquet (and its decompressors for zstd, gzip, brotli, lz4) are imported
 * only when a parquet file arrives: the app's first load does not carry them. `columns` reads only
 * those columns (the summary needs no conversation text).
 */
export async function* parquetRows(
  file: RandomAccessBytes,
  columns?: string[],
  /**
   * A row group that cannot be read (a damaged page): with this, it is reported here — its first
   * row, its number of rows and why — and the next group is read; without, the error ends the read.
   */
  onLostGroup?: (lost: { group: number; firstRow: number; rows: number; reason: string }) => void,
): AsyncGenerator<ParquetRow> {
  const [{ parquetMetadataAsync, parquetReadObjects, parquetSchema }, { compressors }] = await Promise.all([import('hyparquet'), import('hyparquet-compressors')]);
  const buffer = file as AsyncBuffer;
  const metadata = await parquetMetadataAsync(buffer);
  const present = new Set(parquetSchema(metadata).children.map((c) => c.element.name));
  const wanted = columns?.filter((c) => present.has(c));
  let rowStart = 0;
  for (const [g, group] of metadata.row_groups.entries()) {
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file: buffer, metadata, rowStart, rowEnd, compressors, ...(wanted && { columns: wanted }) });
    } catch (err) {
      if (!onLostGroup) throw err;
      onLostGroup({ group: g + 1, firstRow: rowStart + 1, rows: rowEnd - rowStart, reason: err instanceof Error ? err.message : String(err) });
      rowStart = rowEnd;
      continue;
    }
    for (let i = 0; i < rows.length; i++) yield { row: rowStart + i + 1, record: jsonSafe(rows[i]) as Record<string, unknown> };
    rowStart = rowEnd;
  }
}

/** The column names of a parquet file (its top-level schema fields). */
export async function parquetColumns(file: RandomAccessBytes): Promise<string[]> {
  const { parquetMetadataAsync, parquetSchema } = await import('hyparquet');
  return parquetSchema(await parquetMetadataAsync(file as AsyncBuffer)).children.map((c) => c.element.name);
}

/** `PAR1` opens (and closes) every parquet file. */
export function isParquet(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31;
}
