import { describe, expect, it } from 'vitest';
import type { ScoredTrajectory, Trajectory, TrajectoryMetrics } from '../../core/types';
import type { ImportedRow } from '../input/planImport';
import { tableRows } from './tableRows';
import { withImportedRows } from './withImportedRows';

const metrics = (s: number, r: number): TrajectoryMetrics => ({ respTokenLength: 3, avgRankClip: r, avgRank: r, avgSurprisal: s, avgEntropy: 1, rsr: r / s });
const traj = (line: number, id: string): Trajectory => ({ id, teacher: 'a', messages: [], source: { file: 'a.jsonl', line, raw: '' } });
const loaded = [traj(1, 'p1'), traj(2, 'p2'), traj(3, 'p3')];
const results = new Map<string, ScoredTrajectory>([
  ['a.jsonl:1', { metrics: metrics(1, 2), provenance: { device: 'wasm' } } as ScoredTrajectory],
  ['a.jsonl:2', { metrics: metrics(2, 8), provenance: { device: 'imported' } } as ScoredTrajectory],
]);
const imported: ImportedRow[] = [
  { key: 'import:m.jsonl:1', id: 'p3', teacher: 'a', metrics: metrics(3, 3), provenance: {}, file: 'm.jsonl', line: 1, matchedKey: 'a.jsonl:3' },
  { key: 'import:m.jsonl:2', id: 'q1', teacher: 'z', metrics: metrics(5, 5), provenance: {}, file: 'm.jsonl', line: 2 },
];
const base = tableRows(loaded, results, new Map(), '', '');
const ctx = { trajectories: loaded, results, imported, teacherFilter: '', idFilter: '', brush: null };

describe('withImportedRows', () => {
  it('withImportedRows marks imported results, fills matched imports in place and appends the rest', () => {
    const { rows, total } = withImportedRows(base, ctx);
    expect(rows.map((r) => [r.key, r.status, r.rsr])).toEqual([
      ['a.jsonl:1', 'scored', 2],
      ['a.jsonl:2', 'imported', 4],
      ['a.jsonl:3', 'imported', 1],
      ['import:m.jsonl:2', 'imported', 1],
    ]);
    expect(total).toBe(4);
  });
  it('withImportedRows applies the teacher filter to appended imports', () => {
    expect(withImportedRows(base, { ...ctx, teacherFilter: 'a' }).rows.map((r) => r.key)).not.toContain('import:m.jsonl:2');
  });
  it('withImportedRows keeps only rows inside the brush, never unscored ones', () => {
    const { rows } = withImportedRows(base, { ...ctx, brush: { x0: 1.5, x1: 4, y0: 0, y1: 10 } });
    expect(rows.map((r) => r.key)).toEqual(['a.jsonl:2', 'a.jsonl:3']);
  });
});
