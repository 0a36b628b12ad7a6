import { describe, expect, it } from 'vitest';
import { alignTexts } from '../../core/compare/alignTexts';
import { differsMask, sharedFraction } from './differsMask';

describe('differsMask', () => {
  const a = 'The same opening line of both texts.\nOnly A says this.\nThe same closing line of both texts.\n';
  const b = 'The same opening line of both texts.\nThe same closing line of both texts.\n';
  const al = alignTexts(a, b);
  it('differsMask marks the tokens of A’s own line and nothing of B', () => {
    const lines = a.split(/(?<=\n)/);
    const offsets = [0];
    for (const l of lines) offsets.push(offsets[offsets.length - 1] + l.length);
    expect([...differsMask(al, 'a', offsets)]).toEqual([0, 1, 0]);
    expect([...differsMask(al, 'b', [0, 37, b.length])]).toEqual([0, 0]);
  });
  it('sharedFraction is the share of a side’s text in shared spans', () => {
    expect(sharedFraction(al, 'b')).toBe(1);
    expect(sharedFraction(al, 'a')).toBeCloseTo(1 - 'Only A says this.\n'.length / a.length, 12);
  });
});
