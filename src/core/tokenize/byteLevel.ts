/**
 * Byte-level BPE (GPT-2, Qwen, Llama 3) stores every byte as a printable character so the vocabulary
 * is plain text. This is GPT-2's `bytes_to_unicode` table, inverted: token string → raw bytes.
 * Needed because a token is often only part of a UTF-8 character, which `decode([id])` turns into U+FFFD.
 */
function buildCharToByte(): Map<number, number> {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const map = new Map<number, number>();
  for (const b of printable) map.set(b, b);
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    if (!map.has(b)) map.set(256 + shifted++, b);
  }
  return map;
}

const charToByte = buildCharToByte();

/** Bytes of a byte-level BPE token string; undefined when a character is outside the table (not byte-level). */
export function byteLevelBytes(token: string): Uint8Array | undefined {
  const out = new Uint8Array(token.length);
  let n = 0;
  for (const ch of token) {
    const b = charToByte.get(ch.codePointAt(0)!);
    if (b === undefined) return undefined;
    out[n++] = b;
  }
  return out.subarray(0, n);
}

const encoder = new TextEncoder();

/**
 * SentencePiece-style vocabularies (Llama 2, Mistral, Gemma): `▁` is a space and `<0xNN>` is a raw
 * byte (byte fallback); anything else is its own UTF-8.
 */
export function sentencePieceBytes(token: string): Uint8Array {
  const hex = /^<0x([0-9A-Fa-f]{2})>$/.exec(token);
  if (hex) return Uint8Array.of(parseInt(hex[1], 16));
  return encoder.encode(token.replaceAll('\u2581', ' '));
}
