import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { trajectoryMetrics } from '../metrics/trajectoryMetrics';
import { parseInferredData } from './parseInferredData';

const fixtures = new URL('../../../fixtures/parity/', import.meta.url);
const reference = JSON.parse(readFileSync(new URL('reference.json', fixtures), 'utf8'));
const trajectories = readFileSync(new URL('trajectories.jsonl', fixtures), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line));

/** The parity fixture as `_inferred_data` lines: each original record plus the reference's per-token arrays. */
function inferredDataText(): string {
  return reference.samples
    .map((s: any) => {
      const record = trajectories.find((t) => t.id === s.id && t.teacher === s.teacher);
      return JSON.stringify({ ...record, input_ids: s.input_ids, resp_token_positions: s.resp_token_positions, nlls: s.nlls, ranks: s.ranks });
    })
    .join('\n');
}

const line = (fields: Record<string, unknown>) => JSON.stringify({ id: 'p1', resp_token_positions: [3, 4], nlls: [0.5, 1.5], ranks: [1, 7], ...fields });

describe('parseInferredData', () => {
  it('parseInferredData(text) reads per-token arrays and keeps the record’s other fields', () => {
    const text = line({ teacher: 'qwen', input_ids: [9, 8, 7, 6, 5], messages: [{ role: 'user', content: 'hi' }] });
    const { rows, errors } = parseInferredData(text, { teacher: 'file' });
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        id: 'p1',
        teacher: 'qwen',
        respPositions: [3, 4],
        nlls: [0.5, 1.5],
        ranks: [1, 7],
        inputIds: [9, 8, 7, 6, 5],
        record: { id: 'p1', teacher: 'qwen', messages: [{ role: 'user', content: 'hi' }] },
        line: 1,
      },
    ]);
  });

  it('parseInferredData(text, {teacher}) falls back to the given teacher and leaves ids optional', () => {
    const { rows } = parseInferredData(line({ id: 5 }), { teacher: 'teacher_sky' });
    expect(rows[0]).toMatchObject({ id: '5', teacher: 'teacher_sky' });
    expect(rows[0].inputIds).toBeUndefined();
    expect(rows[0].respTokenIds).toBeUndefined();
  });

  it('parseInferredData(text) reads our CLI’s token_ids as response-token ids or as the whole conversation, by length', () => {
    const perToken = parseInferredData(line({ token_ids: [70, 71] }), { teacher: 't' }).rows[0];
    expect(perToken.respTokenIds).toEqual([70, 71]);
    expect(perToken.inputIds).toBeUndefined();
    const whole = parseInferredData(line({ token_ids: [1, 2, 3, 70, 71, 9] }), { teacher: 't' }).rows[0];
    expect(whole.inputIds).toEqual([1, 2, 3, 70, 71, 9]);
    const neither = parseInferredData(line({ token_ids: [1, 2, 3] }), { teacher: 't' });
    expect(neither.errors[0].reason).toBe('token_ids has 3 ids: neither one per response token (2) nor the whole conversation (more than position 4)');
  });

  it('parseInferredData(text) accepts an empty response', () => {
    const { rows, errors } = parseInferredData(line({ resp_token_positions: [], nlls: [], ranks: [] }), { teacher: 't' });
    expect(errors).toEqual([]);
    expect(rows[0].respPositions).toEqual([]);
  });

  it('parseInferredData(text) rejects arrays of different lengths', () => {
    const { rows, errors } = parseInferredData(line({ nlls: [0.5] }), { teacher: 't' });
    expect(rows).toEqual([]);
    expect(errors).toEqual([{ line: 1, reason: 'arrays differ in length: resp_token_positions 2, nlls 1, ranks 2' }]);
  });

  it('parseInferredData(text) rejects positions that do not strictly ascend, are fractional or below 1', () => {
    const reasons = [[4, 3], [3, 3], [3, 3.5], [0, 1]].map(
      (positions) => parseInferredData(line({ resp_token_positions: positions }), { teacher: 't' }).errors[0].reason,
    );
    expect(reasons).toEqual([
      'resp_token_positions[1] = 3 is not above the previous position 4 (positions must strictly ascend)',
      'resp_token_positions[1] = 3 is not above the previous position 3 (positions must strictly ascend)',
      'resp_token_positions[1] = 3.5 is not an integer',
      'resp_token_positions[0] = 0 is below 1 (position 0 has no preceding logits)',
    ]);
  });

  it('parseInferredData(text) rejects non-finite nlls, ranks below 1 and bad token ids', () => {
    const reason = (fields: Record<string, unknown>) => parseInferredData(line(fields), { teacher: 't' }).errors[0]?.reason;
    expect(reason({})).toBeUndefined();
    expect(reason({ nlls: [0.5, '1'] })).toBe('nlls[1] = "1" is not a finite number');
    expect(parseInferredData('{"id": "p", "resp_token_positions": [1], "nlls": [NaN], "ranks": [1]}', { teacher: 't' }).errors[0].reason).toBe(
      'nlls[0] = NaN is not a finite number',
    );
    expect(reason({ ranks: [0, 1] })).toBe('ranks[0] = 0 is not an integer ≥ 1');
    expect(reason({ ranks: [1, 2.5] })).toBe('ranks[1] = 2.5 is not an integer ≥ 1');
    expect(reason({ input_ids: [1, 2, -3, 4, 5] })).toBe('input_ids[2] = -3 is not a non-negative integer');
    expect(reason({ input_ids: [1, 2, 3, 4] })).toBe('input_ids has 4 tokens but a response position is 4');
  });

  it('parseInferredData(text) reports missing fields and bad lines with their number and loads the rest', () => {
    const text = [line({}), '{"id": "p2", "nlls": [], "ranks": []}', '{"id": "p3", "resp_token_positions": 1, "nlls": [], "ranks": []}', 'oops', line({ id: 'p5' })].join('\r\n');
    const { rows, errors } = parseInferredData(text, { teacher: 't' });
    expect(rows.map((r) => [r.id, r.line])).toEqual([['p1', 1], ['p5', 5]]);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(errors[0].reason).toBe('missing "resp_token_positions"');
    expect(errors[1].reason).toBe('"resp_token_positions" must be an array');
  });

  it('parseInferredData(text) reads the parity fixture as _inferred_data and reproduces the reference’s metrics', () => {
    const { rows, errors } = parseInferredData(inferredDataText(), { teacher: 'unused' });
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(reference.samples.length);
    rows.forEach((row, i) => {
      const sample = reference.samples[i];
      expect([row.id, row.teacher]).toEqual([sample.id, sample.teacher]);
      expect(row.inputIds).toEqual(sample.input_ids);
      expect(row.record.messages).toBeDefined();
      // The reference's nlls are float32 values, so Float32Array holds them exactly.
      const scores = { rank: Int32Array.from(row.ranks), surprisal: Float32Array.from(row.nlls), entropy: new Float32Array(row.ranks.length) };
      const metrics = trajectoryMetrics(scores, reference.rank_clip);
      expect(metrics.avgRankClip).toBeCloseTo(sample.avg_rank_clip, 12);
      expect(metrics.avgSurprisal).toBeCloseTo(sample.avg_surprisal, 12);
      expect(metrics.rsr / sample.rank_surprisal_ratio).toBeCloseTo(1, 12);
    });
  });
});
