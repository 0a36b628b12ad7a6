import { describe, expect, it } from 'vitest';
import { isResultEntry, isScoredTrajectory, isTrajectory, keepValid } from './storedShapes';

const result = () => ({
  id: 'p1',
  teacher: 'a',
  source: { file: 'a.jsonl', line: 1, raw: '{}' },
  tokens: { text: 'ab', inputIds: [1, 2], offsets: [0, 1, 2], respPositions: [1], fullLength: 2, truncated: false },
  scores: { surprisal: Float32Array.of(1), rank: Int32Array.of(1), entropy: Float32Array.of(0.5), topIds: Int32Array.of(2), topProbs: Float32Array.of(0.4), topTexts: ['b'], k: 1 },
  metrics: { respTokenLength: 1, avgRankClip: 1, avgRank: 1, avgSurprisal: 1, avgEntropy: 0.5, rsr: NaN },
  provenance: { model: 'm', dtype: 'fp32', device: 'wasm', version: '0', clip: 100, template: 'auto', path: 'graph' },
});

describe('storedShapes', () => {
  it('reliability: isScoredTrajectory takes a result the app writes (NaN RSR included) and rejects "x", metrics: null, and arrays that do not index each other', () => {
    expect(isScoredTrajectory(result())).toBe(true);
    expect(isScoredTrajectory('x')).toBe(false);
    expect(isScoredTrajectory({ ...result(), metrics: null })).toBe(false);
    expect(isScoredTrajectory({ ...result(), scores: { ...result().scores, surprisal: [1] } })).toBe(false);
    expect(isScoredTrajectory({ ...result(), tokens: { ...result().tokens, offsets: [0, 2] } })).toBe(false);
    expect(isScoredTrajectory({ ...result(), scores: { ...result().scores, topTexts: [] } })).toBe(false);
  });

  it('reliability: isResultEntry rejects [key, null] (an imported result that was lost), keepValid counts what it drops', () => {
    expect(isResultEntry(['k', null])).toBe(false);
    expect(isResultEntry(['k', result()])).toBe(true);
    expect(keepValid([['k', null], ['k', result()]], isResultEntry)).toMatchObject({ dropped: 1 });
    expect(keepValid('not a list', isResultEntry)).toEqual({ kept: [], dropped: 1 });
    expect(keepValid(undefined, isResultEntry)).toEqual({ kept: [], dropped: 0 });
  });

  it('isTrajectory needs string id, teacher and message fields, and a source with its raw line', () => {
    const t = { id: '1', teacher: 'a', messages: [{ role: 'user', content: 'q' }], source: { file: 'a.jsonl', line: 1, raw: '{}' } };
    expect(isTrajectory(t)).toBe(true);
    expect(isTrajectory({ ...t, messages: [{ role: 'user', content: null }] })).toBe(false);
    expect(isTrajectory({ ...t, source: { file: 'a.jsonl', line: 1 } })).toBe(false);
  });
});
