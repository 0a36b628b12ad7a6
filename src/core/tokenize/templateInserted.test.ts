import { describe, expect, it } from 'vitest';
import { templateInsertedPositions } from './templateInserted';

/** Text cut into one-character tokens, with offsets. */
function chars(text: string) {
  return { text, offsets: Array.from({ length: text.length + 1 }, (_, i) => i) };
}
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

describe('templateInsertedPositions', () => {
  it('templateInsertedPositions marks the empty think block a template put before the content', () => {
    const head = 'U<A>';
    const think = '<think>\n\n</think>\n\n';
    const { text, offsets } = chars(`${head}${think}answer</A>`);
    const resp = range(head.length, head.length + think.length + 6);
    expect(templateInsertedPositions(text, offsets, resp, ['answer'])).toEqual(range(head.length, head.length + think.length));
  });

  it('templateInsertedPositions marks nothing when the span is exactly the content', () => {
    const { text, offsets } = chars('U<A><think>\nx\n</think>\n\ny</A>');
    expect(templateInsertedPositions(text, offsets, range(4, 25), ['<think>\nx\n</think>\n\ny'])).toEqual([]);
  });

  it('templateInsertedPositions matches each assistant turn to its own content', () => {
    const { text, offsets } = chars('Qa|QTTb|');
    // Turn 1 = "a" (positions 1), turn 2 = "TTb" (positions 4-6).
    expect(templateInsertedPositions(text, offsets, [1, 4, 5, 6], ['a', 'b'])).toEqual([4, 5]);
  });

  it('templateInsertedPositions keeps the template’s prefix of a span cut by truncation', () => {
    const { text, offsets } = chars('Q<t></t>long answ');
    expect(templateInsertedPositions(text, offsets, range(1, 17), ['long answer here'])).toEqual(range(1, 8));
  });

  it('templateInsertedPositions marks no token that also carries content, and gives a tail-byte token its predecessor’s mark', () => {
    // Tokens: "Q" | "<t>" | "" (tail bytes) | "\nab" | "c"
    const text = 'Q<t>\nabc';
    const offsets = [0, 1, 4, 4, 7, 8];
    expect(templateInsertedPositions(text, offsets, [1, 2, 3, 4], ['abc'])).toEqual([1, 2]);
  });

  it('templateInsertedPositions marks nothing when the template rewrote the content beyond recognition', () => {
    const { text, offsets } = chars('QXYZ');
    expect(templateInsertedPositions(text, offsets, [1, 2, 3], ['abc'])).toEqual([]);
  });
});
