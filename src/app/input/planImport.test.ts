import { describe, expect, it } from 'vitest';
import type { Trajectory } from '../../core/types';
import { planImport } from './planImport';

const traj = (file: string, line: number, id: string, teacher: string): Trajectory => ({ id, teacher, messages: [], source: { file, line, raw: '' } });
const loaded = [traj('a.jsonl', 1, 'p1', 'a'), traj('a.jsonl', 2, 'p2', 'a')];
const metricsLine = (id: string, teacher: string) =>
  JSON.stringify({ sample_id: id, teacher, resp_token_length: 4, avg_rank_clip: 2, avg_surprisal: 1, rank_surprisal_ratio: 2 });

describe('planImport', () => {
  it('planImport(metrics file) keeps every row, matching loaded trajectories by id and teacher', () => {
    const plan = planImport([metricsLine('p1', 'a'), metricsLine('p9', 'a'), '{oops'].join('\n'), 'm.jsonl', loaded);
    expect(plan.kind).toBe('metrics');
    expect(plan.rows.map((r) => [r.key, r.matchedKey])).toEqual([
      ['import:m.jsonl:1', 'a.jsonl:1'],
      ['import:m.jsonl:2', undefined],
    ]);
    expect(plan.problems).toEqual([expect.objectContaining({ line: 3, severity: 'error' })]);
    expect(plan.notes[0]).toMatch(/1 of 2 rows match no loaded trajectory/);
  });

  it('planImport(token file) queues matched lines and reports the others by line', () => {
    const tokens = (id: string, extra = {}) => JSON.stringify({ id, teacher: 'a', resp_token_positions: [3, 4], nlls: [0.1, 0.2], ranks: [1, 2], ...extra });
    const text = [tokens('p2'), tokens('p9'), tokens('p8', { resp_token_length: 2, avg_rank_clip: 1.5, avg_surprisal: 0.15 })].join('\n');
    const plan = planImport(text, 'inferred.jsonl', loaded);
    expect(plan.kind).toBe('tokens');
    expect(plan.jobs.map((j) => [j.key, j.row.line])).toEqual([['a.jsonl:2', 1]]);
    expect(plan.problems).toEqual([
      { line: 2, reason: 'no loaded trajectory has id "p9": load the original trajectories to draw it', severity: 'error' },
      { line: 3, reason: 'no loaded trajectory has id "p8": metrics imported without a heatmap', severity: 'partial' },
    ]);
    expect(plan.rows.map((r) => r.id)).toEqual(['p8']);
  });
});
