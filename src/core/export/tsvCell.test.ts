import { describe, expect, it } from 'vitest';
import { tsvCell, tsvText } from './tsvCell';

describe('tsvCell', () => {
  it('reliability: tsvCell(text) escapes cells a spreadsheet would run as formulas (= + - @, tab, CR)', () => {
    expect(['=HYPERLINK("http://x","y")', '+1', '-cmd', '@SUM(A1)', '\t=1', '\r=1'].map((t) => tsvCell(t))).toEqual([
      `'=HYPERLINK("http://x","y")`,
      `'+1`,
      `'-cmd`,
      `'@SUM(A1)`,
      `' =1`,
      `' =1`,
    ]);
  });

  it('tsvCell(x) leaves ordinary text and numbers alone, negative numbers included, and keeps the row in one line', () => {
    expect(tsvCell('teacher_a')).toBe('teacher_a');
    expect(tsvCell(-1.5)).toBe('-1.5');
    expect(tsvCell(NaN)).toBe('');
    expect(tsvCell(0.123456, (n) => n.toFixed(5))).toBe('0.12346');
    expect(tsvCell('a\tb\nc')).toBe('a b c');
  });

  it('tsvText(header, rows) writes one line per row', () => {
    expect(tsvText(['teacher', 'rsr'], [['=x', 2], ['y', -1]])).toBe("teacher\trsr\n'=x\t2\ny\t-1\n");
  });
});
