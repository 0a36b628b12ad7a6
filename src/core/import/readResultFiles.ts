import { isParquet, parquetColumns, parquetRows } from '../parquet/parquetRows';
import { decodeChunks } from '../parse/decodeChunks';
import { lineSplitter } from '../parse/lineSplitter';
import { isJsonObject } from '../parse/RecordError';
import { type InputFile, sampleRecord } from '../parse/readInputFile';
import { teacherFromFile } from '../parse/teacherFromFile';
import type { InputError } from '../types';
import { jsonLines } from './jsonLines';
import { type InferredRow, readInferredRecord } from './parseInferredData';
import { type DatasetLine, parseRsrTsv } from './parseRsrTsv';
import { type ImportedMetrics, readMetricsRecord } from './parseSampleMetrics';
import { resultPath } from './resultPath';

/** A results file: what it holds, and whose rows they are. */
export interface ResultSource {
  file: InputFile;
  kind: 'inferred' | 'metrics' | 'tsv';
  /** The student, from the reference's tree (`_inferred_data/<model>/…`); our results name it per row. */
  model?: string;
  /** The teacher of rows that name none: the reference's dataset name (`<dir>__<stem>`), or the file's stem. */
  teacher: string;
  /**
   * The reference's dataset its rows belong to: from its place in the tree, or — for a file of the
   * schema before 2026-03-13 anywhere else, whose rows name samples only by position — its stem,
   * as that schema named datasets (`_infered_data/<model>/<data_name>.parquet`).
   */
  dataset?: string;
}

/** One row of a results file, or a line that could not be read. */
export type ResultItem =
  | { kind: 'metrics'; model?: string; row: ImportedMetrics }
  | { kind: 'inferred'; model?: string; row: InferredRow }
  | { kind: 'dataset'; model?: string; row: DatasetLine }
  | { kind: 'error'; error: InputError };

/** Lines of a text file as they stream, with their 1-based numbers (blank lines skipped). */
async function* textLines(file: InputFile): AsyncGenerator<{ line: number; text: string }> {
  const splitter = lineSplitter();
  for await (const text of decodeChunks(file.stream())) for (const p of splitter.push(text)) if (p.kind === 'record') yield { line: p.line, text: p.raw };
  for (const p of splitter.end()) if (p.kind === 'record') yield { line: p.line, text: p.raw };
}

/**
 * The fields of a file's first record: parquet columns (from its footer, without reading a row), or
 * the keys of its first record in any form readInputFile reads (JSONL, a JSON array, gzip, UTF-16).
 */
async function fieldsOf(file: InputFile): Promise<string[] | undefined> {
  if (isParquet(new Uint8Array(await file.slice(0, 4)))) return parquetColumns(file);
  const first = await sampleRecord(file);
  return isJsonObject(first) ? Object.keys(first) : undefined;
}

/** Per-token scores: `nlls` (today), or `sample_idx` and `tokens` (the schema before 2026-03-13). */
const hasTokens = (fields: readonly string[]) => fields.includes('nlls') || isOldSchema(fields);
const isOldSchema = (fields: readonly string[]) => !fields.includes('nlls') && fields.includes('tokens') && fields.includes('sample_idx');
/** Per-sample metrics: what Eq. 9 sums. */
const hasMetrics = (fields: readonly string[]) => fields.includes('avg_rank_clip') && fields.includes('avg_surprisal');

export interface ResultSourceOptions {
  /**
   * What a file holding both (our CLI's --tokens output) is read as: its metrics (exact and small:
   * the summary), or its per-token scores (heatmaps: the app, which keeps the metrics as fallback).
   */
  prefer?: 'metrics' | 'inferred';
}

/**
 * What a file holds: by its place in the reference's output tree (`file.name` is its path
 * relative to the folder given or dropped), else by its bytes — per-sample metrics (ours or the
 * reference's `_sample_metrics`) have `avg_rank_clip` and `avg_surprisal`, per-token scores `nlls`
 * (or the old schema's `sample_idx` and `tokens`), whatever the file is called. Undefined for
 * anything else (trajectories, say). The CLI's summary and the app's drop both ask this.
 */
export async function resultSource(file: InputFile, { prefer = 'metrics' }: ResultSourceOptions = {}): Promise<ResultSource | undefined> {
  const place = resultPath(file.name);
  if (place?.kind === 'tsv') return { file, kind: 'tsv', model: place.model, teacher: '' };
  if (place) return { file, kind: place.kind === 'inferred' ? 'inferred' : 'metrics', model: place.model, teacher: place.dataset, dataset: place.dataset };
  if (/\.tsv$/i.test(file.name)) return undefined;
  const fields = await fieldsOf(file).catch(() => undefined);
  if (!fields) return undefined;
  const teacher = teacherFromFile(file.name);
  const kind = hasTokens(fields) && hasMetrics(fields) ? prefer : hasTokens(fields) ? 'inferred' : hasMetrics(fields) ? 'metrics' : undefined;
  if (!kind) return undefined;
  return { file, kind, teacher, ...(kind === 'inferred' && isOldSchema(fields) && { dataset: teacher }) };
}

const PRIORITY = { metrics: 0, inferred: 1, tsv: 2 } as const;

/**
 * The sources to read so that each dataset of each student of the reference's tree counts once:
 * of its `_sample_metrics`, `_inferred_data` and TSV line, the most exact (per-sample metrics are
 * exact and small; per-token scores give the same means; the TSV keeps only the aggregate).
 * Files outside a tree (ours, shards) are all kept; a TSV's datasets that another source covers
 * are dropped when its lines are read (see tsvCovered).
 */
export function pickResultSources(sources: readonly ResultSource[]): ResultSource[] {
  const best = new Map<string, ResultSource>();
  const loose: ResultSource[] = [];
  for (const s of sources) {
    if (s.model === undefined || s.kind === 'tsv') {
      loose.push(s);
      continue;
    }
    const key = `${s.model}\u0000${s.teacher}`;
    const seen = best.get(key);
    if (!seen || PRIORITY[s.kind] < PRIORITY[seen.kind]) best.set(key, s);
  }
  return [...best.values(), ...loose];
}

/** Key of a dataset of a student, as pickResultSources and the TSV lines use it. */
export const datasetKey = (model: string | undefined, dataset: string) => `${model ?? ''}\u0000${dataset}`;

/** Only what a row needs: the conversation and other text stay on disk. */
const INFERRED_COLUMNS = ['sample_id', 'sample_idx', 'id', '_id', 'teacher', 'model', 'resp_token_positions', 'nlls', 'ranks', 'tokens', 'input_ids', 'token_ids', 'avg_rank', 'truncated', 'max_tokens', 'max_position_embeddings'];
const METRICS_COLUMNS = [
  'sample_id', 'sample_idx', 'id', '_id', 'teacher', 'model', 'dtype', 'device', 'version',
  'resp_token_length', 'token_length', 'avg_rank_clip', 'avg_surprisal', 'rank_surprisal_ratio', 'avg_rank', 'avg_entropy',
  'truncated', 'max_tokens', 'max_position_embeddings',
];

/**
 * The rows of one results file as they stream (parquet by row group, JSONL line by line): per-sample
 * metrics, per-token scores (either schema), or the TSV's dataset lines. A bad line is an error
 * item with its line (row) number; the others still come.
 */
export async function* readResultSource(source: ResultSource): AsyncGenerator<ResultItem> {
  const name = source.file.name;
  const error = (line: number, reason: string): ResultItem => ({ kind: 'error', error: { file: name, line, reason } });
  if (source.kind === 'tsv') {
    let text = '';
    for await (const t of decodeChunks(source.file.stream())) text += t;
    const { rows, errors } = parseRsrTsv(text);
    for (const e of errors) yield error(e.line, e.reason);
    for (const row of rows) yield { kind: 'dataset', model: source.model, row };
    return;
  }
  const parquet = isParquet(new Uint8Array(await source.file.slice(0, 4)));
  async function* records(): AsyncGenerator<{ line: number; record?: Record<string, unknown>; error?: string }> {
    if (parquet) {
      for await (const { row, record } of parquetRows(source.file, source.kind === 'inferred' ? INFERRED_COLUMNS : METRICS_COLUMNS)) yield { line: row, record };
      return;
    }
    for await (const { line, text } of textLines(source.file)) {
      const [parsed] = jsonLines(text);
      yield 'record' in parsed ? { line, record: parsed.record } : { line, error: parsed.error };
    }
  }
  for await (const { line, record, error: bad } of records()) {
    if (!record) {
      yield error(line, bad!);
      continue;
    }
    const model = source.model ?? (typeof record.model === 'string' ? record.model : undefined);
    const row = source.kind === 'metrics' ? readMetricsRecord(record, line, source.teacher) : readInferredRecord(record, line, source.teacher);
    if (typeof row === 'string') yield error(line, row);
    else if (source.kind === 'metrics') yield { kind: 'metrics', model, row: row as ImportedMetrics };
    else yield { kind: 'inferred', model, row: row as InferredRow };
  }
}
