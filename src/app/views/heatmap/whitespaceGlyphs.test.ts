import { describe, expect, it } from 'vitest';
import { whitespaceGlyphs } from './whitespaceGlyphs';

describe('whitespaceGlyphs', () => {
  it('whitespaceGlyphs(s) shows space as ·, newline as ↵ and tab as →', () => {
    expect(whitespaceGlyphs(' \n\t')).toEqual([{ text: '·↵→', isWhitespace: true }]);
  });

  it('whitespaceGlyphs(s) splits text and whitespace into ordered runs', () => {
    expect(whitespaceGlyphs(' the  cat\n')).toEqual([
      { text: '·', isWhitespace: true },
      { text: 'the', isWhitespace: false },
      { text: '··', isWhitespace: true },
      { text: 'cat', isWhitespace: false },
      { text: '↵', isWhitespace: true },
    ]);
  });

  it('whitespaceGlyphs(s) keeps one glyph per character, so lengths match', () => {
    const s = 'a b\tc\r\nd\u00a0e';
    expect(whitespaceGlyphs(s).map((r) => r.text).join('')).toHaveLength(s.length);
  });

  it('whitespaceGlyphs(s) leaves text without whitespace as one run, and markup as plain characters', () => {
    expect(whitespaceGlyphs('<script>')).toEqual([{ text: '<script>', isWhitespace: false }]);
  });

  it('whitespaceGlyphs("") gives no runs', () => {
    expect(whitespaceGlyphs('')).toEqual([]);
  });
});
