import { describe, expect, it } from 'vitest';
import { selectBelowThreshold } from './selectBelowThreshold';
import { row } from './testRows.fixture';

const rows = [row('p1', 'a', 4), row('p2', 'a', 1), row('p1', 'b', 3), row('p2', 'b', NaN), row('p3', 'b', 2)];
const picked = (selected: ReturnType<typeof row>[]) => selected.map((r) => `${r.id}:${r.teacher}`);

describe('selectBelowThreshold', () => {
  it('selectBelowThreshold(rows, t) keeps rows with RSR < t, in input order', () => {
    expect(picked(selectBelowThreshold(rows, 3.5))).toEqual(['p2:a', 'p1:b', 'p3:b']);
  });

  it('selectBelowThreshold(rows, t) excludes a row whose RSR equals t', () => {
    expect(picked(selectBelowThreshold(rows, 3))).toEqual(['p2:a', 'p3:b']);
  });

  it('selectBelowThreshold(rows, t) never selects NaN RSR', () => {
    expect(picked(selectBelowThreshold(rows, Infinity))).toEqual(['p1:a', 'p2:a', 'p1:b', 'p3:b']);
  });

  it('selectBelowThreshold(rows, NaN) selects nothing', () => {
    expect(selectBelowThreshold(rows, NaN)).toEqual([]);
  });
});
