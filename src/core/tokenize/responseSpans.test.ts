import { describe, expect, it } from 'vitest';
import { countResponseSpans, responseSpans } from './responseSpans';

// Token ids in ChatML shape: 1 = <|im_start|>, 2 = "assistant", 3 = "\n", 9 = <|im_end|>, 7 = "user".
const HEADER = [1, 2, 3];
const END = [9];
const user = (...content: number[]) => [1, 7, 3, ...content, 9, 3];
const assistant = (...content: number[]) => [...HEADER, ...content, 9, 3];

describe('responseSpans', () => {
  it('responseSpans(single turn) is every position strictly between the header and the end marker', () => {
    const ids = [...user(40, 41), ...assistant(50, 51, 52)];
    // user: 0..6, header at 7..9, content 10..12, end marker 13
    expect(responseSpans(ids, HEADER, END)).toEqual([10, 11, 12]);
  });

  it('responseSpans(two assistant turns) collects both spans and nothing of the user turn between them', () => {
    const ids = [...user(40), ...assistant(50, 51), ...user(42, 43), ...assistant(60)];
    // user 0..5, header 6..8, 9..10, end 11, "\n" 12, user 13..19, header 20..22, 23, end 24
    expect(responseSpans(ids, HEADER, END)).toEqual([9, 10, 23]);
  });

  it('responseSpans: when truncation cut the end marker, the span runs to the end of the ids', () => {
    const ids = [...user(40), ...HEADER, 50, 51, 52];
    expect(responseSpans(ids, HEADER, END)).toEqual([9, 10, 11]);
    // The second of two turns cut open.
    expect(responseSpans([...assistant(50), ...HEADER, 60], HEADER, END)).toEqual([3, 9]);
  });

  it('responseSpans: a header at the very end (nothing after it) gives no positions', () => {
    expect(responseSpans([...user(40), ...HEADER], HEADER, END)).toEqual([]);
  });

  it('responseSpans: no assistant header gives no positions', () => {
    expect(responseSpans(user(40, 41), HEADER, END)).toEqual([]);
    expect(responseSpans([], HEADER, END)).toEqual([]);
  });

  it('responseSpans: an empty assistant turn (header then end) gives no positions', () => {
    expect(responseSpans([...user(40), ...assistant()], HEADER, END)).toEqual([]);
  });

  it('responseSpans: a partial header does not open a span', () => {
    // <|im_start|> user … and <|im_start|> assistant without its "\n".
    expect(responseSpans([1, 2, 50, 9, 1, 7, 3, 9], HEADER, END)).toEqual([]);
  });

  it('responseSpans matches multi-token end markers as a whole sequence', () => {
    // Lone 9s inside the answer do not end it; 9 8 does.
    expect(responseSpans([...HEADER, 50, 9, 51, 9, 8, 52], HEADER, [9, 8])).toEqual([3, 4, 5]);
  });

  it('responseSpans: a header inside an open span is content; the span ends at the first end marker', () => {
    expect(responseSpans([...HEADER, 50, ...HEADER, 51, 9], HEADER, END)).toEqual([3, 4, 5, 6, 7]);
  });

  it('responseSpans: an empty header matches nothing', () => {
    expect(responseSpans([1, 2, 3, 9], [], END)).toEqual([]);
  });

  it('responseSpans: an empty end marker never matches, so the span runs to the end', () => {
    expect(responseSpans([...HEADER, 50, 9, 3], HEADER, [])).toEqual([3, 4, 5]);
  });

  it('responseSpans returns ascending positions', () => {
    const ids = [...assistant(1, 2), ...assistant(3), ...user(4), ...assistant(5, 6, 7)];
    const positions = responseSpans(ids, HEADER, END);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(positions.map((p) => ids[p])).toEqual([1, 2, 3, 5, 6, 7]);
  });

  it('responseSpans(ids, header, end, skipped) leaves out the spans of those assistant turns, empty ones counted', () => {
    const ids = [...user(40), ...assistant(50, 51), ...assistant(), ...user(42), ...assistant(60), ...HEADER, 70];
    expect(countResponseSpans(ids, HEADER, END)).toBe(4);
    expect(responseSpans(ids, HEADER, END, new Set([0])).map((p) => ids[p])).toEqual([60, 70]);
    expect(responseSpans(ids, HEADER, END, new Set([1, 3])).map((p) => ids[p])).toEqual([50, 51, 60]);
  });
});
