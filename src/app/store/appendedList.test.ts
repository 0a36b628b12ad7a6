import { describe, expect, it, vi } from 'vitest';
import { appendMemo, appended, appendedSince } from './appendedList';

describe('appended / appendedSince', () => {
  it('a list appended to (in one step or several) continues the list it came from, at its old length', () => {
    const a = [1, 2];
    const b = appended(a, [3]);
    const c = appended(b, [4, 5]);
    expect(c).toEqual([1, 2, 3, 4, 5]);
    expect(a).toEqual([1, 2]);
    expect(appendedSince(a, b)).toBe(2);
    expect(appendedSince(a, c)).toBe(2);
    expect(appendedSince(b, c)).toBe(3);
    expect(appendedSince(c, c)).toBe(5);
  });

  it('a list never continues a longer one, nor one made another way', () => {
    const a = [1, 2];
    const b = appended(a, [3]);
    expect(appendedSince(b, a)).toBe(-1);
    expect(appendedSince(a, [1, 2, 3])).toBe(-1);
    expect(appendedSince(b, b.filter(() => true))).toBe(-1);
  });

  it('two continuations of one list (an older state put back, then appended to) do not continue each other', () => {
    const a = appended([], [1]);
    const b = appended(a, [2]);
    const c = appended(a, [9, 9]);
    expect(appendedSince(b, c)).toBe(-1);
    expect(appendedSince(c, b)).toBe(-1);
    expect(appendedSince(a, c)).toBe(1);
  });
});

describe('appendMemo', () => {
  const sumOf = () => vi.fn((previous: number | undefined, list: readonly number[], start: number, _context: object) => list.slice(start).reduce((s, x) => s + x, previous ?? 0));

  it('folds only the new items of an appended list, and answers again without folding for the same list', () => {
    const fold = sumOf();
    const sum = appendMemo(fold);
    const a = appended([], [1, 2]);
    const b = appended(a, [3, 4]);
    expect(sum(a, {})).toBe(3);
    expect(sum(b, {})).toBe(10);
    expect(sum(b, {})).toBe(10);
    expect(fold.mock.calls.map(([previous, , start]) => [previous, start])).toEqual([
      [undefined, 0],
      [3, 2],
    ]);
  });

  it('starts again from the first item for a list made another way, or when a value of its context changes', () => {
    const fold = sumOf();
    const sum = appendMemo(fold);
    const a = appended([], [1, 2]);
    expect(sum(a, { filter: 'x' })).toBe(3);
    expect(sum(appended(a, [3]), { filter: 'y' })).toBe(6);
    expect(sum([5], { filter: 'y' })).toBe(5);
    expect(fold.mock.calls.map(([previous, , start]) => [previous, start])).toEqual([
      [undefined, 0],
      [undefined, 0],
      [undefined, 0],
    ]);
  });
});
