/** One virtual row of the heatmap: tokens [start, end) drawn on one visual line. */
export interface TokenRow {
  /** First token index (inclusive). */
  start: number;
  /** Last token index (exclusive); equal to `start` for a blank line. */
  end: number;
  /** 0-based line of the rendered text the row belongs to (rows wrapped from one long line share it). */
  line: number;
  /** True for the second and later rows of a wrapped line. */
  isContinuation: boolean;
}

/**
 * Splits a token stream into rows for the virtualized heatmap.
 *
 * A row ends after every token that contains a newline (the token keeps its `↵` glyphs, then the
 * text breaks, as in an editor); a token with k newlines is followed by k − 1 blank rows so blank
 * lines stay visible. A line longer than `maxRowChars` characters wraps at token boundaries, so
 * every row has a bounded height and the virtualizer's estimates stay close: only a single token
 * longer than `maxRowChars` makes a longer row. A token covering no characters (the tail bytes of
 * a multi-byte character) counts as one, since it is drawn as a small placeholder.
 *
 * `offsets` has length T + 1: token i covers text.slice(offsets[i], offsets[i + 1]).
 * No tokens give a single blank row, so the heatmap always has something to draw.
 */
export function tokenLines(text: string, offsets: ArrayLike<number>, maxRowChars: number): TokenRow[] {
  const n = Math.max(0, offsets.length - 1);
  const limit = Math.max(1, Math.floor(maxRowChars));
  const rows: TokenRow[] = [];
  let start = 0;
  let chars = 0;
  let line = 0;
  let isContinuation = false;
  for (let i = 0; i < n; i++) {
    const a = offsets[i];
    const b = offsets[i + 1];
    const len = Math.max(1, b - a);
    if (i > start && chars + len > limit) {
      rows.push({ start, end: i, line, isContinuation });
      start = i;
      chars = 0;
      isContinuation = true;
    }
    chars += len;
    let newlines = 0;
    for (let c = a; c < b; c++) if (text.charCodeAt(c) === 10) newlines++;
    if (newlines > 0) {
      rows.push({ start, end: i + 1, line, isContinuation });
      for (let k = 1; k < newlines; k++) rows.push({ start: i + 1, end: i + 1, line: line + k, isContinuation: false });
      line += newlines;
      start = i + 1;
      chars = 0;
      isContinuation = false;
    }
  }
  if (start < n || rows.length === 0) rows.push({ start, end: n, line, isContinuation });
  return rows;
}
