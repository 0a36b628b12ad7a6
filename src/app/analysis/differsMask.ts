import type { TextAlignment } from '../../core/compare/alignTexts';
import { markRanges } from './tokenMarks';

/** Token → 1 where the token lies in text that differs from the other side (a non-empty differing span on `side`). */
export function differsMask(alignment: TextAlignment, side: 'a' | 'b', offsets: readonly number[]): Uint8Array {
  const mask = new Uint8Array(Math.max(0, offsets.length - 1));
  const ranges: [number, number][] = [];
  for (const s of alignment.spans) {
    if (s.isShared) continue;
    const [lo, hi] = side === 'a' ? [s.aStart, s.aEnd] : [s.bStart, s.bEnd];
    if (hi > lo) ranges.push([lo, hi]);
  }
  markRanges(mask, offsets, ranges, 1);
  return mask;
}

/** The share of a side's characters in shared spans (0…1). */
export function sharedFraction(alignment: TextAlignment, side: 'a' | 'b'): number {
  const total = side === 'a' ? alignment.aLength : alignment.bLength;
  let shared = 0;
  for (const s of alignment.spans) if (s.isShared) shared += side === 'a' ? s.aEnd - s.aStart : s.bEnd - s.bStart;
  return total ? shared / total : 0;
}
