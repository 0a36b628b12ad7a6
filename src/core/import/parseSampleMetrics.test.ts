import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { teacherSummaries } from '../metrics/teacherRsr';
import { parseSampleMetrics } from './parseSampleMetrics';

const reference = JSON.parse(readFileSync(new URL('../../../fixtures/parity/reference.json', import.meta.url), 'utf8'));

describe('parseSampleMetrics', () => {
  it('parseSampleMetrics(text) reads the reference’s _sample_metrics lines, NaN for the fields it lacks', () => {
    const text = '{"sample_id": "p1", "teacher": "qwen", "resp_token_length": 4, "avg_rank_clip": 2.5, "avg_surprisal": 0.5, "rank_surprisal_ratio": 5.0}\n';
    const { rows, errors } = parseSampleMetrics(text, { teacher: 'file' });
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 'p1', teacher: 'qwen', line: 1, provenance: {} });
    expect(rows[0].metrics).toEqual({ respTokenLength: 4, avgRankClip: 2.5, avgRank: NaN, avgSurprisal: 0.5, avgEntropy: NaN, rsr: 5 });
  });

  it('parseSampleMetrics(text) reads our CLI’s lines with baselines and provenance', () => {
    const line = {
      sample_id: 'p1', teacher: 't', resp_token_length: 3, avg_rank_clip: 1.5, avg_surprisal: 0.25, rank_surprisal_ratio: 6,
      avg_rank: 40, avg_entropy: 0.9, model: 'rsr-tiny-qwen3', dtype: 'fp32', device: 'cpu', version: '0.1.0',
      resp_token_positions: [5, 6, 7], nlls: [0.1, 0.2, 0.45], ranks: [1, 2, 1], token_ids: [11, 12, 13],
    };
    const { rows } = parseSampleMetrics(JSON.stringify(line), { teacher: 'file' });
    expect(rows[0].metrics).toEqual({ respTokenLength: 3, avgRankClip: 1.5, avgRank: 40, avgSurprisal: 0.25, avgEntropy: 0.9, rsr: 6 });
    expect(rows[0].provenance).toEqual({ model: 'rsr-tiny-qwen3', dtype: 'fp32', device: 'cpu', version: '0.1.0' });
  });

  it('parseSampleMetrics(text, {teacher}) falls back to the given teacher', () => {
    const { rows } = parseSampleMetrics('{"id": 7, "resp_token_length": 1, "avg_rank_clip": 1, "avg_surprisal": 1}', { teacher: 'teacher_qwen' });
    expect(rows[0]).toMatchObject({ id: '7', teacher: 'teacher_qwen' });
  });

  it('parseSampleMetrics(text) derives a missing rank_surprisal_ratio by Eq. 7', () => {
    const { rows } = parseSampleMetrics('{"id": "a", "resp_token_length": 10, "avg_rank_clip": 3, "avg_surprisal": 0.6}', { teacher: 't' });
    expect(rows[0].metrics.rsr).toBeCloseTo(5, 14);
    const floor = parseSampleMetrics('{"id": "a", "resp_token_length": 2, "avg_rank_clip": 1, "avg_surprisal": 0}', { teacher: 't' });
    expect(floor.rows[0].metrics.rsr).toBe(2 / 1e-12);
  });

  it('parseSampleMetrics(text) reads an empty response’s NaN or null means as NaN', () => {
    const text = '{"id": "a", "resp_token_length": 0, "avg_rank_clip": NaN, "avg_surprisal": null, "rank_surprisal_ratio": NaN}\n{"id": "b", "resp_token_length": 0, "avg_rank_clip": null, "avg_surprisal": null}';
    const { rows, errors } = parseSampleMetrics(text, { teacher: 't' });
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.metrics.rsr)).toEqual([NaN, NaN]);
    expect(rows[0].metrics.avgSurprisal).toBeNaN();
  });

  it('parseSampleMetrics(text) reports malformed lines with their number and loads the rest', () => {
    const text = [
      '{"id": "ok1", "resp_token_length": 1, "avg_rank_clip": 1, "avg_surprisal": 1}',
      '{"resp_token_length": 1, "avg_rank_clip": 1, "avg_surprisal": 1}',
      '{"id": "x", "avg_rank_clip": 1, "avg_surprisal": 1}',
      '{"id": "x", "resp_token_length": 1.5, "avg_rank_clip": 1, "avg_surprisal": 1}',
      '{"id": "x", "resp_token_length": 1, "avg_surprisal": 1}',
      '{"id": "x", "resp_token_length": 1, "avg_rank_clip": "1", "avg_surprisal": 1}',
      'not json',
      '',
      '{"id": "ok2", "resp_token_length": 1, "avg_rank_clip": 1, "avg_surprisal": 1}',
    ].join('\n');
    const { rows, errors } = parseSampleMetrics(text, { teacher: 't' });
    expect(rows.map((r) => [r.id, r.line])).toEqual([['ok1', 1], ['ok2', 9]]);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(errors.slice(0, 5).map((e) => e.reason)).toEqual([
      'no id (expected "id", "_id", "sample_id" or "sample_idx")',
      'missing "resp_token_length"',
      '"resp_token_length" must be a non-negative integer, got 1.5',
      'missing "avg_rank_clip"',
      '"avg_rank_clip" must be a number, got "1"',
    ]);
  });

  it('parseSampleMetrics(text) on the parity fixture gives the reference’s teacher RSRs (Eq. 9)', () => {
    const text = reference.samples
      .map((s: any) => JSON.stringify({ id: s.id, teacher: s.teacher, resp_token_length: s.ranks.length, avg_rank_clip: s.avg_rank_clip, avg_surprisal: s.avg_surprisal, rank_surprisal_ratio: s.rank_surprisal_ratio }))
      .join('\n');
    const { rows, errors } = parseSampleMetrics(text, { teacher: 'unused' });
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(reference.samples.length);
    for (const summary of teacherSummaries(rows)) {
      const expected = reference.dataset_by_teacher[summary.teacher];
      expect(summary.n).toBe(expected.n);
      expect(summary.rsr).toBeCloseTo(expected.rank_surprisal_ratio, 12);
      expect(summary.avgRankClip).toBeCloseTo(expected.avg_rank_clip, 12);
    }
  });
});
