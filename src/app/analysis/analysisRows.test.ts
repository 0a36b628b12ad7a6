import { describe, expect, it } from 'vitest';
import type { ScoredTrajectory, Trajectory, TrajectoryMetrics } from '../../core/types';
import type { ImportedRow } from '../input/planImport';
import { analysisRows } from './analysisRows';

const metrics = (rsr: number): TrajectoryMetrics => ({ respTokenLength: 3, avgRankClip: rsr, avgRank: rsr, avgSurprisal: 1, avgEntropy: 1, rsr });
const traj = (file: string, line: number, id: string, teacher: string): Trajectory => ({ id, teacher, messages: [], source: { file, line, raw: `raw ${id}` } });
const result = (rsr: number, device = 'wasm') => ({ metrics: metrics(rsr), provenance: { device }, tokens: { truncated: false } }) as unknown as ScoredTrajectory;
const imported = (line: number, id: string, teacher: string, rsr: number, matchedKey?: string): ImportedRow => ({
  key: `import:m.jsonl:${line}`,
  id,
  teacher,
  metrics: metrics(rsr),
  provenance: {},
  file: 'm.jsonl',
  line,
  ...(matchedKey && { matchedKey }),
});

describe('analysisRows', () => {
  const loaded = [traj('a.jsonl', 1, 'p1', 'a'), traj('a.jsonl', 2, 'p2', 'a'), traj('b.jsonl', 1, 'p1', 'b')];

  it('analysisRows(t, results, []) keeps scored trajectories in load order and skips unscored ones', () => {
    const rows = analysisRows(loaded, new Map([['b.jsonl:1', result(2)], ['a.jsonl:1', result(1)]]), []);
    expect(rows.map((r) => [r.key, r.metrics.rsr, r.isImported, r.source?.raw])).toEqual([
      ['a.jsonl:1', 1, false, 'raw p1'],
      ['b.jsonl:1', 2, false, 'raw p1'],
    ]);
  });

  it('analysisRows marks results built from imported per-token files as imported', () => {
    const rows = analysisRows(loaded, new Map([['a.jsonl:2', result(1, 'imported')]]), []);
    expect(rows[0].isImported).toBe(true);
    expect(rows[0].result).toBeDefined();
  });

  it('analysisRows lets a matched metrics import stand in for its unscored trajectory, with its source', () => {
    const rows = analysisRows(loaded, new Map(), [imported(1, 'p2', 'a', 7, 'a.jsonl:2')]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: 'a.jsonl:2', isImported: true, source: { raw: 'raw p2' } });
    expect(rows[0].metrics.rsr).toBe(7);
  });

  it('analysisRows prefers the browser result over a matched metrics import', () => {
    const rows = analysisRows(loaded, new Map([['a.jsonl:2', result(1)]]), [imported(1, 'p2', 'a', 7, 'a.jsonl:2')]);
    expect(rows.map((r) => [r.key, r.metrics.rsr])).toEqual([['a.jsonl:2', 1]]);
  });

  it('analysisRows appends unmatched imports, and matched ones whose trajectory changed, after the loaded rows', () => {
    const rows = analysisRows(loaded, new Map([['a.jsonl:1', result(1)]]), [imported(1, 'p9', 'z', 3), imported(2, 'p2', 'other', 4, 'a.jsonl:2')]);
    expect(rows.map((r) => r.key)).toEqual(['a.jsonl:1', 'import:m.jsonl:1', 'import:m.jsonl:2']);
    expect(rows[1].source).toBeUndefined();
  });
});
