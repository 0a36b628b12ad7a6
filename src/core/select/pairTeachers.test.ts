import { describe, expect, it } from 'vitest';
import { pairTeachers } from './pairTeachers';
import { row } from './testRows.fixture';

describe('pairTeachers', () => {
  it('pairTeachers(rows, a, b) joins the two teachers on problem id with rsrA, rsrB and diff = rsrA − rsrB', () => {
    const rows = [row('p1', 'A', 2), row('p2', 'A', 5), row('p1', 'B', 3), row('p2', 'B', 1), row('p1', 'C', 0)];
    const { pairs } = pairTeachers(rows, 'A', 'B');
    expect(pairs.map(({ id, rsrA, rsrB, diff }) => ({ id, rsrA, rsrB, diff }))).toEqual([
      { id: 'p1', rsrA: 2, rsrB: 3, diff: -1 },
      { id: 'p2', rsrA: 5, rsrB: 1, diff: 4 },
    ]);
    expect(pairs[0].a).toBe(rows[0]);
    expect(pairs[0].b).toBe(rows[2]);
  });

  it('pairTeachers(rows, a, b) orders pairs by A’s rows and lists ids answered by one side only', () => {
    const rows = [row('p3', 'B', 1), row('p2', 'A', 1), row('p9', 'A', 1), row('p3', 'A', 1), row('p2', 'B', 1), row('p7', 'B', 1)];
    const result = pairTeachers(rows, 'A', 'B');
    expect(result.pairs.map((p) => p.id)).toEqual(['p2', 'p3']);
    expect(result.onlyA).toEqual(['p9']);
    expect(result.onlyB).toEqual(['p7']);
  });

  it('pairTeachers(rows, a, b) uses the first row of a repeated id and counts the repeats', () => {
    const rows = [row('p1', 'A', 2), row('p1', 'A', 9), row('p1', 'A', 8), row('p1', 'B', 3), row('p1', 'B', 7)];
    const result = pairTeachers(rows, 'A', 'B');
    expect(result.pairs).toHaveLength(1);
    expect(result.pairs[0].diff).toBe(-1);
    expect(result.duplicatesA).toBe(2);
    expect(result.duplicatesB).toBe(1);
  });

  it('pairTeachers(rows, a, b) keeps a pair with an unscored side, with diff NaN', () => {
    const { pairs } = pairTeachers([row('p1', 'A', NaN), row('p1', 'B', 3)], 'A', 'B');
    expect(pairs).toHaveLength(1);
    expect(pairs[0].diff).toBeNaN();
  });

  it('pairTeachers(rows, a, b) is empty when a teacher has no rows', () => {
    const result = pairTeachers([row('p1', 'A', 1)], 'A', 'Z');
    expect(result.pairs).toEqual([]);
    expect(result.onlyA).toEqual(['p1']);
    expect(result.onlyB).toEqual([]);
  });
});
