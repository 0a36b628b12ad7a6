import type { RecordPiece, Splitter } from './recordSplitter';

/**
 * JSONL: one record per line. Splits on `\n` only and drops one `\r` before it, so `raw` is the
 * line exactly as written and an exporter reproduces the input with `raw + '\n'`. Blank lines
 * yield nothing but still count, so every line number matches what an editor shows.
 */
export function lineSplitter(): Splitter {
  // Pieces of the unfinished line: kept apart and joined once, so a line spread over many chunks
  // costs one copy instead of one per chunk.
  let pending: string[] = [];
  let line = 0;

  function finish(text: string, out: RecordPiece[]) {
    line++;
    const raw = text.charCodeAt(text.length - 1) === 0x0d ? text.slice(0, -1) : text;
    if (raw.trim()) out.push({ kind: 'record', line, raw });
  }

  return {
    push(text) {
      const out: RecordPiece[] = [];
      let start = 0;
      let newline: number;
      while ((newline = text.indexOf('\n', start)) !== -1) {
        let piece = text.slice(start, newline);
        if (pending.length) {
          pending.push(piece);
          piece = pending.join('');
          pending = [];
        }
        finish(piece, out);
        start = newline + 1;
      }
      if (start < text.length) pending.push(text.slice(start));
      return out;
    },
    end() {
      const out: RecordPiece[] = [];
      if (pending.length) finish(pending.join(''), out);
      pending = [];
      return out;
    },
  };
}
