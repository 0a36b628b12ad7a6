import { describe, expect, it } from 'vitest';
import { tokenLines } from './tokenLines';
import { tabbableToken, tokenForKey, verticalNeighbour, type TokenLayout } from './tokenNavigation';

/** Tokens of "ab cd\nef gh\n\nij": every token scored except the first. */
function layoutOf(texts: string[], scored: (p: number) => boolean): TokenLayout {
  const offsets = [0];
  for (const t of texts) offsets.push(offsets[offsets.length - 1] + t.length);
  const rows = tokenLines(texts.join(''), offsets, 100);
  const rowOfToken = new Int32Array(texts.length);
  rows.forEach((r, i) => rowOfToken.fill(i, r.start, r.end));
  const respPositions = texts.flatMap((_, p) => (scored(p) ? [p] : []));
  const posToScore = new Int32Array(texts.length).fill(-1);
  respPositions.forEach((p, i) => (posToScore[p] = i));
  return { rows, rowOfToken, posToScore, respPositions, offsets };
}

const texts = ['ab', ' cd', '\n', 'ef', ' gh', '\n\n', 'ij'];
const layout = layoutOf(texts, (p) => p > 0);

describe('tokenForKey', () => {
  it('tokenForKey(ArrowLeft/Right) steps between scored tokens in text order, -1 at the ends', () => {
    expect(tokenForKey(layout, 1, 'ArrowRight', false, 1)).toBe(2);
    expect(tokenForKey(layout, 1, 'ArrowLeft', false, 1)).toBe(-1);
    expect(tokenForKey(layout, 6, 'ArrowRight', false, 1)).toBe(-1);
  });

  it('tokenForKey(ArrowDown/Up) goes to the nearest column of the next row with a scored token, over blank rows', () => {
    expect(tokenForKey(layout, 1, 'ArrowDown', false, 1)).toBe(4);
    expect(tokenForKey(layout, 4, 'ArrowDown', false, 1)).toBe(6);
    expect(tokenForKey(layout, 6, 'ArrowUp', false, 1)).toBe(3);
    expect(verticalNeighbour(layout, 6, 1, 1)).toBe(-1);
  });

  it('tokenForKey(Home/End) goes to the row’s first or last scored token, with Ctrl to the first or last of all', () => {
    expect(tokenForKey(layout, 2, 'Home', false, 1)).toBe(1);
    expect(tokenForKey(layout, 1, 'End', false, 1)).toBe(2);
    expect(tokenForKey(layout, 4, 'Home', true, 1)).toBe(1);
    expect(tokenForKey(layout, 1, 'End', true, 1)).toBe(6);
  });

  it('tokenForKey of a key that does not navigate is undefined', () => {
    expect(tokenForKey(layout, 1, 'a', false, 1)).toBeUndefined();
  });
});

describe('tabbableToken', () => {
  it('tabbableToken keeps the last used token while its row is drawn, else the first scored token in view', () => {
    expect(tabbableToken(layout, 0, 3, 0, 6)).toBe(6);
    expect(tabbableToken(layout, 0, 1, 0, 6)).toBe(1);
    expect(tabbableToken(layout, 0, 3, 1, -1)).toBe(3);
  });
});
