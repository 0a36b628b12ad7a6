import type { SchemaElement } from 'hyparquet';
import type { Writer } from 'hyparquet-writer';

/** A column of a parquet file we write: scalars, or lists of numbers (per-token arrays). */
export interface ColumnSpec {
  name: string;
  type: 'STRING' | 'BOOLEAN' | 'INT32' | 'INT64' | 'DOUBLE' | 'INT32[]' | 'INT64[]' | 'DOUBLE[]';
  /** May be missing (null) in a row. */
  isOptional?: boolean;
}

export type { Writer as ParquetSink } from 'hyparquet-writer';

/** The parquet schema of the columns; lists in the standard three-level LIST form pandas and DuckDB write. */
function schemaOf(columns: readonly ColumnSpec[]): SchemaElement[] {
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }];
  for (const c of columns) {
    const repetition_type = c.isOptional ? 'OPTIONAL' : 'REQUIRED';
    const list = c.type.endsWith('[]');
    const base = c.type.replace('[]', '') as 'STRING' | 'BOOLEAN' | 'INT32' | 'INT64' | 'DOUBLE';
    const leaf = (name: string, rep: 'OPTIONAL' | 'REQUIRED'): SchemaElement =>
      base === 'STRING' ? { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: rep } : { name, type: base, repetition_type: rep };
    if (!list) schema.push(leaf(c.name, repetition_type));
    else {
      schema.push(
        { name: c.name, repetition_type, converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        leaf('element', 'REQUIRED'),
      );
    }
  }
  return schema;
}

const toBigInt = (v: unknown) => (v === null || v === undefined ? v : BigInt(v as number));

/**
 * Rows written to parquet as they come, in row groups of at most `rowsPerGroup` rows or about
 * `valuesPerGroup` list values (a row group is held in memory until written; per-token columns
 * make rows large). hyparquet-writer is imported on first use, so a page that never exports
 * parquet never loads it. `finish` writes the footer; only then is the file readable.
 */
export async function parquetRowWriter(sink: Writer, columns: readonly ColumnSpec[], { rowsPerGroup = 1000, valuesPerGroup = 1 << 20 } = {}) {
  const { ParquetWriter } = await import('hyparquet-writer');
  const writer = new ParquetWriter({ writer: sink, schema: schemaOf(columns), codec: 'SNAPPY', createdBy: 'rsr-lens' });
  let buffered: Record<string, unknown>[] = [];
  let values = 0;
  async function flush() {
    if (!buffered.length) return;
    const columnData = columns.map((c) => ({
      name: c.name,
      data: buffered.map((row) => {
        const v = row[c.name] ?? null;
        if (c.type === 'INT64') return toBigInt(v);
        if (c.type === 'INT64[]') return v === null ? v : Array.from(v as number[], (x) => BigInt(x));
        return v;
      }),
    }));
    buffered = [];
    values = 0;
    await writer.write({ columnData, rowGroupSize: Number.MAX_SAFE_INTEGER });
  }
  return {
    async add(row: Record<string, unknown>) {
      buffered.push(row);
      for (const c of columns) if (c.type.endsWith('[]')) values += (row[c.name] as unknown[] | null)?.length ?? 0;
      if (buffered.length >= rowsPerGroup || values >= valuesPerGroup) await flush();
    },
    async finish() {
      await flush();
      await writer.finish();
    },
  };
}
