/** A line that could not be imported: 1-based line number and why. The other lines still load. */
export interface LineError {
  line: number;
  reason: string;
}

export type JsonLine = { line: number; record: Record<string, unknown> } | { line: number; error: string };

// Python's json.dumps writes NaN, Infinity and -Infinity bare (allow_nan=True is its default,
// https://docs.python.org/3/library/json.html#json.dump), e.g. the mean over an empty response.
// JSON.parse rejects them, so outside strings they become sentinel strings and a reviver turns them
// back into numbers. Strings are matched first so that text mentioning "NaN" is left alone.
const PYTHON_CONSTANT = /"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g;
const SENTINEL: Record<string, number> = { '\u0000NaN': NaN, '\u0000Infinity': Infinity, '\u0000-Infinity': -Infinity };

/**
 * The JSON objects of JSONL text, one per non-blank line, each with its 1-based line number;
 * a line that is not a JSON object yields an error instead. LF or CRLF line ends.
 */
export function* jsonLines(text: string): Generator<JsonLine> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const source = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (source.trim() === '') continue;
    let value: unknown;
    try {
      value = parseJson(i === 0 && source.charCodeAt(0) === 0xfeff ? source.slice(1) : source);
    } catch (e) {
      yield { line, error: `invalid JSON: ${(e as Error).message}` };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { line, error: `expected a JSON object, found ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}` };
      continue;
    }
    yield { line, record: value as Record<string, unknown> };
  }
}

/**
 * Every line of JSONL text through `read`: what it returns joins `rows`, a string is that line's
 * error. Lines that are not JSON objects are errors without reaching `read`.
 */
export function readJsonLines<T>(text: string, read: (record: Record<string, unknown>, line: number) => T | string): { rows: T[]; errors: LineError[] } {
  const rows: T[] = [];
  const errors: LineError[] = [];
  for (const parsed of jsonLines(text)) {
    const result = 'error' in parsed ? parsed.error : read(parsed.record, parsed.line);
    if (typeof result === 'string') errors.push({ line: parsed.line, reason: result });
    else rows.push(result);
  }
  return { rows, errors };
}

function parseJson(source: string): unknown {
  // The fast path: large per-token lines without Python constants never pay for the reviver.
  if (!source.includes('NaN') && !source.includes('Infinity')) return JSON.parse(source);
  let replaced = false;
  const patched = source.replace(PYTHON_CONSTANT, (match) => {
    if (match.startsWith('"')) return match;
    replaced = true;
    return `"\\u0000${match}"`;
  });
  if (!replaced) return JSON.parse(source);
  return JSON.parse(patched, (_key, value) => (typeof value === 'string' && value in SENTINEL ? SENTINEL[value] : value));
}

/**
 * A record's problem id: `id`, else `_id` (what the trajectory parser uses, so imported rows join
 * the loaded trajectories), else `sample_id` (what our CLI writes). Numbers become their decimal
 * text; anything else, or an empty string, is no id.
 */
export function recordId(record: Record<string, unknown>): string | undefined {
  for (const key of ['id', '_id', 'sample_id']) {
    const value = record[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return undefined;
}

/** A record's `teacher` when it is a non-empty string, else the fallback (the file name stem). */
export function recordTeacher(record: Record<string, unknown>, fallback: string): string {
  const value = record.teacher;
  return typeof value === 'string' && value !== '' ? value : fallback;
}
