import { describe, expect, it } from 'vitest';
import type { TeacherPair } from '../../../core/select/pairTeachers';
import { sortPairs } from './sortPairs';

const pair = (id: string, rsrA: number, rsrB: number): TeacherPair<null> => ({ id, a: null, b: null, rsrA, rsrB, diff: rsrA - rsrB });
const pairs = [pair('p10', 1, 3), pair('p2', 5, NaN), pair('p1', 4, 1)];
const ids = (ps: TeacherPair<null>[]) => ps.map((p) => p.id);

describe('sortPairs', () => {
  it('sortPairs(pairs, order) keeps A’s order, or reverses it', () => {
    expect(ids(sortPairs(pairs, { column: 'order', descending: false }))).toEqual(['p10', 'p2', 'p1']);
    expect(ids(sortPairs(pairs, { column: 'order', descending: true }))).toEqual(['p1', 'p2', 'p10']);
  });
  it('sortPairs(pairs, id) compares ids numerically', () => {
    expect(ids(sortPairs(pairs, { column: 'id', descending: false }))).toEqual(['p1', 'p2', 'p10']);
  });
  it('sortPairs(pairs, diff) puts NaN last in both directions', () => {
    expect(ids(sortPairs(pairs, { column: 'diff', descending: false }))).toEqual(['p10', 'p1', 'p2']);
    expect(ids(sortPairs(pairs, { column: 'diff', descending: true }))).toEqual(['p1', 'p10', 'p2']);
  });
  it('sortPairs does not reorder its input', () => {
    sortPairs(pairs, { column: 'rsrA', descending: true });
    expect(ids(pairs)).toEqual(['p10', 'p2', 'p1']);
  });
});
