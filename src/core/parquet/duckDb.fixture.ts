// Test helper: parquet fixtures written by DuckDB, a different engine from the hyparquet we read
// and write with, so a fault shared by our reader and writer cannot hide in a round trip.
import { DuckDBInstance } from '@duckdb/node-api';

let instance: Promise<DuckDBInstance> | undefined;

async function connection() {
  instance ??= DuckDBInstance.create(':memory:');
  return (await instance).connect();
}

/** Runs statements (e.g. `COPY (SELECT …) TO 'file.parquet' (FORMAT parquet)`). */
export async function duckRun(...sql: string[]): Promise<void> {
  const c = await connection();
  try {
    for (const s of sql) await c.run(s);
  } finally {
    c.closeSync();
  }
}

/** DuckDB's JS values with BIGINT as a number (exact below 2^53, as every value in these tests). */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object' && value.constructor === Object) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** Rows of a query as plain objects (lists as arrays, BIGINT as numbers). */
export async function duckRows(sql: string): Promise<Record<string, unknown>[]> {
  const c = await connection();
  try {
    return (await c.runAndReadAll(sql)).getRowObjectsJS().map((r) => plain(r) as Record<string, unknown>);
  } finally {
    c.closeSync();
  }
}

/** A SQL string literal. */
export const sqlText = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** A JSON value as a DuckDB literal of the given type, parsed by DuckDB itself (e.g. `DOUBLE[]`). */
export const sqlJson = (value: unknown, type: string) => `CAST(${sqlText(JSON.stringify(value))}::JSON AS ${type})`;
