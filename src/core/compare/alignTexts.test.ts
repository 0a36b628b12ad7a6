import { describe, expect, it } from 'vitest';
import { alignTexts, mapOffset, type TextAlignment } from './alignTexts';

/** The spans cover both texts exactly, in order, with no gap. */
function checkCover(al: TextAlignment) {
  let a = 0;
  let b = 0;
  for (const s of al.spans) {
    expect([s.aStart, s.bStart]).toEqual([a, b]);
    a = s.aEnd;
    b = s.bEnd;
  }
  expect([a, b]).toEqual([al.aLength, al.bLength]);
}

const A = 'Let x be the number of coins.\nThen 14 x = 42, so x = 3.\nWait, let me check: 14 * 3 = 42.\nThe answer is 3.\n';
const B = 'Let x be the number of coins.\nThen 14 x = 42, so x = 3.\nThe answer is 3.\n';

describe('alignTexts', () => {
  it('alignTexts marks the line only A wrote as a difference and the rest as shared, covering both texts', () => {
    const al = alignTexts(A, B);
    checkCover(al);
    const differ = al.spans.filter((s) => !s.isShared);
    expect(differ.map((s) => [A.slice(s.aStart, s.aEnd), B.slice(s.bStart, s.bEnd)])).toEqual([['Wait, let me check: 14 * 3 = 42.\n', '']]);
  });

  it('alignTexts refines a changed line word by word: the common words of the line stay shared', () => {
    const a = 'First we compute the total sum of all the coins in the box.\n';
    const b = 'First we compute the total weight of all the coins in the box.\n';
    const al = alignTexts(a, b);
    checkCover(al);
    const differ = al.spans.filter((s) => !s.isShared);
    expect(differ.map((s) => [a.slice(s.aStart, s.aEnd), b.slice(s.bStart, s.bEnd)])).toEqual([['sum', 'weight']]);
  });

  it('alignTexts counts short common runs ("the", "=") between unrelated answers as different', () => {
    const al = alignTexts('So the area is 12.', 'Hence the ratio equals 7/3.');
    checkCover(al);
    expect(al.spans).toHaveLength(1);
    expect(al.spans[0].isShared).toBe(false);
  });

  it('alignTexts of identical texts is one shared span; of empty texts, none', () => {
    expect(alignTexts(A, A).spans).toEqual([{ aStart: 0, aEnd: A.length, bStart: 0, bEnd: A.length, isShared: true }]);
    expect(alignTexts('', '').spans).toEqual([]);
  });
});

describe('mapOffset', () => {
  const al = alignTexts(A, B);
  const inserted = A.indexOf('Wait');
  it('mapOffset is exact inside shared text, both ways', () => {
    const p = A.indexOf('14 x');
    expect(mapOffset(al, 'a', p)).toBe(B.indexOf('14 x'));
    expect(mapOffset(al, 'b', B.indexOf('The answer'))).toBe(A.indexOf('The answer'));
  });
  it('mapOffset holds the other side at the insertion point while one side reads its insertion', () => {
    const at = B.indexOf('The answer');
    expect(mapOffset(al, 'a', inserted)).toBe(at);
    expect(mapOffset(al, 'a', inserted + 10)).toBe(at);
  });
});
