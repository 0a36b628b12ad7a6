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
 * Splits JSONL or a JSON array of records, whichever the input is: the first non-whitespace
 * character (after an optional BOM) decides, `[` meaning an array. Until that character arrives
 * the text is held back, which is only ever whitespace.
 */
export function recordSplitter(): Splitter {
  let inner: Splitter | null = null;
  let head = '';
  let isFirstText = true;
  return {
    push(text) {
      // Byte input loses its BOM in the decoder; text input (parseText, string chunks) keeps it.
      if (isFirstText && text) {
        isFirstText = false;
        if (text.charCodeAt(0) === BOM) text = text.slice(1);
      }
      if (inner) return inner.push(text);
      head += text;
      let i = 0;
      while (i < head.length && isJsonWhitespace(head.charCodeAt(i))) i++;
      if (i === head.length) return [];
      inner = head[i] === '[' ? jsonArraySplitter() : lineSplitter();
      const held = head;
      head = '';
      return inner.push(held);
    },
    end() {
      return inner ? inner.end() : [];
    },
  };
}
