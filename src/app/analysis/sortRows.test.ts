import { describe, expect, it } from 'vitest';
import { sortRows, withSortedRows } from './sortRows';
import type { TableRow } from './tableRows';

const row = (order: number, id: string, rsr?: number, teacher = 't'): TableRow => ({
  key: `f:${order + 1}`,
  id,
  teacher,
  status: rsr === undefined ? 'pending' : 'scored',
  rsr,
  order,
});

describe('sortRows', () => {
  const rows = [row(0, 'p-10', 3), row(1, 'p-2'), row(2, 'p-1', 1), row(3, 'p-3', NaN), row(4, 'p-20', 2)];

  it('sortRows(rows, {column: null}) keeps the load order', () => {
    expect(sortRows(rows, { column: null, descending: false })).toBe(rows);
  });

  it('sortRows(rows, id) compares ids numeric-aware', () => {
    expect(sortRows(rows, { column: 'id', descending: false }).map((r) => r.id)).toEqual(['p-1', 'p-2', 'p-3', 'p-10', 'p-20']);
    expect(sortRows(rows, { column: 'id', descending: true }).map((r) => r.id)).toEqual(['p-20', 'p-10', 'p-3', 'p-2', 'p-1']);
  });

  it('sortRows(rows, rsr) puts unscored and NaN rows last in both directions', () => {
    expect(sortRows(rows, { column: 'rsr', descending: false }).map((r) => r.id)).toEqual(['p-1', 'p-20', 'p-10', 'p-2', 'p-3']);
    expect(sortRows(rows, { column: 'rsr', descending: true }).map((r) => r.id)).toEqual(['p-10', 'p-20', 'p-1', 'p-2', 'p-3']);
  });

  it('sortRows(rows, teacher) breaks ties by load order and never mutates its input', () => {
    const copy = [...rows];
    expect(sortRows(rows, { column: 'teacher', descending: false }).map((r) => r.order)).toEqual([0, 1, 2, 3, 4]);
    expect(rows).toEqual(copy);
  });
});

describe('sortRows: record fields', () => {
  const row = (order: number, fields?: Record<string, string | number | boolean>) => ({ key: String(order), id: String(order), teacher: 't', status: 'pending' as const, order, fields });
  it('sortRows(field:x) sorts numbers by value and puts rows without the field last, both ways', () => {
    const rows = [row(0, { level: 10 }), row(1), row(2, { level: 2 })];
    expect(sortRows(rows, { column: 'field:level', descending: false }).map((r) => r.order)).toEqual([2, 0, 1]);
    expect(sortRows(rows, { column: 'field:level', descending: true }).map((r) => r.order)).toEqual([0, 2, 1]);
  });
});

describe('withSortedRows', () => {
  const row = (order: number, id: string, rsr?: number): TableRow => ({ key: `f:${order + 1}`, id, teacher: 't', status: rsr === undefined ? 'pending' : 'scored', rsr, order });
  const all = [row(0, 'p-10', 3), row(1, 'p-2'), row(2, 'p-1', 1), row(3, 'p-3', NaN), row(4, 'p-20', 2), row(5, 'p-4', 1), row(6, 'p-0')];

  it('withSortedRows(sorted, more, sort) is the sort of all the rows, for every column and direction', () => {
    for (const column of ['id', 'rsr', null] as const) {
      for (const descending of [false, true]) {
        const sort = { column, descending };
        const merged = withSortedRows(sortRows(all.slice(0, 4), sort), all.slice(4), sort);
        expect(merged.map((r) => r.order)).toEqual(sortRows(all, sort).map((r) => r.order));
      }
    }
  });
});
