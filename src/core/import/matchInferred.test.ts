import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchInferred } from './matchInferred';
import { parseInferredData } from './parseInferredData';

const reference = JSON.parse(readFileSync(new URL('../../../fixtures/parity/reference.json', import.meta.url), 'utf8'));

const row = { id: 'p1', teacher: 'qwen', respPositions: [3, 4], inputIds: [9, 8, 7, 6, 5] };

describe('matchInferred', () => {
  it('matchInferred(row, student) is ok when ids, length and positions agree', () => {
    expect(matchInferred(row, { tokenCount: 5, inputIds: [9, 8, 7, 6, 5], respPositions: [3, 4] })).toEqual({ ok: true });
    expect(matchInferred({ ...row, inputIds: undefined }, { tokenCount: 5 })).toEqual({ ok: true });
  });

  it('matchInferred(row, undefined) reports a missing trajectory for the id', () => {
    expect(matchInferred(row, undefined)).toEqual({ ok: false, reason: 'no loaded trajectory has id "p1" (teacher "qwen")' });
  });

  it('matchInferred(row, student) names the first differing input id', () => {
    expect(matchInferred(row, { tokenCount: 5, inputIds: [9, 8, 1, 6, 5] })).toEqual({
      ok: false,
      reason: `"p1" (teacher "qwen"): input_ids differ from the student's tokenization at index 2 (imported 7, student 1); was it scored with another tokenizer or chat template?`,
    });
  });

  it('matchInferred(row, student) reports input ids of a different length', () => {
    const result = matchInferred(row, { tokenCount: 6, inputIds: [9, 8, 7, 6, 5, 4] });
    expect(result).toEqual({ ok: false, reason: `"p1" (teacher "qwen"): input_ids have 5 tokens, the student's tokenization 6; the first 5 agree` });
    const countOnly = matchInferred(row, { tokenCount: 7 });
    expect(countOnly).toEqual({ ok: false, reason: `"p1" (teacher "qwen"): input_ids have 5 tokens, the student's tokenization 7` });
  });

  it('matchInferred(row, student) reports response positions beyond the student’s T tokens', () => {
    const result = matchInferred({ ...row, inputIds: undefined, respPositions: [2, 3, 4, 5] }, { tokenCount: 4 });
    expect(result).toEqual({
      ok: false,
      reason: `"p1" (teacher "qwen"): 2 of 4 response positions are beyond the student's 4 tokens (first: 4; positions are 0-based)`,
    });
  });

  it('matchInferred(row, student) compares response-token ids with the student’s ids at those positions', () => {
    const withTokens = { id: 'p1', teacher: 'qwen', respPositions: [3, 4], respTokenIds: [6, 5] };
    expect(matchInferred(withTokens, { tokenCount: 5, inputIds: [9, 8, 7, 6, 5] })).toEqual({ ok: true });
    expect(matchInferred(withTokens, { tokenCount: 5, inputIds: [9, 8, 7, 6, 0] })).toEqual({
      ok: false,
      reason: `"p1" (teacher "qwen"): response token 1 (position 4) is id 5 in the import, 0 in the student's tokenization`,
    });
  });

  it('matchInferred(row, student) reports response spans that differ from the student’s', () => {
    expect(matchInferred(row, { tokenCount: 5, respPositions: [2, 3, 4] })).toEqual({
      ok: false,
      reason: `"p1" (teacher "qwen"): response spans differ at response token 0 (imported position 3, student 2)`,
    });
    expect(matchInferred(row, { tokenCount: 5, respPositions: [3] })).toEqual({
      ok: false,
      reason: `"p1" (teacher "qwen"): 2 response tokens imported, the student's spans have 1`,
    });
  });

  it('matchInferred(row, student) matches the parity fixture’s rows against their own tokenization and catches a changed token', () => {
    const text = reference.samples
      .map((s: any) => JSON.stringify({ id: s.id, teacher: s.teacher, input_ids: s.input_ids, resp_token_positions: s.resp_token_positions, nlls: s.nlls, ranks: s.ranks }))
      .join('\n');
    const { rows } = parseInferredData(text, { teacher: 'unused' });
    rows.forEach((r, i) => {
      const s = reference.samples[i];
      expect(matchInferred(r, { tokenCount: s.input_ids.length, inputIds: s.input_ids, respPositions: s.resp_token_positions })).toEqual({ ok: true });
    });
    const s = reference.samples[0];
    const altered = [...s.input_ids];
    altered[41] += 1;
    const result = matchInferred(rows[0], { tokenCount: altered.length, inputIds: altered });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain('at index 41');
    const truncated = matchInferred({ ...rows[0], inputIds: undefined }, { tokenCount: 60 });
    expect(!truncated.ok && truncated.reason).toContain(`response positions are beyond the student's 60 tokens (first: 60`);
  });
});
