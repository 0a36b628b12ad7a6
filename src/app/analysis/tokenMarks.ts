/** Per-token flags drawn over the heatmap colours (a bit each, so one Uint8Array carries them all). */
export const MARK_MATCH = 1;
export const MARK_DIFFERS = 2;
export const MARK_TEMPLATE = 4;

/** Character ranges [start, end) of every case-insensitive occurrence of `query` in `text`, left to right, not overlapping. */
export function textMatches(text: string, query: string): [number, number][] {
  const needle = query.toLowerCase();
  if (!needle) return [];
  // toLowerCase can change a string's length (İ → i̇): search a lowered copy only when lengths agree, else fall back to a per-character fold.
  const hay = text.toLowerCase();
  const out: [number, number][] = [];
  if (hay.length === text.length) {
    for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) out.push([i, i + needle.length]);
    return out;
  }
  const folded = Array.from(text, (c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c)).join('');
  for (let i = folded.indexOf(needle); i >= 0; i = folded.indexOf(needle, i + needle.length)) out.push([i, i + needle.length]);
  return out;
}

/** The first token index whose range ends after `offset` (offsets has T + 1 entries). */
export function tokenAt(offsets: ArrayLike<number>, offset: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid + 1] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo);
}

/** Sets `bit` on every token that overlaps one of the character ranges; returns the first token of each range. */
export function markRanges(mask: Uint8Array, offsets: ArrayLike<number>, ranges: readonly (readonly [number, number])[], bit: number): number[] {
  const firsts: number[] = [];
  for (const [a, b] of ranges) {
    const first = tokenAt(offsets, a);
    firsts.push(first);
    for (let p = first; p < mask.length && offsets[p] < b; p++) mask[p] |= bit;
  }
  return firsts;
}

/** Sets `bit` on the given token positions. */
export function markPositions(mask: Uint8Array, positions: readonly number[] | undefined, bit: number): void {
  for (const p of positions ?? []) if (p >= 0 && p < mask.length) mask[p] |= bit;
}

/** Starts of runs of tokens that carry `bit`: the divergence points of a comparison. */
export function runStarts(mask: Uint8Array, bit: number): number[] {
  const out: number[] = [];
  for (let p = 0; p < mask.length; p++) if (mask[p] & bit && (p === 0 || !(mask[p - 1] & bit))) out.push(p);
  return out;
}
