import { describe, expect, it } from 'vitest';
import { MARK_DIFFERS, MARK_MATCH, markPositions, markRanges, runStarts, textMatches, tokenAt } from './tokenMarks';

describe('tokenMarks', () => {
  it('textMatches finds every case-insensitive occurrence, not overlapping', () => {
    expect(textMatches('Wait, wait. WAIT!', 'wait')).toEqual([
      [0, 4],
      [6, 10],
      [12, 16],
    ]);
    expect(textMatches('aaaa', 'aa')).toEqual([
      [0, 2],
      [2, 4],
    ]);
    expect(textMatches('abc', '')).toEqual([]);
  });
  it('tokenAt returns the token covering a character, skipping empty tail-byte tokens', () => {
    const offsets = [0, 3, 3, 6, 10];
    expect([tokenAt(offsets, 0), tokenAt(offsets, 2), tokenAt(offsets, 3), tokenAt(offsets, 9)]).toEqual([0, 0, 2, 3]);
  });
  it('markRanges marks every token a range overlaps and returns each range’s first token', () => {
    const offsets = [0, 3, 6, 9, 12];
    const mask = new Uint8Array(4);
    expect(markRanges(mask, offsets, [[4, 7]], MARK_MATCH)).toEqual([1]);
    expect([...mask]).toEqual([0, 1, 1, 0]);
  });
  it('runStarts lists where each run of marked tokens begins', () => {
    const mask = new Uint8Array(6);
    markPositions(mask, [1, 2, 4], MARK_DIFFERS);
    expect(runStarts(mask, MARK_DIFFERS)).toEqual([1, 4]);
  });
});
