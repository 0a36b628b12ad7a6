import type { FieldValue, Trajectory } from '../../core/types';

/** A slice of the trajectories: those whose field `field` has the value `value` (compared as text). */
export interface FieldSlice {
  field: string;
  value: string;
}

/** Slices are offered for fields with at most this many distinct values (a `source`, `correct`, a level); more is an id, not a group. */
export const MAX_SLICE_VALUES = 40;

/** A field value as the table and the slice pickers show it. */
export function fieldText(v: FieldValue | undefined): string {
  return v === undefined ? '' : String(v);
}

/** The scalar field names of the records, in order of first appearance. */
export function fieldNames(trajectories: readonly Pick<Trajectory, 'fields'>[]): string[] {
  const names = new Set<string>();
  for (const t of trajectories) for (const k of Object.keys(t.fields ?? {})) names.add(k);
  return [...names];
}

const lowered = new WeakMap<readonly unknown[], string>();

/**
 * Whether any message of the trajectory contains `needle` (already lower-cased), ignoring case.
 * The lower-cased text is kept per message list, so typing into the search box lowers a 100 kB
 * trajectory once, not on every keystroke.
 */
export function messagesContain(messages: Trajectory['messages'], needle: string): boolean {
  if (!needle) return true;
  let hay = lowered.get(messages);
  if (hay === undefined) {
    hay = messages.map((m) => m.content.toLowerCase()).join('\u0000');
    lowered.set(messages, hay);
  }
  return hay.includes(needle);
}
