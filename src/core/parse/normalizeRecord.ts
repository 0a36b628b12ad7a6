import type { FieldValue, Trajectory } from '../types';
import { applyFieldMap, type FieldMap } from './fieldMap';
import { isJsonObject, jsonType, RecordError, type JsonObject } from './RecordError';
import { recordMessages } from './recordMessages';

/**
 * A parsed JSON record as a trajectory (without its source). `line` stands in for a missing id,
 * `fallbackTeacher` for a missing teacher; `fieldMap` names the record's own fields for ours.
 * Throws a RecordError with the reason it cannot load.
 */
export function normalizeRecord(value: unknown, line: number, fallbackTeacher: string, fieldMap?: FieldMap): Omit<Trajectory, 'source'> {
  if (!isJsonObject(value)) throw new RecordError(`record is not a JSON object (got ${jsonType(value)})`);
  const record = fieldMap ? applyFieldMap(value, fieldMap) : value;
  const messages = recordMessages(record);
  // Fields a map reads from are the trajectory itself under other names, not extra columns.
  const fields = scalarFields(value, new Set(Object.values(fieldMap ?? {})));
  return { id: recordId(record, line), teacher: recordTeacher(record, fallbackTeacher), messages, ...(fields && { fields }) };
}

/** Keys that are the trajectory itself (identity and conversation, in every input form), not extra fields. */
const OWN_KEYS = new Set(['id', '_id', 'teacher', 'messages', 'conversations', 'system', 'input', 'prompt', 'question', 'problem', 'instruction', 'response', 'completion', 'output', 'answer']);

/** The record's other strings, finite numbers and booleans (objects and arrays are not one value); undefined when there are none. */
function scalarFields(record: JsonObject, mapped: ReadonlySet<string>): Record<string, FieldValue> | undefined {
  let fields: Record<string, FieldValue> | undefined;
  for (const [key, v] of Object.entries(record)) {
    if (OWN_KEYS.has(key) || mapped.has(key)) continue;
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) (fields ??= {})[key] = v;
  }
  return fields;
}

/** Several records may share an id (one problem, several samples): ids are kept, not deduplicated. */
function recordId(record: JsonObject, line: number): string {
  for (const key of ['id', '_id']) {
    const id = record[key];
    if (id === undefined || id === null || id === '') continue;
    if (typeof id === 'string') return id;
    if (typeof id === 'number' && Number.isFinite(id)) return String(id);
    // MongoDB exports write ObjectIds as {"$oid": "..."}.
    if (key === '_id' && isJsonObject(id) && typeof id.$oid === 'string') return id.$oid;
    throw new RecordError(`"${key}" must be a string or a number (got ${jsonType(id)})`);
  }
  return String(line);
}

function recordTeacher(record: JsonObject, fallback: string): string {
  const teacher = record.teacher;
  if (teacher === undefined || teacher === null || teacher === '') return fallback;
  if (typeof teacher === 'string') return teacher;
  throw new RecordError(`"teacher" must be a string (got ${jsonType(teacher)})`);
}
