import { type JsonObject, RecordError } from './RecordError';

/** The fields a trajectory is read from, each of which a user may map to a field of their own schema. */
export const MAPPABLE_FIELDS = ['id', 'teacher', 'prompt', 'response', 'system', 'messages', 'conversations'] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

/** Our field → the record's field, e.g. `{ response: 'teacher_output' }`. */
export type FieldMap = Partial<Record<MappableField, string>>;

/**
 * `prompt=question,response=teacher_output,id=uid,teacher=model` (the CLI's `--map`) as a FieldMap.
 * Throws an Error naming the bad part: an unknown field, a missing `=`, or a field given twice.
 */
export function parseFieldMap(spec: string): FieldMap {
  const map: FieldMap = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const ours = part.slice(0, eq).trim();
    const theirs = part.slice(eq + 1).trim();
    if (eq < 0 || !ours || !theirs) throw new Error(`"${part}" is not FIELD=THEIR_FIELD`);
    if (!(MAPPABLE_FIELDS as readonly string[]).includes(ours)) throw new Error(`"${ours}" is not one of ${MAPPABLE_FIELDS.join(', ')}`);
    if (map[ours as MappableField] !== undefined) throw new Error(`"${ours}" is mapped twice`);
    map[ours as MappableField] = theirs;
  }
  return map;
}

/**
 * The record as the parser should see it: each mapped field copied under our name. Mapping a
 * prompt or a response means the user chose the conversation's source, so `messages` and
 * `conversations` then step aside (and the other way round). A mapped field the record lacks is
 * a RecordError naming it: a typo in --map should not load silently as "no assistant turn".
 */
export function applyFieldMap(record: JsonObject, map: FieldMap): JsonObject {
  const view: JsonObject = { ...record };
  const isPair = map.prompt !== undefined || map.response !== undefined;
  const isChat = map.messages !== undefined || map.conversations !== undefined;
  if (isPair) {
    delete view.messages;
    delete view.conversations;
  }
  if (isChat) for (const key of ['prompt', 'question', 'problem', 'instruction', 'response', 'completion', 'output', 'answer']) delete view[key];
  for (const ours of MAPPABLE_FIELDS) {
    const theirs = map[ours];
    if (theirs === undefined) continue;
    if (!Object.hasOwn(record, theirs)) {
      // An optional field may be absent from some records: their id falls back to the line, their teacher to the file.
      if (ours === 'id' || ours === 'teacher' || ours === 'system') {
        delete view[ours];
        continue;
      }
      throw new RecordError(`no "${theirs}" field (mapped to ${ours})`);
    }
    view[ours] = record[theirs];
  }
  return view;
}
