import { jsonArraySplitter } from './jsonArraySplitter';
import { lineSplitter } from './lineSplitter';

/** One record's text cut out of the input, or a problem with the input's structure itself. */
export type RecordPiece =
  | { kind: 'record'; /** 1-based line the record starts on. */ line: number; /** Exact text, no line terminator. */ raw: string }
  | { kind: 'error'; line: number; reason: string };

/**
 * Push-style splitter: text goes in piece by piece as it is decoded, complete records come out.
 * Push rather than a generator so the same splitter serves the async stream and the sync `parseText`.
 */
export interface Splitter {
  /** Feeds the next piece of text; returns the records it completed. */
  push(text: string): RecordPiece[];
  /** Ends the input; returns the last record (no final newline) and any structural error. */
  end(): RecordPiece[];
}

const BOM = 0xfeff;

/** True for the four whitespace characters JSON allows between tokens. */
export function isJsonWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * Whether the first line of a record holds a whole JSON value (JSONL) or only its start (a
 * pretty-printed object spread over lines). Only braces, brackets and strings are tracked.
 */
function isWholeFirstLine(text: string, from: number): boolean {
  let depth = 0;
  let isInString = false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isInString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) isInString = false;
      continue;
    }
    if (c === 0x0a) break;
    if (c === 0x22) isInString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return true;
    }
  }
  return false;
}

/**
 * Splits JSONL, a JSON array of records, or a pretty-printed object (one record over many lines),
 * whichever the input is: the first non-whitespace character (after an optional BOM) decides, `[`
 * meaning an array; a `{` whose first line does not close it starts a pretty-printed object.
 * Until that is known the text is held back: whitespace, then at most the first line.
 */
export function recordSplitter(): Splitter {
  let inner: Splitter | null = null;
  let head = '';
  let isFirstText = true;
  function choose(isEnd: boolean): Splitter | null {
    let i = 0;
    while (i < head.length && isJsonWhitespace(head.charCodeAt(i))) i++;
    if (i === head.length) return null;
    if (head[i] === '[') return jsonArraySplitter();
    if (head[i] !== '{') return lineSplitter();
    if (isWholeFirstLine(head, i)) return lineSplitter();
    // An unclosed first line followed by a record line is broken JSONL, not a pretty-printed object
    // (whose second line is a `"key": value`): the broken line is reported and the rest load.
    let next = head.indexOf('\n', i);
    if (next >= 0) while (next < head.length && isJsonWhitespace(head.charCodeAt(next))) next++;
    // The second line is not here yet.
    if (next < 0 || next === head.length) return isEnd ? jsonArraySplitter({ bare: true }) : null;
    return head[next] === '{' ? lineSplitter() : jsonArraySplitter({ bare: true });
  }
  return {
    push(text) {
      // Byte input loses its BOM in the decoder; text input (parseText, string chunks) keeps it.
      if (isFirstText && text) {
        isFirstText = false;
        if (text.charCodeAt(0) === BOM) text = text.slice(1);
      }
      if (inner) return inner.push(text);
      head += text;
      inner = choose(false);
      if (!inner) return [];
      const held = head;
      head = '';
      return inner.push(held);
    },
    end() {
      if (!inner && head) {
        inner = choose(true);
        if (inner) {
          const out = inner.push(head);
          head = '';
          return [...out, ...inner.end()];
        }
      }
      return inner ? inner.end() : [];
    },
  };
}
