/**
 * The messages between the app and the parse worker, which reads every input off the main thread:
 * trajectory files (any format readInputFile knows, with their content hashes) and results scored
 * elsewhere (the reference's output trees, our CLI's files). Big inputs arrive in batches, so no
 * single message takes the page long to receive.
 */
import type { LineError } from '../core/import/jsonLines';
import type { InferredRow } from '../core/import/parseInferredData';
import type { DatasetLine } from '../core/import/parseRsrTsv';
import type { ImportedMetrics } from '../core/import/parseSampleMetrics';
import type { FieldMap } from '../core/parse/fieldMap';
import type { InputError, Trajectory } from '../core/types';

/** One trajectory file to read: its bytes (a dropped File), or a URL of the app's own (demo data). */
export interface ParseSource {
  /** The name its records are reported under: the path as dropped. */
  name: string;
  /** Teacher of records that name none. */
  teacher: string;
  blob?: Blob;
  url?: string;
  /**
   * A file the user gave: if its bytes are results (per-token scores, per-sample metrics) rather
   * than trajectories, it is not read as trajectories but answered `parsed` with `isResults`.
   */
  detectResults?: boolean;
}

export interface ParseRequest {
  type: 'parse';
  requestId: number;
  sources: ParseSource[];
  /** The records' own field names for ours, as chosen by the user for these sources. */
  fieldMap?: FieldMap;
}

/** A results file to read (`name`: its path as dropped, which places it in the reference's tree). */
export interface ResultsRequest {
  type: 'results';
  requestId: number;
  files: { name: string; blob: Blob }[];
}

export type ParseWorkerRequest = ParseRequest | ResultsRequest;

/**
 * What one results file holds (or a part of it): per-sample metrics, per-token rows (with the same
 * lines' metrics when the file has both, as our CLI's --tokens output), or a TSV's datasets.
 */
export interface ResultFile {
  name: string;
  kind: 'metrics' | 'tokens' | 'tsv';
  /** The student, from the reference's tree (`_inferred_data/<model>/…`). */
  model?: string;
  /** The reference's dataset name (`<dir>__<stem>`) when the file sits in its tree: joins rows to a loaded file. */
  dataset?: string;
  /** Teacher of rows that name none. */
  teacher: string;
  metrics: ImportedMetrics[];
  inferred: InferredRow[];
  datasets: DatasetLine[];
  errors: LineError[];
}

/** A results file that was not read, and why (`instead`: the file of the same dataset read in its place). */
export interface LeftOut {
  file: string;
  reason: string;
  instead?: string;
}

export type ParseWorkerEvent =
  /** The next records of `sources[source]`, in file order; `hashes[i]` is trajectories[i]'s contentHash. */
  | { type: 'records'; requestId: number; source: number; trajectories: Trajectory[]; hashes: string[]; errors: InputError[] }
  /**
   * `sources[source]` is read; `sample` is its first record when none loaded (for the field map).
   * `isResults`: its bytes are results scored elsewhere, so nothing was read as trajectories.
   */
  | { type: 'parsed'; requestId: number; source: number; sample?: unknown; isResults?: true }
  /** The next rows of a results file (parts of one file share its name; the last has `isLast`). */
  | { type: 'resultFile'; requestId: number; file: ResultFile; isLast: boolean }
  /** Every results file is read; `left` says which were not, and why. */
  | { type: 'resultsRead'; requestId: number; left: LeftOut[] }
  | { type: 'failed'; requestId: number; message: string };
