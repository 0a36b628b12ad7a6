import { describe, expect, it } from 'vitest';
import { tokenLines } from './tokenLines';

/** offsets for a list of token texts. */
function build(texts: string[]): [string, number[]] {
  const offsets = [0];
  for (const t of texts) offsets.push(offsets[offsets.length - 1] + t.length);
  return [texts.join(''), offsets];
}

describe('tokenLines', () => {
  it('tokenLines(text, offsets, n) ends a row after each token holding a newline', () => {
    const [text, offsets] = build(['a', ' b', '\n', 'c', '.\n', 'd']);
    expect(tokenLines(text, offsets, 100)).toEqual([
      { start: 0, end: 3, line: 0, isContinuation: false },
      { start: 3, end: 5, line: 1, isContinuation: false },
      { start: 5, end: 6, line: 2, isContinuation: false },
    ]);
  });

  it('tokenLines keeps blank lines: a token with k newlines is followed by k − 1 empty rows', () => {
    const [text, offsets] = build(['para', '\n\n\n', 'next']);
    expect(tokenLines(text, offsets, 100)).toEqual([
      { start: 0, end: 2, line: 0, isContinuation: false },
      { start: 2, end: 2, line: 1, isContinuation: false },
      { start: 2, end: 2, line: 2, isContinuation: false },
      { start: 2, end: 3, line: 3, isContinuation: false },
    ]);
  });

  it('tokenLines wraps a long line at token boundaries into rows of at most maxRowChars characters', () => {
    const texts = Array.from({ length: 100 }, () => 'abc');
    const [text, offsets] = build(texts);
    const rows = tokenLines(text, offsets, 10);
    expect(rows).toHaveLength(34);
    for (const r of rows) expect(offsets[r.end] - offsets[r.start]).toBeLessThanOrEqual(10);
    expect(rows[0].isContinuation).toBe(false);
    expect(rows.slice(1).every((r) => r.isContinuation && r.line === 0)).toBe(true);
  });

  it('tokenLines covers every token exactly once, in order', () => {
    const texts = ['x', 'yy\n', 'z'.repeat(30), 'w', '\n', '\n', 'end'];
    const [text, offsets] = build(texts);
    const covered = tokenLines(text, offsets, 8).flatMap((r) => Array.from({ length: r.end - r.start }, (_, i) => r.start + i));
    expect(covered).toEqual(texts.map((_, i) => i));
  });

  it('tokenLines gives a token longer than maxRowChars a row of its own', () => {
    const [text, offsets] = build(['a', 'b'.repeat(50), 'c']);
    expect(tokenLines(text, offsets, 10).map((r) => [r.start, r.end])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });

  it('tokenLines counts an empty-range token (tail bytes of a character) as one character', () => {
    const text = 'é'.repeat(4);
    const offsets = [0, 1, 1, 2, 2, 3, 3, 4, 4];
    expect(tokenLines(text, offsets, 4).map((r) => [r.start, r.end])).toEqual([
      [0, 4],
      [4, 8],
    ]);
  });

  it('tokenLines of no tokens is one blank row', () => {
    expect(tokenLines('', [0], 80)).toEqual([{ start: 0, end: 0, line: 0, isContinuation: false }]);
  });

  it('tokenLines of 30,000 tokens takes a few milliseconds', () => {
    const texts = Array.from({ length: 30_000 }, (_, i) => (i % 17 === 16 ? '\n' : ' tok'));
    const [text, offsets] = build(texts);
    const t0 = performance.now();
    const rows = tokenLines(text, offsets, 100);
    expect(performance.now() - t0).toBeLessThan(100);
    expect(rows.length).toBeGreaterThan(1700);
  });
});
