import { diffLines, diffWordsWithSpace, type ChangeObject } from 'diff';

/** One stretch of the two texts: [aStart, aEnd) of A against [bStart, bEnd) of B. */
export interface AlignedSpan {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
  /** Both sides hold the same text. Otherwise they differ (one side may be empty: an insertion). */
  isShared: boolean;
}

/** Two texts cut into consecutive spans that together cover each of them exactly, in order. */
export interface TextAlignment {
  spans: AlignedSpan[];
  /** Text lengths, for mapping offsets. */
  aLength: number;
  bLength: number;
}

export interface AlignOptions {
  /** A shared run with fewer non-space characters is counted as different: "the" or "=" in common is noise between two answers. Default 12. */
  minShared?: number;
  /** A changed block of lines is refined word by word only when each side has at most this many characters. Default 6000. */
  maxWordBlock?: number;
  /** Give up on the line diff after this many ms (jsdiff's `timeout`) and align common prefix and suffix only. Default 3000. */
  timeoutMs?: number;
}

/**
 * Aligns two trajectories by their text with jsdiff (Myers' O(ND) diff): first line by line,
 * then, inside each changed block of lines, word by word (whitespace kept as tokens, so offsets
 * are exact). Two levels because two teachers' answers to one problem are mostly different: a
 * word diff of 100 kB against 6 kB is quadratic in practice, a line diff is not, and words only
 * matter where lines nearly match. Shared runs shorter than `minShared` visible characters are
 * merged into the differences around them.
 */
export function alignTexts(a: string, b: string, options: AlignOptions = {}): TextAlignment {
  const { minShared = 12, maxWordBlock = 6000, timeoutMs = 3000 } = options;
  const raw: AlignedSpan[] = [];
  let ai = 0;
  let bi = 0;
  const push = (aLen: number, bLen: number, isShared: boolean) => {
    if (aLen || bLen) raw.push({ aStart: ai, aEnd: ai + aLen, bStart: bi, bEnd: bi + bLen, isShared });
    ai += aLen;
    bi += bLen;
  };
  const changed = (aText: string, bText: string) => {
    if (aText && bText && aText.length <= maxWordBlock && bText.length <= maxWordBlock) {
      for (const c of diffWordsWithSpace(aText, bText)) push(c.added ? 0 : c.value.length, c.removed ? 0 : c.value.length, !c.added && !c.removed);
    } else push(aText.length, bText.length, false);
  };

  const lines: ChangeObject<string>[] | undefined = diffLines(a, b, { timeout: timeoutMs });
  if (!lines) {
    let p = 0;
    while (p < a.length && p < b.length && a[p] === b[p]) p++;
    let s = 0;
    while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
    push(p, p, true);
    push(a.length - p - s, b.length - p - s, false);
    push(s, s, true);
  } else {
    for (let i = 0; i < lines.length; i++) {
      const c = lines[i];
      if (!c.added && !c.removed) {
        push(c.value.length, c.value.length, true);
        continue;
      }
      // A removed block and the added block after it (or before it) replace one another.
      const next = lines[i + 1];
      if (next && (next.added || next.removed) && next.added !== c.added) {
        const [rem, add] = c.removed ? [c, next] : [next, c];
        changed(rem.value, add.value);
        i++;
      } else changed(c.removed ? c.value : '', c.added ? c.value : '');
    }
  }
  return { spans: mergeSpans(raw, a, minShared), aLength: a.length, bLength: b.length };
}

/** Short shared runs become differences, then neighbours of one kind join. */
function mergeSpans(spans: AlignedSpan[], a: string, minShared: number): AlignedSpan[] {
  const out: AlignedSpan[] = [];
  for (const s of spans) {
    const isShared = s.isShared && a.slice(s.aStart, s.aEnd).replace(/\s+/g, '').length >= minShared;
    const last = out[out.length - 1];
    if (last && last.isShared === isShared) {
      last.aEnd = s.aEnd;
      last.bEnd = s.bEnd;
    } else out.push({ ...s, isShared });
  }
  return out;
}

/**
 * The offset in the other text that corresponds to `offset` in `side`'s text: exact inside a
 * shared span, proportional inside a differing one (so scrolling through an insertion on one side
 * holds the other side at the insertion point).
 */
export function mapOffset(alignment: TextAlignment, side: 'a' | 'b', offset: number): number {
  const { spans } = alignment;
  const [from, to] = side === 'a' ? (['a', 'b'] as const) : (['b', 'a'] as const);
  const start = (s: AlignedSpan, k: 'a' | 'b') => (k === 'a' ? s.aStart : s.bStart);
  const end = (s: AlignedSpan, k: 'a' | 'b') => (k === 'a' ? s.aEnd : s.bEnd);
  let lo = 0;
  let hi = spans.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (start(spans[mid], from) <= offset) lo = mid;
    else hi = mid - 1;
  }
  const s = spans[lo];
  if (!s) return 0;
  const len = end(s, from) - start(s, from);
  const fraction = len > 0 ? Math.min(1, Math.max(0, (offset - start(s, from)) / len)) : 0;
  if (s.isShared) return start(s, to) + Math.min(offset - start(s, from), end(s, to) - start(s, to));
  return Math.round(start(s, to) + fraction * (end(s, to) - start(s, to)));
}
