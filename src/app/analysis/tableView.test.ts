import { describe, expect, it } from 'vitest';
import type { ScoredTrajectory, Trajectory } from '../../core/types';
import { appendMemo, appended } from '../store/appendedList';
import { tableView, type TableViewContext } from './tableView';

const traj = (line: number): Trajectory => ({
  id: `p-${(line * 7) % 11}`,
  teacher: line % 2 ? 'odd' : 'even',
  messages: [
    { role: 'user', content: `question ${line}` },
    { role: 'assistant', content: line % 3 ? 'yes' : 'no' },
  ],
  source: { file: 'a.jsonl', line, raw: '' },
});

const context = (over: Partial<TableViewContext> = {}): TableViewContext => ({
  results: new Map([['a.jsonl:4', { metrics: { respTokenLength: 3, avgRankClip: 1, avgRank: 1, avgSurprisal: 1, avgEntropy: 1, rsr: 1.5 }, provenance: { device: 'wasm' } } as ScoredTrajectory]]),
  skipped: new Map(),
  lengths: new Map(),
  importedRows: [],
  teacherFilter: '',
  idFilter: '',
  textQuery: '',
  isRegex: false,
  hits: null,
  isSearch: false,
  fieldSlice: null,
  sliceContext: {},
  brush: null,
  sort: { column: null, descending: false },
  ...over,
});

describe('tableView', () => {
  const batches = [1, 5, 9, 14].map((from, i, a) => Array.from({ length: (a[i + 1] ?? 20) - from }, (_, j) => traj(from + j)));

  it('gives, batch by batch, the rows it gives for all the trajectories at once — filtered and sorted', () => {
    for (const c of [
      context(),
      context({ sort: { column: 'id', descending: true } }),
      context({ sort: { column: 'rsr', descending: false }, teacherFilter: 'odd' }),
      context({ textQuery: 'no', isSearch: true, idFilter: 'p-' }),
    ]) {
      const view = appendMemo(tableView);
      let list: Trajectory[] = [];
      for (const batch of batches) {
        list = appended(list, batch);
        view(list, c);
      }
      expect(view(list, c)).toEqual(tableView(undefined, list, 0, c));
    }
  });

  it('makes the rows again from the first when anything but the list changes', () => {
    const view = appendMemo(tableView);
    const list = appended(batches[0], batches[1]);
    const before = view(list, context());
    const after = view(list, context({ sort: { column: 'id', descending: false } }));
    expect(after.rows.map((r) => r.order)).not.toEqual(before.rows.map((r) => r.order));
    expect(after).toEqual(tableView(undefined, list, 0, context({ sort: { column: 'id', descending: false } })));
  });
});
