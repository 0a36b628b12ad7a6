import { jsonArraySplitter } from './jsonArraySplitter';
import { lineSplitter } from './lineSplitter';
import { MAX_RECORD_CHARS } from './recordLimit';

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
 * Reads the start of the input, piece by piece, until it can tell what the input is (see
 * recordSplitter): each character is looked at once however the text is cut, so a first line of
 * 32 MB in 64 kB pieces costs one pass, not one pass per piece (it cost 124 s). Tracks, from the
 * first non-whitespace character: whether the first line closes its `{` (braces, brackets and
 * strings only), and the first character after the first newline.
 */
function formatSniffer() {
  let first: string | undefined;
  // The first line's scan: nesting depth, inside a string, an escape carried over a piece boundary.
  let depth = 0;
  let isInString = false;
  let isEscaped = false;
  /** True: the first line holds a whole value; false: it ended (a newline outside a string) without one. */
  let isWholeLine: boolean | undefined;
  // The first newline after the first character (inside a string or not), then what follows it.
  let isPastNewline = false;
  let afterNewline: string | undefined;

  return {
    /** Scans the next piece of text; returns the splitter the input needs once that is known. */
    scan(text: string, isEnd: boolean): Splitter | null {
      let i = 0;
      if (first === undefined) {
        while (i < text.length && isJsonWhitespace(text.charCodeAt(i))) i++;
        if (i === text.length) return null;
        first = text[i];
        if (first === '[') return jsonArraySplitter();
        if (first !== '{') return lineSplitter();
      }
      for (let j = i; j < text.length && isWholeLine === undefined; j++) {
        const c = text.charCodeAt(j);
        if (isInString) {
          if (isEscaped) isEscaped = false;
          else if (c === 0x5c) isEscaped = true;
          else if (c === 0x22) isInString = false;
          continue;
        }
        if (c === 0x0a) isWholeLine = false;
        else if (c === 0x22) isInString = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) {
          depth--;
          if (depth === 0) isWholeLine = true;
        }
      }
      if (isWholeLine) return lineSplitter();
      for (let j = i; j < text.length && afterNewline === undefined; j++) {
        const c = text.charCodeAt(j);
        if (!isPastNewline) isPastNewline = c === 0x0a;
        else if (!isJsonWhitespace(c)) afterNewline = text[j];
      }
      // An unclosed first line followed by a record line is broken JSONL, not a pretty-printed object
      // (whose second line is a `"key": value`): the broken line is reported and the rest load.
      if (afterNewline !== undefined) return afterNewline === '{' ? lineSplitter() : jsonArraySplitter({ bare: true });
      return isEnd ? jsonArraySplitter({ bare: true }) : null;
    },
  };
}

/**
 * Splits JSONL, a JSON array of records, or a pretty-printed object (one record over many lines),
 * whichever the input is: the first non-whitespace character (after an optional BOM) decides, `[`
 * meaning an array; a `{` whose first line does not close it starts a pretty-printed object.
 * Until that is known the text is held back, as it came (whitespace, then at most the first line,
 * up to MAX_RECORD_CHARS: a first line that long is JSONL's, reported by the line splitter).
 */
export function recordSplitter(): Splitter {
  let inner: Splitter | null = null;
  const sniffer = formatSniffer();
  let held: string[] = [];
  let heldChars = 0;
  let isFirstText = true;
  /** The splitter is known: the held pieces go to it one by one (never joined into one string). */
  const start = (splitter: Splitter) => {
    inner = splitter;
    const out = held.flatMap((piece) => splitter.push(piece));
    held = [];
    return out;
  };
  return {
    push(text) {
      // Byte input loses its BOM in the decoder; text input (parseText, string chunks) keeps it.
      if (isFirstText && text) {
        isFirstText = false;
        if (text.charCodeAt(0) === BOM) text = text.slice(1);
      }
      if (inner) return inner.push(text);
      held.push(text);
      heldChars += text.length;
      const chosen = sniffer.scan(text, false) ?? (heldChars > MAX_RECORD_CHARS ? lineSplitter() : null);
      return chosen ? start(chosen) : [];
    },
    end() {
      if (!inner && held.length) {
        const chosen = sniffer.scan('', true);
        if (!chosen) return [];
        return [...start(chosen), ...inner!.end()];
      }
      return inner ? inner.end() : [];
    },
  };
}
