/**
 * Lists that grow by appends, and what is derived from them, kept linear in the number of items.
 *
 * A file of a million records reaches the store a batch at a time. Each batch makes a new list (the
 * store's state is never changed in place, and subscribers see a new reference), but what is
 * derived from it — table rows, teachers, counts — need only look at the new items. `appended`
 * makes the new list and remembers that it continues the old one; `appendedSince` asks it.
 * Lists made any other way (filtered, restored from Undo) are not known to continue anything, so
 * a derivation starts again from their first item.
 */

/** A chain of lists each made from the one before by `appended`; `tip` is the latest. */
interface Lineage {
  tip: readonly unknown[];
}

const lineageOf = new WeakMap<readonly unknown[], Lineage>();

/**
 * `list` followed by `tail`, as a new list known to continue `list`. Appending to a list that was
 * already appended to (an older state put back) starts a new chain: the two continuations share a
 * start, but neither continues the other.
 */
export function appended<T>(list: readonly T[], tail: readonly T[]): T[] {
  const next = (list as T[]).concat(tail as T[]);
  let lineage = lineageOf.get(list);
  if (!lineage || lineage.tip !== list) {
    lineage = { tip: list };
    lineageOf.set(list, lineage);
  }
  lineage.tip = next;
  lineageOf.set(next, lineage);
  return next;
}

/**
 * The index of `next`'s first new item when `next` is `previous` with items appended (through any
 * number of `appended` calls, or none: then its length), else -1.
 */
export function appendedSince(previous: readonly unknown[], next: readonly unknown[]): number {
  if (previous === next) return previous.length;
  const lineage = lineageOf.get(previous);
  return lineage !== undefined && lineage === lineageOf.get(next) && previous.length <= next.length ? previous.length : -1;
}

/**
 * A derivation of a growing list that looks only at new items: `fold(previous, list, start,
 * context)` derives from `list[start…]`, given what was derived from the items before
 * (`undefined` when `start` is 0). `context` holds whatever else the derivation reads; when one of
 * its values changes (by identity), it starts again from the first item. The last answer is kept.
 */
export function appendMemo<T, C extends object, R>(fold: (previous: R | undefined, list: readonly T[], start: number, context: C) => R): (list: readonly T[], context: C) => R {
  let last: { list: readonly T[]; context: C; value: R } | null = null;
  return (list, context) => {
    const same = last !== null && sameValues(last.context, context);
    if (same && last!.list === list) return last!.value;
    const start = same ? appendedSince(last!.list, list) : -1;
    const value = start > 0 ? fold(last!.value, list, start, context) : fold(undefined, list, 0, context);
    last = { list, context, value };
    return value;
  };
}

function sameValues(a: object, b: object): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
