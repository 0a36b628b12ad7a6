import { MAX_RECORD_CHARS, tooLongReason } from './recordLimit';
import type { RecordPiece, Splitter } from './recordSplitter';

/**
 * JSONL: one record per line. Splits on `\n` only and drops one `\r` before it, so `raw` is the
 * line exactly as written and an exporter reproduces the input with `raw + '\n'`. Blank lines
 * yield nothing but still count, so every line number matches what an editor shows. A line longer
 * than `maxChars` is never held: it is counted to its end and reported as one error, and the
 * lines after it load (one past V8's string limit once ended the file there).
 */
export function lineSplitter({ maxChars = MAX_RECORD_CHARS } = {}): Splitter {
  // Pieces of the unfinished line: kept apart and joined once, so a line spread over many chunks
  // costs one copy instead of one per chunk.
  let pending: string[] = [];
  let pendingChars = 0;
  let isTooLong = false;
  let line = 0;

  function finish(text: string, out: RecordPiece[]) {
    line++;
    const raw = text.charCodeAt(text.length - 1) === 0x0d ? text.slice(0, -1) : text;
    if (raw.trim()) out.push({ kind: 'record', line, raw });
  }

  /** The line's next piece: held while the line stays within the limit, else only counted. */
  function hold(piece: string) {
    pendingChars += piece.length;
    if (isTooLong) return;
    if (pendingChars > maxChars) {
      isTooLong = true;
      pending = [];
    } else pending.push(piece);
  }

  /** The line is complete: a record, or the error for a line too long. */
  function close(out: RecordPiece[]) {
    if (isTooLong) {
      line++;
      out.push({ kind: 'error', line, reason: tooLongReason(pendingChars, maxChars) });
    } else finish(pending.join(''), out);
    pending = [];
    pendingChars = 0;
    isTooLong = false;
  }

  return {
    push(text) {
      const out: RecordPiece[] = [];
      let start = 0;
      let newline: number;
      while ((newline = text.indexOf('\n', start)) !== -1) {
        if (!pending.length && !isTooLong && newline - start <= maxChars) finish(text.slice(start, newline), out);
        else {
          hold(text.slice(start, newline));
          close(out);
        }
        start = newline + 1;
      }
      if (start < text.length) hold(text.slice(start));
      return out;
    },
    end() {
      const out: RecordPiece[] = [];
      if (pending.length || isTooLong) close(out);
      return out;
    },
  };
}
