import { describe, expect, it } from 'vitest';
import { selectPerProblem } from './selectPerProblem';
import { row } from './testRows.fixture';

const picked = (rows: ReturnType<typeof row>[]) => selectPerProblem(rows).map((r) => `${r.id}:${r.teacher}`);

describe('selectPerProblem', () => {
  it('selectPerProblem(rows) keeps, per problem id, the row with the lowest RSR', () => {
    expect(picked([row('p1', 'a', 3), row('p1', 'b', 2), row('p2', 'a', 1), row('p2', 'b', 4), row('p1', 'c', 5)])).toEqual(['p1:b', 'p2:a']);
  });

  it('selectPerProblem(rows) orders the output by first appearance of each id', () => {
    expect(picked([row('z', 'a', 1), row('m', 'a', 1), row('a', 'a', 1), row('m', 'b', 0)])).toEqual(['z:a', 'm:b', 'a:a']);
  });

  it('selectPerProblem(rows) breaks RSR ties by avgRankClip, then teacher name, whatever the input order', () => {
    const tied = [row('p', 'c', 2, { avgRankClip: 1 }), row('p', 'b', 2, { avgRankClip: 3 }), row('p', 'a', 2, { avgRankClip: 3 })];
    expect(picked(tied)).toEqual(['p:c']);
    const sameClip = [row('p', 'c', 2), row('p', 'b', 2), row('p', 'a', 2)];
    expect(picked(sameClip)).toEqual(['p:a']);
    expect(picked([...sameClip].reverse())).toEqual(['p:a']);
  });

  it('selectPerProblem(rows) breaks a tie within one teacher by source line', () => {
    const rows = [row('p', 'a', 2, { line: 8 }), row('p', 'a', 2, { line: 3 })];
    expect(selectPerProblem(rows)[0].source?.line).toBe(3);
  });

  it('selectPerProblem(rows) never picks a NaN RSR, and drops problems with no scored answer', () => {
    expect(picked([row('p1', 'a', NaN), row('p1', 'b', 50), row('p2', 'a', NaN), row('p3', 'a', 1)])).toEqual(['p1:b', 'p3:a']);
  });

  it('selectPerProblem(rows) returns the caller’s own row objects', () => {
    const rows = [{ ...row('p', 'a', 1), extra: 'kept' }];
    const [selected] = selectPerProblem(rows);
    expect(selected).toBe(rows[0]);
    expect(selected.extra).toBe('kept');
  });

  it('selectPerProblem([]) is empty', () => {
    expect(selectPerProblem([])).toEqual([]);
  });
});
