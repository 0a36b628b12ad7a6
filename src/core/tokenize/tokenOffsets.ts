/**
 * Character offsets of tokens in the text their bytes decode to.
 *
 * Tokens are concatenated as bytes and decoded once. Each code point belongs to the token holding its
 * first byte, so a token made only of a character's tail bytes covers an empty range and the token
 * texts still concatenate to the whole text. Offsets are in UTF-16 code units (JavaScript indices).
 * Invalid UTF-8 (only where truncation cuts a character) becomes one U+FFFD per byte — unlike
 * TextDecoder, which replaces a cut sequence once — so every byte stays attributed to its token.
 */
export function tokenOffsets(tokenBytes: readonly Uint8Array[]): { text: string; offsets: number[] } {
  let total = 0;
  for (const b of tokenBytes) total += b.length;
  const bytes = new Uint8Array(total);
  const tokenStart = new Array<number>(tokenBytes.length + 1);
  let at = 0;
  for (let i = 0; i < tokenBytes.length; i++) {
    tokenStart[i] = at;
    bytes.set(tokenBytes[i], at);
    at += tokenBytes[i].length;
  }
  tokenStart[tokenBytes.length] = total;

  const parts: string[] = [];
  const offsets = new Array<number>(tokenBytes.length + 1);
  let units = 0;
  let token = 0;
  let i = 0;
  while (i < total) {
    // Tokens that start at or before this code point's first byte begin here.
    while (token <= tokenBytes.length && tokenStart[token] <= i) offsets[token++] = units;
    const [cp, len] = readCodePoint(bytes, i);
    const ch = String.fromCodePoint(cp);
    parts.push(ch);
    units += ch.length;
    i += len;
  }
  while (token <= tokenBytes.length) offsets[token++] = units;
  return { text: parts.join(''), offsets };
}

/** One UTF-8 code point at `i`: [codePoint, byteLength]; malformed input yields [U+FFFD, 1]. */
function readCodePoint(b: Uint8Array, i: number): [number, number] {
  const b0 = b[i];
  if (b0 < 0x80) return [b0, 1];
  let len: number;
  let cp: number;
  let min: number;
  if (b0 >= 0xc2 && b0 <= 0xdf) [len, cp, min] = [2, b0 & 0x1f, 0x80];
  else if (b0 >= 0xe0 && b0 <= 0xef) [len, cp, min] = [3, b0 & 0x0f, 0x800];
  else if (b0 >= 0xf0 && b0 <= 0xf4) [len, cp, min] = [4, b0 & 0x07, 0x10000];
  else return [0xfffd, 1];
  if (i + len > b.length) return [0xfffd, 1];
  for (let k = 1; k < len; k++) {
    const c = b[i + k];
    if ((c & 0xc0) !== 0x80) return [0xfffd, 1];
    cp = (cp << 6) | (c & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return [0xfffd, 1];
  return [cp, len];
}

/** Display text of a lone token: its UTF-8 text, with bytes that do not form a character shown as \xNN. */
export function tokenDisplayText(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const [cp, len] = readCodePoint(bytes, i);
    if (cp === 0xfffd && !(len === 3 && bytes[i] === 0xef)) {
      out += '\\x' + bytes[i].toString(16).padStart(2, '0');
      i += 1;
    } else {
      out += String.fromCodePoint(cp);
      i += len;
    }
  }
  return out;
}
