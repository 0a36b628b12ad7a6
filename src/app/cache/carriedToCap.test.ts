import { describe, expect, it } from 'vitest';
import type { ScoredTrajectory } from '../../core/types';
import { carriedToCap } from './carriedToCap';

/** A result of `kept` of `full` tokens, scored under `maxTokens`. */
const scored = (kept: number, full: number, maxTokens: number, device = 'wasm') =>
  ({ tokens: { inputIds: new Array(kept).fill(1), fullLength: full, truncated: kept < full }, provenance: { device, maxTokens } }) as unknown as ScoredTrajectory;

describe('carriedToCap', () => {
  const results = new Map([
    ['whole', scored(100, 100, 2048)],
    ['cut', scored(64, 200, 64)],
    ['imported', scored(50, 50, 2048, 'imported')],
  ]);
  const carried = (maxTokens: number) => carriedToCap(results, maxTokens).map(([key, r]) => [key, r.provenance.maxTokens]);

  it('carriedToCap(results, 0) keeps what no cap cut, now recorded without a limit: only the cut ones are scored again', () => {
    expect(carried(0)).toEqual([['whole', 0]]);
  });
  it('carriedToCap keeps a result only where the new cap keeps exactly the tokens it scored', () => {
    expect(carried(150)).toEqual([['whole', 150]]);
    expect(carried(64)).toEqual([['cut', 64]]);
    expect(carried(80)).toEqual([]);
  });
});
