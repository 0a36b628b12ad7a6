import { describe, expect, it } from 'vitest';
import { byteLevelBytes, sentencePieceBytes } from './byteLevel';

const utf8 = (s: string) => Array.from(new TextEncoder().encode(s));
const bytes = (token: string) => {
  const b = byteLevelBytes(token);
  return b && Array.from(b);
};

// GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the other 68 bytes are
// shifted to U+0100… in byte order.
const PRINTABLE = [
  ...Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => 0x21 + i),
  ...Array.from({ length: 0xac - 0xa1 + 1 }, (_, i) => 0xa1 + i),
  ...Array.from({ length: 0xff - 0xae + 1 }, (_, i) => 0xae + i),
];

describe('byteLevelBytes', () => {
  it('byteLevelBytes(token) maps printable characters to their own byte', () => {
    expect(bytes('Hello!~')).toEqual(utf8('Hello!~'));
    // é is byte 0xE9 in the table (one byte), not its two-byte UTF-8 form.
    expect(bytes('é')).toEqual([0xe9]);
  });

  it('byteLevelBytes(token) maps the shifted characters back: Ġ is a space, Ċ a newline, ĉ a tab, Ń the soft hyphen byte', () => {
    expect(bytes('Ġthe')).toEqual(utf8(' the'));
    expect(bytes('ĊĊ')).toEqual([0x0a, 0x0a]);
    expect(bytes('ĉ')).toEqual([0x09]);
    expect(bytes('Ā')).toEqual([0x00]);
    expect(bytes('ġ')).toEqual([0x7f]);
    expect(bytes('Ń')).toEqual([0xad]);
  });

  it('byteLevelBytes(token) is a bijection between the 256 table characters and the 256 bytes', () => {
    const table = [...PRINTABLE.map((b) => String.fromCodePoint(b)), ...Array.from({ length: 68 }, (_, i) => String.fromCodePoint(0x100 + i))];
    expect(table).toHaveLength(256);
    const seen = table.map((ch) => bytes(ch));
    for (const b of seen) expect(b).toHaveLength(1);
    expect(new Set(seen.map((b) => b![0])).size).toBe(256);
  });

  it('byteLevelBytes(token) turns the token string of a split emoji back into raw UTF-8 bytes', () => {
    // 👍 is F0 9F 91 8D; 0x9F, 0x91, 0x8D are non-printable and shifted to Ł, ĳ, į.
    expect(bytes('ðŁĳį')).toEqual(utf8('👍'));
    expect(bytes('ðŁ')).toEqual([0xf0, 0x9f]);
  });

  it('byteLevelBytes(token) is undefined when a character is outside the table (not a byte-level token)', () => {
    expect(byteLevelBytes(' the')).toBeUndefined(); // a raw space never appears in a byte-level vocabulary
    expect(byteLevelBytes('ń')).toBeUndefined(); // U+0144, one past the shifted range
    expect(byteLevelBytes('中')).toBeUndefined();
    expect(byteLevelBytes('▁hi')).toBeUndefined();
  });

  it('byteLevelBytes("") is empty', () => {
    expect(bytes('')).toEqual([]);
  });
});

describe('sentencePieceBytes', () => {
  it('sentencePieceBytes(token) reads ▁ as a space and the rest as UTF-8', () => {
    expect(Array.from(sentencePieceBytes('▁hello▁world'))).toEqual(utf8(' hello world'));
    expect(Array.from(sentencePieceBytes('中é'))).toEqual(utf8('中é'));
  });

  it('sentencePieceBytes(<0xNN>) is that one raw byte, hex in either case', () => {
    expect(Array.from(sentencePieceBytes('<0x0A>'))).toEqual([0x0a]);
    expect(Array.from(sentencePieceBytes('<0xe2>'))).toEqual([0xe2]);
    expect(Array.from(sentencePieceBytes('<0xFF>'))).toEqual([0xff]);
  });

  it('sentencePieceBytes(token) keeps text that only looks like a byte token as text', () => {
    expect(Array.from(sentencePieceBytes('<0x0A>x'))).toEqual(utf8('<0x0A>x'));
    expect(Array.from(sentencePieceBytes('<0xZZ>'))).toEqual(utf8('<0xZZ>'));
  });
});
