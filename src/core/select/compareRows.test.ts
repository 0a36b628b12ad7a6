import { describe, expect, it } from 'vitest';
import { compareRows } from './compareRows';
import { row } from './testRows.fixture';

const order = (rows: ReturnType<typeof row>[]) => [...rows].sort(compareRows).map((r) => `${r.teacher}:${r.id}:${r.source?.line ?? '-'}`);

describe('compareRows', () => {
  it('compareRows(a, b) puts lower RSR first', () => {
    expect(order([row('p', 'a', 3), row('p', 'b', 1), row('p', 'c', 2)])).toEqual(['b:p:-', 'c:p:-', 'a:p:-']);
  });

  it('compareRows(a, b) breaks RSR ties by lower avgRankClip, then teacher name', () => {
    expect(order([row('p', 'a', 1, { avgRankClip: 5 }), row('p', 'c', 1, { avgRankClip: 2 }), row('p', 'b', 1, { avgRankClip: 2 })])).toEqual([
      'b:p:-',
      'c:p:-',
      'a:p:-',
    ]);
  });

  it('compareRows(a, b) compares names by code unit, not locale (uppercase before lowercase)', () => {
    expect(order([row('p', 'b', 1), row('p', 'B', 1), row('p', 'a', 1)])).toEqual(['B:p:-', 'a:p:-', 'b:p:-']);
  });

  it('compareRows(a, b) breaks remaining ties by id, then source file and line, then no source', () => {
    expect(order([row('q', 't', 1, { line: 1 }), row('p', 't', 1), row('p', 't', 1, { line: 9 }), row('p', 't', 1, { line: 2 })])).toEqual([
      't:p:2',
      't:p:9',
      't:p:-',
      't:q:1',
    ]);
  });

  it('compareRows(a, b) sorts NaN RSR after every number', () => {
    expect(order([row('p', 'a', NaN), row('p', 'b', 1e9), row('p', 'c', -1)])).toEqual(['c:p:-', 'b:p:-', 'a:p:-']);
  });
});
