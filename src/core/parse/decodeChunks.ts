/** Where the first invalid UTF-8 byte of a line sits: 1-based line, 1-based byte column, the byte. */
export interface InvalidUtf8 {
  line: number;
  column: number;
  byte: number;
}

/** The text encoding of the input, chosen from its first bytes. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * The encoding by byte-order mark (UTF-16 LE `FF FE`, UTF-16 BE `FE FF`, UTF-8 `EF BB BF`), else by
 * the zero bytes of ASCII text in UTF-16 without a mark (`{\0"\0` is UTF-16 LE), else UTF-8.
 * Windows tools (PowerShell's `>`, Notepad's "Unicode") write UTF-16 with a mark.
 */
export function sniffEncoding(head: Uint8Array): TextEncodingName {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head.length >= 4 && head[0] !== 0 && head[1] === 0 && head[2] !== 0 && head[3] === 0) return 'utf-16le';
  if (head.length >= 4 && head[0] === 0 && head[1] !== 0 && head[2] === 0 && head[3] !== 0) return 'utf-16be';
  return 'utf-8';
}

/**
 * A UTF-8 validator that runs beside the decoder (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF) and reports the first bad byte of each line. The decoder itself must not
 * be fatal — one bad byte would cost the file — but it turns bad bytes into U+FFFD, silently
 * changing an id so that it no longer joins with other files; the records on reported lines are
 * rejected instead (see parseInput).
 */
function utf8Validator(onInvalid: (where: InvalidUtf8) => void) {
  let line = 1;
  let column = 0;
  /** Continuation bytes still expected, and the allowed range of the next one. */
  let need = 0;
  let low = 0x80;
  let high = 0xbf;
  /** Where the sequence being read began: a broken sequence is reported at its first byte. */
  let lead = 0;
  let leadLine = 0;
  let leadColumn = 0;
  let reportedLine = 0;
  const report = (byte: number, atLine = line, atColumn = column) => {
    if (reportedLine === atLine) return;
    reportedLine = atLine;
    onInvalid({ line: atLine, column: atColumn, byte });
  };
  return {
    push(bytes: Uint8Array) {
      for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i];
        column++;
        if (need) {
          if (b >= low && b <= high) {
            need--;
            low = 0x80;
            high = 0xbf;
            continue;
          }
          // The sequence broke off: this byte starts afresh.
          report(lead, leadLine, leadColumn);
          need = 0;
          low = 0x80;
          high = 0xbf;
        }
        if (b < 0x80) {
          if (b === 0x0a) {
            line++;
            column = 0;
          }
          continue;
        }
        lead = b;
        leadLine = line;
        leadColumn = column;
        if (b >= 0xc2 && b <= 0xdf) need = 1;
        else if (b >= 0xe0 && b <= 0xef) {
          need = 2;
          if (b === 0xe0) low = 0xa0;
          else if (b === 0xed) high = 0x9f;
        } else if (b >= 0xf0 && b <= 0xf4) {
          need = 3;
          if (b === 0xf0) low = 0x90;
          else if (b === 0xf4) high = 0x8f;
        } else report(b);
      }
    },
    end() {
      if (need) report(-1, leadLine, leadColumn);
      need = 0;
    },
  };
}

/** The chunks already taken from `it`, then the rest of it. */
async function* replay<T>(taken: T[], it: AsyncIterator<T>): AsyncGenerator<T> {
  yield* taken;
  for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
}

/**
 * Text pieces of a byte (or text) stream, decoded as they arrive so that a 500 MB file is never one
 * string. The encoding comes from the first bytes (see sniffEncoding); the stream-mode decoder
 * carries a character split across two chunks over to the next one and drops a leading BOM.
 * Invalid UTF-8 is reported through `onInvalid` before the text that holds it is yielded.
 */
export async function* decodeChunks(
  chunks: AsyncIterable<Uint8Array | string>,
  onInvalid: (where: InvalidUtf8) => void = () => {},
): AsyncGenerator<string> {
  const it = chunks[Symbol.asyncIterator]();
  // Gather enough bytes to sniff the encoding (chunks may be tiny).
  const taken: (Uint8Array | string)[] = [];
  let headLength = 0;
  while (headLength < 4) {
    const r = await it.next();
    if (r.done) break;
    taken.push(r.value);
    if (typeof r.value === 'string') break;
    headLength += r.value.length;
  }
  const head = new Uint8Array(headLength);
  let at = 0;
  for (const c of taken) if (typeof c !== 'string') head.set(c, (at += c.length) - c.length);
  const encoding = sniffEncoding(head);
  const decoder = new TextDecoder(encoding, { fatal: false });
  const validator = encoding === 'utf-8' ? utf8Validator(onInvalid) : undefined;
  let hasBytes = false;
  for await (const chunk of replay(taken, it)) {
    if (typeof chunk !== 'string') {
      hasBytes = true;
      validator?.push(chunk);
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
      continue;
    }
    // Text after bytes: whatever partial character the decoder holds belongs before it.
    if (hasBytes) {
      hasBytes = false;
      validator?.end();
      const tail = decoder.decode();
      if (tail) yield tail;
    }
    if (chunk) yield chunk;
  }
  validator?.end();
  const tail = decoder.decode();
  if (tail) yield tail;
}
