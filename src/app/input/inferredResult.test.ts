import { describe, expect, it } from 'vitest';
import type { Provenance, TokenizedTrajectory, Trajectory } from '../../core/types';
import { inferredResult } from './inferredResult';

const trajectory: Trajectory = { id: 'p1', teacher: 't', messages: [], source: { file: 't.jsonl', line: 4, raw: '{}' } };
const tokens: TokenizedTrajectory = { text: 'abcd', inputIds: [1, 2, 3, 4], offsets: [0, 1, 2, 3, 4], respPositions: [2, 3], fullLength: 4, truncated: false };
const provenance: Provenance = { model: 'big', dtype: 'bf16', device: 'imported', version: '', clip: 100, template: 'auto', path: 'js' };

describe('inferredResult', () => {
  it('inferredResult(row, t, tokens, clip) keeps the file’s surprisals and ranks and recomputes Eq. 7', () => {
    const r = inferredResult({ nlls: [0.5, 1.5], ranks: [1, 150] }, trajectory, tokens, 100, provenance);
    expect(Array.from(r.scores.surprisal)).toEqual([0.5, 1.5]);
    expect(Array.from(r.scores.rank)).toEqual([1, 150]);
    expect(r.metrics.respTokenLength).toBe(2);
    expect(r.metrics.rsr).toBeCloseTo((1 + 100) / 2, 12);
    expect(r.source).toBe(trajectory.source);
  });
  it('inferredResult leaves avg rank unknown (NaN) for the reference’s ranks, clipped at R — not their clipped mean — and keeps it for our own unclipped lines', () => {
    const reference = inferredResult({ nlls: [0.5, 1.5], ranks: [1, 100], record: { sample_id: 'p1' } }, trajectory, tokens, 100, provenance);
    expect(reference.metrics.avgRank).toBeNaN();
    expect(reference.metrics.avgRankClip).toBe(50.5);
    const ours = inferredResult({ nlls: [0.5, 1.5], ranks: [1, 150], record: { sample_id: 'p1', avg_rank: 75.5 } }, trajectory, tokens, 100, provenance);
    expect(ours.metrics.avgRank).toBe(75.5);
  });
  it('inferredResult leaves entropy unknown (NaN) and the top-k table empty', () => {
    const r = inferredResult({ nlls: [0.5], ranks: [3] }, trajectory, { ...tokens, respPositions: [3] }, 100, provenance);
    expect(r.scores.entropy[0]).toBeNaN();
    expect(r.metrics.avgEntropy).toBeNaN();
    expect(r.scores.k).toBe(0);
  });
});
