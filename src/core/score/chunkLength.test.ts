import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_BUDGET, LIVE_LOGIT_TENSORS, chunkLength } from './chunkLength';

describe('chunkLength', () => {
  it('chunkLength(V) fits LIVE_LOGIT_TENSORS float32 [rows × V] tensors in the 256 MiB default budget', () => {
    expect(DEFAULT_CHUNK_BUDGET).toBe(256 * 1024 * 1024);
    expect(LIVE_LOGIT_TENSORS).toBe(2);
    // Qwen: 268,435,456 / (2 × 151,936 × 4) = 220.8 → 220 rows.
    expect(chunkLength(151936)).toBe(220);
  });

  it('chunkLength(V, budget) rounds down so the working set never exceeds the budget', () => {
    expect(chunkLength(1000, 2 * 1000 * 4 * 10)).toBe(10);
    expect(chunkLength(1000, 2 * 1000 * 4 * 10 - 1)).toBe(9);
    const rows = chunkLength(128256, 100e6);
    expect(rows * LIVE_LOGIT_TENSORS * 128256 * 4).toBeLessThanOrEqual(100e6);
    expect((rows + 1) * LIVE_LOGIT_TENSORS * 128256 * 4).toBeGreaterThan(100e6);
  });

  it('chunkLength is at least 1, even when one row exceeds the budget', () => {
    expect(chunkLength(151936, 1)).toBe(1);
    expect(chunkLength(151936, 0)).toBe(1);
  });

  it('chunkLength shrinks as the vocabulary grows', () => {
    expect(chunkLength(32000)).toBeGreaterThan(chunkLength(151936));
    expect(chunkLength(256000)).toBeLessThan(chunkLength(151936));
  });
});
