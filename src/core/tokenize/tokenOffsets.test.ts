import { describe, expect, it } from 'vitest';
import { tokenDisplayText, tokenOffsets } from './tokenOffsets';

const encoder = new TextEncoder();

/** The UTF-8 bytes of `text` cut into tokens of the given byte lengths (the last takes the rest). */
function split(text: string, lengths: number[]): Uint8Array[] {
  const b = encoder.encode(text);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const n of lengths) {
    out.push(b.subarray(at, at + n));
    at += n;
  }
  out.push(b.subarray(at));
  return out;
}

/** Every token on its own byte. */
const perByte = (text: string) => Array.from(encoder.encode(text), (b) => Uint8Array.of(b));

const pieces = ({ text, offsets }: { text: string; offsets: number[] }) => offsets.slice(0, -1).map((o, i) => text.slice(o, offsets[i + 1]));

/** The invariants every result must keep, whatever the split. */
function expectConsistent(tokens: Uint8Array[], expectedText: string) {
  const r = tokenOffsets(tokens);
  expect(r.text).toBe(expectedText);
  expect(r.offsets).toHaveLength(tokens.length + 1);
  expect(r.offsets[0]).toBe(0);
  expect(r.offsets.at(-1)).toBe(r.text.length);
  for (let i = 1; i < r.offsets.length; i++) expect(r.offsets[i]).toBeGreaterThanOrEqual(r.offsets[i - 1]);
  expect(pieces(r).join('')).toBe(r.text);
  return r;
}

describe('tokenOffsets', () => {
  it('tokenOffsets(ascii tokens) gives cumulative lengths and the joined text', () => {
    const r = tokenOffsets([encoder.encode('Hello'), encoder.encode(','), encoder.encode(' world')]);
    expect(r).toEqual({ text: 'Hello, world', offsets: [0, 5, 6, 12] });
  });

  it('tokenOffsets([]) is the empty text with offsets [0]', () => {
    expect(tokenOffsets([])).toEqual({ text: '', offsets: [0] });
  });

  it('tokenOffsets gives an empty range to a token that holds only the tail bytes of a character', () => {
    // 👍 = F0 9F 91 8D: the first token holds the lead byte, so it covers the whole character (2 UTF-16 units).
    const r = expectConsistent(split('👍', [2]), '👍');
    expect(r.offsets).toEqual([0, 2, 2]);
    expect(pieces(r)).toEqual(['👍', '']);
  });

  it('tokenOffsets splits 👍🏽 (two code points) where their lead bytes fall', () => {
    // F0 9F 91 | 8D F0 9F | 8F BD: the middle token holds 👍's tail and 🏽's lead.
    const r = expectConsistent(split('👍🏽', [3, 3]), '👍🏽');
    expect(pieces(r)).toEqual(['👍', '🏽', '']);
  });

  it('tokenOffsets handles a ZWJ family emoji cut into single bytes', () => {
    const family = '👨\u200d👩\u200d👧';
    const r = expectConsistent(perByte(family), family);
    // 4 + 3 + 4 + 3 + 4 bytes; each code point goes to the byte token holding its lead byte.
    const nonEmpty = pieces(r).flatMap((p, i) => (p ? [[i, p]] : []));
    expect(nonEmpty).toEqual([
      [0, '👨'],
      [4, '\u200d'],
      [7, '👩'],
      [11, '\u200d'],
      [14, '👧'],
    ]);
  });

  it('tokenOffsets maps CJK characters cut across tokens', () => {
    // 中 = E4 B8 AD, 文 = E6 96 87: E4 | B8 AD E6 | 96 87
    const r = expectConsistent(split('中文', [1, 3]), '中文');
    expect(r.offsets).toEqual([0, 1, 2, 2]);
    expect(pieces(r)).toEqual(['中', '文', '']);
  });

  it('tokenOffsets counts an astral math letter (𝑥) as two UTF-16 units', () => {
    const r = expectConsistent(perByte('a𝑥b'), 'a𝑥b');
    expect(r.offsets).toEqual([0, 1, 3, 3, 3, 3, 4]);
  });

  it('tokenOffsets keeps a combining accent with the token holding its lead byte', () => {
    // e + U+0301 = 65 CC 81: 65 CC | 81
    const r = expectConsistent(split('e\u0301!', [2]), 'e\u0301!');
    expect(pieces(r)).toEqual(['e\u0301', '!']);
  });

  it('tokenOffsets round-trips any split of mixed text: every cut of every byte length 1–5', () => {
    const text = 'Σ 👍🏽 中文 𝑥² = e\u0301 — 👨\u200d👩\u200d👧 \\] \n';
    const n = encoder.encode(text).length;
    for (let size = 1; size <= 5; size++) {
      for (let shift = 0; shift < size; shift++) {
        const lengths = [shift];
        for (let at = shift; at + size < n; at += size) lengths.push(size);
        expectConsistent(split(text, lengths), text);
      }
    }
  });

  it('tokenOffsets gives empty tokens an empty range without moving the others', () => {
    const empty = new Uint8Array(0);
    const r = expectConsistent([empty, encoder.encode('ab'), empty, encoder.encode('c'), empty], 'abc');
    expect(r.offsets).toEqual([0, 0, 2, 2, 3, 3]);
  });

  it('tokenOffsets decodes invalid UTF-8 as one U+FFFD per byte, so offsets stay per token', () => {
    // A lone continuation byte, an invalid lead byte, an overlong form and an encoded surrogate.
    for (const bad of [[0x80], [0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
      const r = tokenOffsets([encoder.encode('a'), Uint8Array.from(bad), encoder.encode('b')]);
      expect(r.text).toBe('a' + '\ufffd'.repeat(bad.length) + 'b');
      expect(r.offsets).toEqual([0, 1, 1 + bad.length, 2 + bad.length]);
    }
  });

  it('tokenOffsets turns a character cut by truncation (lead bytes at the very end) into U+FFFD per byte', () => {
    const r = tokenOffsets([encoder.encode('ok '), Uint8Array.of(0xf0, 0x9f)]);
    expect(r.text).toBe('ok \ufffd\ufffd');
    expect(r.offsets).toEqual([0, 3, 5]);
  });

  it('tokenOffsets decodes like TextDecoder on valid UTF-8', () => {
    const text = 'x\u0000y\u007f\u0080\u07ff\u0800\uffff\u{10000}\u{10ffff}';
    expect(tokenOffsets(perByte(text)).text).toBe(new TextDecoder().decode(encoder.encode(text)));
  });
});

describe('tokenDisplayText', () => {
  it('tokenDisplayText(bytes) is the UTF-8 text of complete characters', () => {
    expect(tokenDisplayText(encoder.encode(' hello'))).toBe(' hello');
    expect(tokenDisplayText(encoder.encode('👍🏽中'))).toBe('👍🏽中');
  });

  it('tokenDisplayText(bytes) shows bytes that do not form a character as \\xNN', () => {
    expect(tokenDisplayText(Uint8Array.of(0xf0, 0x9f))).toBe('\\xf0\\x9f');
    expect(tokenDisplayText(Uint8Array.of(0x91, 0x8d))).toBe('\\x91\\x8d');
    expect(tokenDisplayText(Uint8Array.of(0x20, 0xe4))).toBe(' \\xe4');
    expect(tokenDisplayText(Uint8Array.of(0x8d, 0x61, 0xe4, 0xb8, 0xad))).toBe('\\x8da中');
  });

  it('tokenDisplayText keeps a genuine U+FFFD character (EF BF BD) and escapes a lone EF', () => {
    expect(tokenDisplayText(encoder.encode('\ufffd'))).toBe('\ufffd');
    expect(tokenDisplayText(Uint8Array.of(0xef))).toBe('\\xef');
    expect(tokenDisplayText(Uint8Array.of(0xef, 0xbf))).toBe('\\xef\\xbf');
  });

  it('tokenDisplayText(empty) is ""', () => {
    expect(tokenDisplayText(new Uint8Array(0))).toBe('');
  });
});
