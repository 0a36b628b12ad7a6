import { readJsonLines, recordId, recordTeacher, type LineError } from './jsonLines';

/** One trajectory's per-token scores as written by the reference (`_inferred_data`) or our CLI (--tokens). */
export interface InferredRow {
  id: string;
  teacher: string;
  /** 0-based positions of the scored response tokens in the conversation's token ids, strictly ascending, ≥ 1. */
  respPositions: number[];
  /** Surprisal s_p per response token, nats. */
  nlls: number[];
  /** Rank r_p per response token, 1-based, as written: the reference writes them clipped at R. */
  ranks: number[];
  /** The whole conversation's token ids (`input_ids`, or a `token_ids` longer than the last position). */
  inputIds?: number[];
  /** The response tokens' ids, parallel to `nlls` (a `token_ids` with one id per response token). */
  respTokenIds?: number[];
  /** The line's other fields (the original record: `messages`, …) without the per-token arrays. */
  record: Record<string, unknown>;
  /** 1-based line in the imported file (for parquet: the row). */
  line: number;
  /**
   * The schema before 2026-03-13 names a sample by `sample_idx`, its 0-based index in the input
   * file, not by its id: join such rows to trajectories by position in their file.
   */
  sampleIndex?: number;
}

export interface ParsedInferredData {
  rows: InferredRow[];
  errors: LineError[];
}

export interface ParseInferredDataOptions {
  /** Teacher of lines without a `teacher` field: the file name without its extension. */
  teacher: string;
}

const TOKEN_KEYS = new Set(['resp_token_positions', 'nlls', 'ranks', 'input_ids', 'token_ids', 'probs', 'tokens']);

/**
 * Per-token JSONL: the reference's `_inferred_data` (the original record plus
 * `resp_token_positions`, `nlls`, `ranks`, maybe `input_ids`) or our CLI's `--tokens` output
 * (`token_ids`). Every line is validated so that a bad one is reported, not drawn:
 * the three arrays have equal lengths; positions are strictly ascending integers ≥ 1 (position 0
 * has no preceding logits to be predicted from); nlls are finite; ranks are integers ≥ 1; ids
 * are non-negative integers and `input_ids` covers every position. An empty response (three empty
 * arrays) is valid. `token_ids` is told apart by length: one id per response token, or the whole
 * conversation (more ids than the last position), which are never the same length.
 */
export function parseInferredData(text: string, options: ParseInferredDataOptions): ParsedInferredData {
  return readJsonLines(text, (record, line) => readInferredRecord(record, line, options.teacher));
}

/**
 * The schema of rsr_cal.py before 2026-03-13: `sample_idx` and `tokens: [{position, prob, nll,
 * rank}]` (in parquet, `tokens` is that list as JSON text), where `position` is the row of the
 * logits that predicts the token (target − 1, the prompt's last token for the first response
 * token). As today's schema: positions of the tokens themselves, hence + 1.
 */
function fromOldSchema(record: Record<string, unknown>): Record<string, unknown> | string {
  let tokens = record.tokens;
  if (typeof tokens === 'string') {
    try {
      tokens = JSON.parse(tokens);
    } catch {
      return '"tokens" is text but not JSON';
    }
  }
  if (!Array.isArray(tokens)) return '"tokens" must be a list of {position, nll, rank}';
  const positions: unknown[] = [];
  const nlls: unknown[] = [];
  const ranks: unknown[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || typeof t !== 'object') return `tokens[${i}] is not an object`;
    const { position, nll, rank } = t as Record<string, unknown>;
    positions.push(typeof position === 'number' ? position + 1 : position);
    nlls.push(nll);
    ranks.push(rank);
  }
  return { ...record, resp_token_positions: positions, nlls, ranks };
}

/**
 * One record of per-token scores (a JSONL line or a parquet row, either schema) as a row, or the
 * reason it is rejected. `line` is its 1-based line (or row).
 */
export function readInferredRecord(record: Record<string, unknown>, line: number, fallbackTeacher: string): InferredRow | string {
  const sampleIndex = record.sample_idx;
  const isOld = record.resp_token_positions === undefined && record.tokens !== undefined;
  if (isOld) {
    const converted = fromOldSchema(record);
    if (typeof converted === 'string') return converted;
    record = converted;
  }
  const row = readRow(record, fallbackTeacher, line);
  if (typeof row === 'string' || !isInteger(sampleIndex)) return row;
  return { ...row, sampleIndex };
}

/** The row, or the reason the line is rejected. */
function readRow(record: Record<string, unknown>, fallbackTeacher: string, line: number): InferredRow | string {
  const id = recordId(record) ?? (isInteger(record.sample_idx) ? String(record.sample_idx) : undefined);
  if (id === undefined) return 'no id (expected "id", "_id", "sample_id" or "sample_idx")';
  const positions = record.resp_token_positions;
  const nlls = record.nlls;
  const ranks = record.ranks;
  for (const [key, value] of [['resp_token_positions', positions], ['nlls', nlls], ['ranks', ranks]] as const) {
    if (value === undefined) return `missing "${key}"`;
    if (!Array.isArray(value)) return `"${key}" must be an array`;
  }
  const respPositions = positions as unknown[];
  if ((nlls as unknown[]).length !== respPositions.length || (ranks as unknown[]).length !== respPositions.length) {
    return `arrays differ in length: resp_token_positions ${respPositions.length}, nlls ${(nlls as unknown[]).length}, ranks ${(ranks as unknown[]).length}`;
  }
  const bad =
    firstBad('resp_token_positions', respPositions, (v, i) => isInteger(v) && v >= (i ? (respPositions[i - 1] as number) + 1 : 1), (v, i) =>
      isInteger(v) && i > 0 && v <= (respPositions[i - 1] as number)
        ? `is not above the previous position ${respPositions[i - 1]} (positions must strictly ascend)`
        : isInteger(v) && v < 1
          ? 'is below 1 (position 0 has no preceding logits)'
          : 'is not an integer') ??
    firstBad('nlls', nlls as unknown[], (v) => typeof v === 'number' && Number.isFinite(v), () => 'is not a finite number') ??
    firstBad('ranks', ranks as unknown[], (v) => isInteger(v) && v >= 1, () => 'is not an integer ≥ 1');
  if (bad) return bad;

  const lastPosition = respPositions.length ? (respPositions[respPositions.length - 1] as number) : -1;
  let inputIds: number[] | undefined;
  let respTokenIds: number[] | undefined;
  for (const key of ['input_ids', 'token_ids'] as const) {
    const ids = record[key];
    if (ids === undefined) continue;
    if (!Array.isArray(ids)) return `"${key}" must be an array`;
    const badId = firstBad(key, ids, (v) => isInteger(v) && v >= 0, () => 'is not a non-negative integer');
    if (badId) return badId;
    if (key === 'token_ids' && ids.length === respPositions.length) respTokenIds = ids as number[];
    else if (ids.length > lastPosition) inputIds ??= ids as number[];
    else {
      return key === 'input_ids'
        ? `input_ids has ${ids.length} tokens but a response position is ${lastPosition}`
        : `token_ids has ${ids.length} ids: neither one per response token (${respPositions.length}) nor the whole conversation (more than position ${lastPosition})`;
    }
  }

  const rest: Record<string, unknown> = {};
  for (const key in record) if (!TOKEN_KEYS.has(key)) rest[key] = record[key];
  return {
    id,
    teacher: recordTeacher(record, fallbackTeacher),
    respPositions: respPositions as number[],
    nlls: nlls as number[],
    ranks: ranks as number[],
    ...(inputIds && { inputIds }),
    ...(respTokenIds && { respTokenIds }),
    record: rest,
    line,
  };
}

function isInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function firstBad(key: string, values: unknown[], ok: (v: unknown, i: number) => boolean, why: (v: unknown, i: number) => string): string | undefined {
  for (let i = 0; i < values.length; i++) {
    if (!ok(values[i], i)) return `${key}[${i}] = ${typeof values[i] === 'number' ? String(values[i]) : JSON.stringify(values[i])} ${why(values[i], i)}`;
  }
  return undefined;
}
