import { describe, expect, it } from 'vitest';
import { selectTopN } from './selectTopN';
import { row } from './testRows.fixture';

const rows = [row('p1', 'a', 4), row('p2', 'a', 1), row('p1', 'b', 3), row('p2', 'b', NaN), row('p3', 'b', 2)];
const picked = (selected: ReturnType<typeof row>[]) => selected.map((r) => `${r.id}:${r.teacher}`);

describe('selectTopN', () => {
  it('selectTopN(rows, n) returns the n lowest-RSR rows, best first', () => {
    expect(picked(selectTopN(rows, 3))).toEqual(['p2:a', 'p3:b', 'p1:b']);
  });

  it('selectTopN(rows, n) never selects NaN RSR, returning fewer rows when fewer are scored', () => {
    expect(picked(selectTopN(rows, 10))).toEqual(['p2:a', 'p3:b', 'p1:b', 'p1:a']);
  });

  it('selectTopN(rows, n) orders RSR ties deterministically (avgRankClip, teacher, id)', () => {
    const tied = [row('p2', 'b', 1), row('p1', 'b', 1), row('p9', 'a', 1), row('p0', 'c', 1, { avgRankClip: 0.5 })];
    expect(picked(selectTopN(tied, 3))).toEqual(['p0:c', 'p9:a', 'p1:b']);
    expect(picked(selectTopN([...tied].reverse(), 3))).toEqual(['p0:c', 'p9:a', 'p1:b']);
  });

  it('selectTopN(rows, n) floors n and selects nothing for n ≤ 0 or NaN', () => {
    expect(selectTopN(rows, 1.9)).toHaveLength(1);
    expect(selectTopN(rows, 0)).toEqual([]);
    expect(selectTopN(rows, -2)).toEqual([]);
    expect(selectTopN(rows, NaN)).toEqual([]);
  });

  it('selectTopN(rows, n) does not reorder its input', () => {
    const input = [...rows];
    selectTopN(input, 2);
    expect(input).toEqual(rows);
  });
});
