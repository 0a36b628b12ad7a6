/**
 * A record that cannot become a trajectory. Its message is the reason shown to the user
 * (`file:line — reason`), so it is short and names the field or message at fault.
 * Thrown from deep inside the checks and caught once per record, which keeps each check a line.
 */
export class RecordError extends Error {}

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON name of a value's type, for reasons like `(got array)`. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}
