import type { TrajectoryLength } from '../../core/tokenize/trajectoryLength';
import type { FieldValue } from '../../core/types';
import { fieldNames, fieldText, MAX_SLICE_VALUES, type FieldSlice } from './recordFields';

/** What a slice reads from a row: its key (file:line), its problem id and its record's scalar fields. */
export interface SliceRecord {
  key: string;
  id: string;
  fields?: Record<string, FieldValue>;
}

/** A field rows can be sliced and grouped by: a record's own field, or one derived from the row. */
export interface SliceField {
  /** Its name in a FieldSlice and the URL: the record field's name, or `@…` for a derived one. */
  name: string;
  /** What the pickers call it. */
  label: string;
  /** The row's value, as text; undefined when the row has none. */
  valueOf: (r: SliceRecord) => string | undefined;
  /** Values in this order rather than most common first (length buckets go short to long). */
  order?: (a: string, b: string) => number;
}

/** A field derived with a pattern: `source ~ /(\w+)_eval/` takes each row's first group (or whole match). */
export interface DerivedSpec {
  /** `id`, `teacher`, or a record field's name. */
  field: string;
  pattern: string;
}

/** A derived field's values, computed in the search worker (a pattern may run too long on the page). */
export interface DerivedValues {
  spec: DerivedSpec;
  /** trajectoryKey → value; a row whose field the pattern does not match has NO_MATCH. */
  values: ReadonlyMap<string, string>;
}

/** A row whose field a derived pattern does not match. */
export const NO_MATCH = '(no match)';

export const ID_PREFIX = '@id-prefix';
export const LENGTH = '@length';
export const DERIVED = '@derived';

/**
 * The problem family of an id: the id without its trailing number and the separator before it
 * ("aime24-0" → "aime24", "amc23_12" → "amc23", "p7-1" → "p7", "problem12" → "problem"); undefined
 * for an id that is only a number or has none to drop.
 */
export function idPrefix(id: string): string | undefined {
  // "aime24-0": a separator before the number; "problem12": a letter before it.
  const m = /^(.+?)[\s_\-.:/#]+\d+$/.exec(id) ?? /^(.*[^\d\s_\-.:/#])\d+$/.exec(id);
  return m ? m[1] : undefined;
}

/** Bucket bounds in tokens: powers of two from 512, so a bucket is "twice as long". */
const LENGTH_BOUNDS = [512, 1024, 2048, 4096, 8192, 16384, 32768];

const compact = (n: number) => (n >= 1024 ? `${n / 1024}k` : String(n));

/** The length bucket of a conversation of `tokens` tokens ("1k–2k tokens"); undefined until it is counted. */
export function lengthBucket(tokens: number | undefined): string | undefined {
  if (tokens === undefined) return undefined;
  const i = LENGTH_BOUNDS.findIndex((b) => tokens < b);
  if (i === 0) return `< ${compact(LENGTH_BOUNDS[0])} tokens`;
  if (i < 0) return `≥ ${compact(LENGTH_BOUNDS[LENGTH_BOUNDS.length - 1])} tokens`;
  return `${compact(LENGTH_BOUNDS[i - 1])}–${compact(LENGTH_BOUNDS[i])} tokens`;
}

/** Length buckets short to long (their text sorts wrong: "16k" before "2k"). */
function byLength(a: string, b: string): number {
  const lower = (v: string) => {
    if (v.startsWith('<')) return 0;
    const [, n, k] = /(\d+)(k?)/.exec(v) ?? [];
    return Number(n) * (k ? 1024 : 1);
  };
  return lower(a) - lower(b);
}

/** The text a derived spec is read from, in a row. */
export function derivedSource(r: Pick<SliceRecord, 'id' | 'fields'> & { teacher?: string }, field: string): string | undefined {
  if (field === 'id') return r.id;
  if (field === 'teacher') return r.teacher;
  const v = r.fields?.[field];
  return v === undefined ? undefined : fieldText(v);
}

/** A derived spec as the pickers and the URL write it: `source ~ /(\w+)_eval/`. */
export function derivedLabel(spec: DerivedSpec): string {
  return `${spec.field} ~ /${spec.pattern}/`;
}

/** What the slice fields are derived from besides the rows: the counted lengths and a derived pattern's values. */
export interface SliceContext {
  lengths?: ReadonlyMap<string, { tokens: number } | TrajectoryLength>;
  derived?: DerivedValues | null;
}

/** The field named `name`: a derived one (`@…`), or a record field of that name. */
export function sliceField(name: string, ctx: SliceContext = {}): SliceField {
  switch (name) {
    case ID_PREFIX:
      return { name, label: 'id prefix', valueOf: (r) => idPrefix(r.id) };
    case LENGTH:
      return { name, label: 'length', valueOf: (r) => lengthBucket(ctx.lengths?.get(r.key)?.tokens), order: byLength };
    case DERIVED: {
      const derived = ctx.derived;
      return { name, label: derived ? derivedLabel(derived.spec) : 'derived', valueOf: (r) => derived?.values.get(r.key) };
    }
    default:
      return { name, label: name, valueOf: (r) => (r.fields?.[name] === undefined ? undefined : fieldText(r.fields[name])) };
  }
}

/**
 * The fields rows can be sliced and grouped by: the derived ones first (id prefix, length bucket,
 * a derived pattern), then the records' own, each only when it splits the rows into at least two
 * (a record field or a derived pattern: one) and at most MAX_SLICE_VALUES values.
 */
export function sliceFields(records: readonly SliceRecord[], ctx: SliceContext = {}): SliceField[] {
  const derived = [ID_PREFIX, LENGTH, ...(ctx.derived ? [DERIVED] : [])]
    .map((name) => sliceField(name, ctx))
    .filter((f) => (sliceValues(records, f)?.length ?? 0) >= (f.name === DERIVED ? 1 : 2));
  const own = fieldNames(records)
    .map((name) => sliceField(name, ctx))
    .filter((f) => sliceValues(records, f)?.length);
  return [...derived, ...own];
}

/**
 * The distinct values of a field among the records, with their counts, most common first (ties in
 * text order) or in the field's own order; null when there are more than MAX_SLICE_VALUES (an id,
 * not a group).
 */
export function sliceValues(records: readonly SliceRecord[], field: SliceField): { value: string; count: number }[] | null {
  const counts = new Map<string, number>();
  for (const r of records) if (!counted(counts, field.valueOf(r))) return null;
  return sortedValues(counts, field);
}

/** Count `value` in `counts`; false once there are more than MAX_SLICE_VALUES values. */
function counted(counts: Map<string, number>, value: string | undefined): boolean {
  if (value === undefined) return true;
  counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts.size <= MAX_SLICE_VALUES;
}

function sortedValues(counts: ReadonlyMap<string, number>, field: SliceField): { value: string; count: number }[] {
  const values = [...counts].map(([value, count]) => ({ value, count }));
  return values.sort(field.order ? (a, b) => field.order!(a.value, b.value) : (a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/**
 * The values counted of the fields that read a record alone — its id prefix and its own fields (in
 * order of first appearance) — null for a field past MAX_SLICE_VALUES values. Kept as records
 * arrive (see recordValueCounts), so a million records are counted once, not at every batch.
 */
export interface RecordValueCounts {
  idPrefix: ReadonlyMap<string, number> | null;
  own: ReadonlyMap<string, ReadonlyMap<string, number> | null>;
}

/** The counts of `records[start…]` added to `previous`, those of the records before (an appendMemo fold). */
export function recordValueCounts(previous: RecordValueCounts | undefined, records: readonly Pick<SliceRecord, 'id' | 'fields'>[], start: number): RecordValueCounts {
  const copy = (c: ReadonlyMap<string, number> | null | undefined) => (c === null ? null : new Map(c));
  let idPrefixes = copy(previous?.idPrefix);
  const own = new Map([...(previous?.own ?? [])].map(([name, c]) => [name, copy(c)]));
  for (let i = start; i < records.length; i++) {
    const r = records[i];
    if (idPrefixes && !counted(idPrefixes, idPrefix(r.id))) idPrefixes = null;
    for (const name of Object.keys(r.fields ?? {})) {
      // A field first seen now was absent from the records before: its counts start here.
      const c = own.has(name) ? own.get(name)! : own.set(name, new Map()).get(name)!;
      if (c && !counted(c, fieldText(r.fields![name]))) own.set(name, null);
    }
  }
  return { idPrefix: idPrefixes, own };
}

/**
 * The slice fields with their values, as sliceFields and sliceValues give them, from counts kept as
 * the records grow: only the length buckets and a derived pattern's values, which change with
 * their context, are counted over the records here (the lengths only once some are counted), and
 * `records` is asked for them only then.
 */
export function sliceGroups(counts: RecordValueCounts, records: () => readonly SliceRecord[], ctx: SliceContext = {}): { field: SliceField; values: { value: string; count: number }[] }[] {
  const groups: { field: SliceField; values: { value: string; count: number }[] }[] = [];
  const add = (field: SliceField, values: { value: string; count: number }[] | null, least: number) => values && values.length >= least && groups.push({ field, values });
  const prefix = sliceField(ID_PREFIX, ctx);
  add(prefix, counts.idPrefix && sortedValues(counts.idPrefix, prefix), 2);
  if (ctx.lengths?.size) add(sliceField(LENGTH, ctx), sliceValues(records(), sliceField(LENGTH, ctx)), 2);
  if (ctx.derived) add(sliceField(DERIVED, ctx), sliceValues(records(), sliceField(DERIVED, ctx)), 1);
  for (const [name, c] of counts.own) {
    const field = sliceField(name, ctx);
    add(field, c && sortedValues(c, field), 1);
  }
  return groups;
}

/** A predicate for the records in a slice (its field has the slice's value); every record without a slice. */
export function inSlice(slice: FieldSlice | null, ctx: SliceContext = {}): (r: SliceRecord) => boolean {
  if (!slice) return () => true;
  const field = sliceField(slice.field, ctx);
  return (r) => field.valueOf(r) === slice.value;
}
