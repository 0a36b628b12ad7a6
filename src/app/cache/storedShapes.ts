import type { InputError, ScoredTrajectory, Trajectory } from '../../core/types';
import type { ImportReport } from '../input/importResultsFiles';
import type { ImportedRow } from '../input/planImport';

/**
 * Guards for what IndexedDB gives back. A record may come from another version of the app, a
 * half-written save, an extension or a hand edit (a cached result `"x"`, `metrics: null`); any
 * of them used as is blanked the page at every load. Each guard checks what the views read
 * without a second thought — types, array kinds, lengths that index each other — and nothing
 * more: a record that passes is one the app could have written.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
/** Any number, NaN included: an empty response's RSR is NaN by definition (Eq. 7). */
const isNum = (v: unknown): v is number => typeof v === 'number';
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isNumArray = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');

function isSource(v: unknown): boolean {
  return isObj(v) && isStr(v.file) && isNum(v.line) && isStr(v.raw);
}

export function isInputError(v: unknown): v is InputError {
  return isObj(v) && isStr(v.file) && isNum(v.line) && isStr(v.reason);
}

export function isTrajectory(v: unknown): v is Trajectory {
  return (
    isObj(v) &&
    isStr(v.id) &&
    isStr(v.teacher) &&
    Array.isArray(v.messages) &&
    v.messages.every((m) => isObj(m) && isStr(m.role) && isStr(m.content)) &&
    isSource(v.source) &&
    (v.fields === undefined || isObj(v.fields))
  );
}

const METRIC_FIELDS = ['respTokenLength', 'avgRankClip', 'avgRank', 'avgSurprisal', 'avgEntropy', 'rsr'] as const;

/** A result as the views draw it: token arrays that index each other, typed score arrays of the response's length, numeric metrics. */
export function isScoredTrajectory(v: unknown): v is ScoredTrajectory {
  if (!isObj(v) || !isStr(v.id) || !isStr(v.teacher) || !isSource(v.source)) return false;
  const { tokens, scores, metrics, provenance } = v;
  if (!isObj(tokens) || !isStr(tokens.text) || !isNumArray(tokens.inputIds) || !isNumArray(tokens.offsets) || !isNumArray(tokens.respPositions)) return false;
  if (tokens.offsets.length !== tokens.inputIds.length + 1 || typeof tokens.truncated !== 'boolean') return false;
  if (tokens.templatePositions !== undefined && !isNumArray(tokens.templatePositions)) return false;
  if (!isObj(scores) || !isCount(scores.k)) return false;
  const n = tokens.respPositions.length;
  const k = scores.k;
  const perToken = scores.surprisal instanceof Float32Array && scores.rank instanceof Int32Array && scores.entropy instanceof Float32Array;
  if (!perToken || (scores.surprisal as Float32Array).length !== n || (scores.rank as Int32Array).length !== n || (scores.entropy as Float32Array).length !== n) return false;
  if (!(scores.topIds instanceof Int32Array) || !(scores.topProbs instanceof Float32Array) || !Array.isArray(scores.topTexts)) return false;
  if (scores.topIds.length !== n * k || scores.topProbs.length !== n * k || scores.topTexts.length !== n * k) return false;
  if (!isObj(metrics) || !METRIC_FIELDS.every((f) => isNum(metrics[f]))) return false;
  return isObj(provenance) && isStr(provenance.model) && isStr(provenance.device) && isStr(provenance.dtype);
}

export function isImportedRow(v: unknown): v is ImportedRow {
  return (
    isObj(v) &&
    isStr(v.key) &&
    isStr(v.id) &&
    isStr(v.teacher) &&
    isStr(v.file) &&
    isNum(v.line) &&
    isObj(v.metrics) &&
    METRIC_FIELDS.every((f) => isNum((v.metrics as Obj)[f])) &&
    isObj(v.provenance)
  );
}

export function isImportReport(v: unknown): v is ImportReport {
  return (
    isObj(v) &&
    isStr(v.file) &&
    (v.kind === 'metrics' || v.kind === 'tokens') &&
    isCount(v.imported) &&
    isCount(v.withHeatmap) &&
    Array.isArray(v.problems) &&
    v.problems.every((p) => isObj(p) && isNum(p.line) && isStr(p.reason)) &&
    Array.isArray(v.notes) &&
    v.notes.every(isStr)
  );
}

/** The items of `list` that pass `guard`, and how many did not (a list that is not an array counts as one). */
export function keepValid<T>(list: unknown, guard: (v: unknown) => v is T): { kept: T[]; dropped: number } {
  if (!Array.isArray(list)) return { kept: [], dropped: list === undefined ? 0 : 1 };
  const kept = list.filter(guard);
  return { kept, dropped: list.length - kept.length };
}

/** `[key, result]` entries whose key is a string and whose result passes isScoredTrajectory. */
export function isResultEntry(v: unknown): v is [string, ScoredTrajectory] {
  return Array.isArray(v) && v.length === 2 && isStr(v[0]) && isScoredTrajectory(v[1]);
}

/** `[teacher, colour]` pairs. */
export function isStringPair(v: unknown): v is [string, string] {
  return Array.isArray(v) && v.length === 2 && isStr(v[0]) && isStr(v[1]);
}
