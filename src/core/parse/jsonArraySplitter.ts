import { MAX_RECORD_CHARS, tooLongReason } from './recordLimit';
import { isJsonWhitespace, type RecordPiece, type Splitter } from './recordSplitter';

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** Trailing whitespace before a separator is layout, not part of the element. */
function trimJsonWhitespaceEnd(text: string): string {
  let end = text.length;
  while (end > 0 && isJsonWhitespace(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end);
}

/**
 * A JSON array of records, cut into its top-level elements as the text streams in, so a large
 * array is never parsed (or held) whole. With `bare`, the input is instead JSON values one after
 * another with no array around them: a single pretty-printed object, or several. The scanner only tracks strings, escapes and nesting
 * depth; each element's text then goes through JSON.parse alone, so a broken element is reported
 * on its own line and its neighbours still load. Brackets are counted, not matched: a mismatched
 * `{]` inside an element is left for JSON.parse to report.
 */
export function jsonArraySplitter({ bare = false, maxChars = MAX_RECORD_CHARS } = {}): Splitter {
  let state: 'before' | 'array' | 'after' | 'done' = bare ? 'array' : 'before';
  let line = 1;
  let arrayLine = 1;
  let depth = 0;
  let isInString = false;
  let isEscaped = false;
  let hasComma = false;
  /** Pieces of the element being read, or null between elements; emptied once it passes maxChars (then only counted). */
  let element: string[] | null = null;
  let elementChars = 0;
  let isTooLong = false;
  let elementLine = 0;
  /** What ends a run of string content: a quote, an escape, or a raw newline (invalid JSON, but still a line). */
  const stringStop = /["\\\n]/g;

  function add(piece: string) {
    elementChars += piece.length;
    if (isTooLong) return;
    if (elementChars > maxChars) {
      isTooLong = true;
      element = [];
    } else element!.push(piece);
  }

  function take(out: RecordPiece[]) {
    if (isTooLong) out.push({ kind: 'error', line: elementLine, reason: tooLongReason(elementChars, maxChars) });
    else out.push({ kind: 'record', line: elementLine, raw: trimJsonWhitespaceEnd(element!.join('')) });
    element = null;
    elementChars = 0;
    isTooLong = false;
  }

  return {
    push(text) {
      const out: RecordPiece[] = [];
      let start = 0;
      for (let i = 0; i < text.length; i++) {
        if (isInString) {
          if (isEscaped) {
            isEscaped = false;
            if (text.charCodeAt(i) === NEWLINE) line++;
            continue;
          }
          // Most of a record is string content: jump straight to the next character that matters.
          stringStop.lastIndex = i;
          const stop = stringStop.exec(text);
          if (!stop) break;
          i = stop.index;
          const s = text.charCodeAt(i);
          if (s === NEWLINE) line++;
          else if (s === BACKSLASH) isEscaped = true;
          else isInString = false;
          continue;
        }
        const c = text.charCodeAt(i);
        if (c === NEWLINE) line++;
        if (state === 'array') {
          if (isJsonWhitespace(c)) continue;
          if (depth === 0 && !bare && (c === COMMA || c === CLOSE_BRACKET)) {
            if (element) {
              add(text.slice(start, i));
              take(out);
            } else if (c === COMMA) {
              out.push({ kind: 'error', line, reason: 'empty element in JSON array (two commas in a row?)' });
            } else if (hasComma) {
              out.push({ kind: 'error', line, reason: 'trailing comma in JSON array' });
            }
            hasComma = c === COMMA;
            if (c === CLOSE_BRACKET) state = 'after';
            continue;
          }
          if (!element) {
            element = [];
            elementLine = line;
            start = i;
          }
          if (c === QUOTE) isInString = true;
          else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
          else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) {
            depth--;
            if (bare && depth === 0) {
              add(text.slice(start, i + 1));
              take(out);
            }
          }
        } else if (isJsonWhitespace(c)) {
          continue;
        } else if (state === 'before' && c === OPEN_BRACKET) {
          state = 'array';
          arrayLine = line;
        } else if (state !== 'done') {
          const reason = state === 'before' ? 'expected "[" to start a JSON array' : 'unexpected text after the end of the JSON array';
          out.push({ kind: 'error', line, reason });
          state = 'done';
        }
      }
      if (element) add(text.slice(start));
      return out;
    },
    end() {
      const out: RecordPiece[] = [];
      if (bare) {
        if (element) take(out);
        return out;
      }
      if (state !== 'array') return out;
      // A missing "]" (a truncated download, say) must not cost the records read so far.
      if (element) take(out);
      out.push({ kind: 'error', line: arrayLine, reason: 'JSON array is not closed (no "]" at the end)' });
      state = 'done';
      return out;
    },
  };
}
