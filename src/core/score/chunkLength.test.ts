import { describe, expect, it } from 'vitest';
import { type ChunkMemory, DEFAULT_CHUNK_BUDGET, MAX_CHUNK, MIN_CHUNK, bytesPerPosition, chunkLength, chunkMemory, chunkPlan, describeChunkPlan, kvCacheBytes } from './chunkLength';
import type { ModelSignature } from './modelSignature';

/** The bundled student (4 layers, hidden 64, 4 heads, 2 KV heads × 16, MLP 192) and Qwen2.5-0.5B (24 layers, hidden 896, 14 heads, 2 KV heads × 64, MLP 4864). */
const signature = (layers: number, kvHeads: number, headDim: number, float16 = false): ModelSignature => ({
  inputs: [],
  hasPositionIds: true,
  cache: Array.from({ length: 2 * layers }, (_, i) => ({ past: `p${i}`, present: `q${i}`, dims: [1, kvHeads, 0, headDim], float16 })),
  vocabSize: 151936,
  logitsFloat16: float16,
  constants: [],
});
const toy = chunkMemory(signature(4, 2, 16), { hidden_size: 64, num_attention_heads: 4, intermediate_size: 192 });
const qwen05 = chunkMemory(signature(24, 2, 64), { hidden_size: 896, num_attention_heads: 14, intermediate_size: 4864 });

describe('chunkLength', () => {
  it('chunkMemory reads the KV bytes per token from the cache inputs and the heads from config.json', () => {
    expect(toy).toEqual({ vocab: 151936, heads: 4, hidden: 64, intermediate: 192, kvBytesPerToken: 8 * 2 * 16 * 4, logitsFloat16: false });
    // Qwen2.5-0.5B: 2 × 24 layers × 2 heads × 64 × 4 bytes = 24 KiB a token, 768 MiB at 32k.
    expect(kvCacheBytes(qwen05, 32768)).toBe(768 * 2 ** 20);
    expect(chunkMemory(signature(24, 2, 64, true), {}).kvBytesPerToken).toBe(qwen05.kvBytesPerToken / 2);
  });

  it('bytesPerPosition is a float32 logits row, three attention rows per head against the context, and one layer of activations', () => {
    expect(bytesPerPosition(toy, 1)).toBe(151936 * 4 + 3 * 4 * 1 * 4 + (6 * 64 + 3 * 192) * 4);
    expect(bytesPerPosition({ ...toy, logitsFloat16: true }, 1) - bytesPerPosition(toy, 1)).toBe(151936 * 2);
    expect(bytesPerPosition(toy, 32768) - bytesPerPosition(toy, 1)).toBe(3 * 4 * 32767 * 4);
  });

  it('chunkLength(m, T, budget) is the most positions whose working set fits the budget', () => {
    const rows = chunkLength(toy, 1000, DEFAULT_CHUNK_BUDGET);
    expect(rows * bytesPerPosition(toy, 1000)).toBeLessThanOrEqual(DEFAULT_CHUNK_BUDGET);
    expect((rows + 1) * bytesPerPosition(toy, 1000)).toBeGreaterThan(DEFAULT_CHUNK_BUDGET);
  });

  it('chunkLength shrinks as the context grows, and faster for a real model, whose attention outweighs its logits at 32k', () => {
    expect(chunkLength(toy, 32768)).toBeLessThan(chunkLength(toy, 1024));
    expect(chunkLength(qwen05, 32768) / chunkLength(qwen05, 1024)).toBeLessThan(chunkLength(toy, 32768) / chunkLength(toy, 1024));
    expect(3 * qwen05.heads * 32768 * 4).toBeGreaterThan(qwen05.vocab * 4);
  });

  it('chunkLength stays within [MIN_CHUNK, MAX_CHUNK] whatever the budget', () => {
    expect(chunkLength(qwen05, 32768, 1)).toBe(MIN_CHUNK);
    expect(chunkLength({ ...toy, vocab: 10 } as ChunkMemory, 1, 2 ** 40)).toBe(MAX_CHUNK);
  });

  it('describeChunkPlan names the positions at 1k, 4k and 32k, the budget and the KV cache at 32k', () => {
    const plan = chunkPlan(qwen05);
    expect(describeChunkPlan(plan)).toBe(`chunks of ${plan.at1k} positions at 1k tokens, ${plan.at4k} at 4k, ${plan.at32k} at 32k (256 MiB budget); KV cache 768 MiB at 32k`);
  });

  it('chunkLength(m, context) on WebGPU keeps every tensor of a call within the adapter’s largest buffer: a logits row, or a row of attention scores at long context', () => {
    const gpu = { ...qwen05, maxBufferBytes: 64 * 2 ** 20 };
    // 64 MiB / (151,936 × 4 bytes) = 110 logits rows, fewer than the 256 MiB budget allows alone.
    expect(chunkLength(qwen05, 1024)).toBeGreaterThan(110);
    expect(chunkLength(gpu, 1024)).toBe(110);
    // At 32k tokens a row of scores (14 heads × 32,768 × 4 bytes = 1.75 MiB) is the larger: 36 rows,
    // fewer than the budget's 43.
    expect(chunkLength(qwen05, 32768)).toBe(43);
    expect(chunkLength(gpu, 32768)).toBe(36);
    // A large buffer leaves the budget in charge.
    expect(chunkLength({ ...qwen05, maxBufferBytes: 2 ** 34 }, 1024)).toBe(chunkLength(qwen05, 1024));
    expect(describeChunkPlan(chunkPlan(gpu))).toMatch(/^chunks of 110 positions at 1k tokens, .* 36 at 32k \(256 MiB budget, GPU buffers ≤ 64 MiB\)/);
  });
});
