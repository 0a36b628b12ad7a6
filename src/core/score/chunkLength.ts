import type { ModelSignature } from './modelSignature';

/** Default memory budget for one forward call's working set (logits, attention, activations): 256 MiB. */
export const DEFAULT_CHUNK_BUDGET = 256 * 1024 * 1024;

/** Never fewer positions per call than this (below it the body's matrix products waste the machine), nor more than MAX. */
export const MIN_CHUNK = 16;
export const MAX_CHUNK = 2048;

/** What one forward call costs in memory, per position fed, from the model's shapes. */
export interface ChunkMemory {
  vocab: number;
  /** Attention heads: eager attention keeps [heads, positions, context] scores. */
  heads: number;
  hidden: number;
  intermediate: number;
  /** Bytes of one token's keys and values over every layer (past_key_values.* at its dtype). */
  kvBytesPerToken: number;
  /** Whether the logits come out as float16 (then cast up: 6 bytes a logit instead of 4). */
  logitsFloat16: boolean;
  /**
   * WebGPU: the largest buffer the adapter binds (the smaller of its maxBufferSize and
   * maxStorageBufferBindingSize). No tensor of a call may be larger, so chunks are cut to fit it.
   */
  maxBufferBytes?: number;
}

export function chunkMemory(signature: ModelSignature, config: Record<string, any> = {}, maxBufferBytes?: number): ChunkMemory {
  const kvBytesPerToken = signature.cache.reduce((n, kv) => n + kv.dims[1] * kv.dims[3] * (kv.float16 ? 2 : 4), 0);
  const hidden = Number(config.hidden_size ?? config.text_config?.hidden_size) || 0;
  return {
    vocab: signature.vocabSize,
    heads: Number(config.num_attention_heads ?? config.text_config?.num_attention_heads) || signature.cache[0]?.dims[1] || 1,
    hidden,
    intermediate: Number(config.intermediate_size ?? config.text_config?.intermediate_size) || 4 * hidden,
    kvBytesPerToken,
    logitsFloat16: signature.logitsFloat16,
    ...(maxBufferBytes && { maxBufferBytes }),
  };
}

/**
 * Bytes per fed position of the largest single tensor of a call: a float32 row of logits (float16
 * logits are cast up), or a row of float32 attention scores over the context, [heads × context].
 */
export function largestRowBytes(m: ChunkMemory, contextTokens: number): number {
  return Math.max(m.vocab * 4, m.heads * contextTokens * 4);
}

/**
 * Bytes one fed position costs at a context of `contextTokens`: its row of logits (every row may be
 * scored; the scoring graph keeps one float32 [rows × V] tensor, the reductions run a row at a
 * time), its attention scores against every key (eager attention holds about three float32
 * [heads × rows × context] tensors at once: scores, masked, softmax), and its activations in one
 * layer (q, k, v, the MLP's gate and up). For a real student at long context the attention share
 * dominates and the logits share is small; for the bundled toy it is the other way round.
 */
export function bytesPerPosition(m: ChunkMemory, contextTokens: number): number {
  const logits = m.vocab * (m.logitsFloat16 ? 6 : 4);
  const attention = 3 * m.heads * contextTokens * 4;
  const activations = (6 * m.hidden + 3 * m.intermediate) * 4;
  return logits + attention + activations;
}

/** Bytes of one call that feeds `fed` positions against `contextTokens` keys and scores `scored` of them. */
export function callBytes(m: ChunkMemory, fed: number, scored: number, contextTokens: number): number {
  return scored * m.vocab * (m.logitsFloat16 ? 6 : 4) + fed * (bytesPerPosition(m, contextTokens) - m.vocab * (m.logitsFloat16 ? 6 : 4));
}

/**
 * Positions per forward call for a conversation of `contextTokens`, so that one call's working set
 * fits the budget: chosen from memory per model and conversation (long ones get shorter chunks, as
 * their attention rows grow), then clamped to [MIN_CHUNK, MAX_CHUNK]. Chunks go through the KV
 * cache, which is exact: full logits are T × V × 4 bytes (2.5 GB at T = 4,096 for Qwen), beyond
 * WASM's 4 GiB and a WebGPU buffer's limit.
 */
export function chunkLength(m: ChunkMemory, contextTokens: number, budgetBytes = DEFAULT_CHUNK_BUDGET): number {
  const context = Math.max(1, contextTokens);
  let fits = Math.floor(budgetBytes / bytesPerPosition(m, context));
  // On WebGPU a tensor larger than the adapter's largest buffer fails the call: cut the chunk to it.
  if (m.maxBufferBytes) fits = Math.min(fits, Math.floor(m.maxBufferBytes / largestRowBytes(m, context)));
  return Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, fits));
}

/** The KV cache of `tokens` tokens: what each chunk hands back and feeds in again (past and present both live). */
export function kvCacheBytes(m: ChunkMemory, tokens: number): number {
  return m.kvBytesPerToken * tokens;
}

/** The choice at a few lengths, for the run panel and the CLI's summary. */
export interface ChunkPlan {
  budgetBytes: number;
  /** Positions per call at 1k, 4k and 32k tokens of context. */
  at1k: number;
  at4k: number;
  at32k: number;
  /** The KV cache at 32k tokens. */
  kvAt32kBytes: number;
  /** WebGPU: the adapter's largest buffer, which caps the chunks too. */
  maxBufferBytes?: number;
}

export function chunkPlan(m: ChunkMemory, budgetBytes = DEFAULT_CHUNK_BUDGET): ChunkPlan {
  return {
    budgetBytes,
    at1k: chunkLength(m, 1024, budgetBytes),
    at4k: chunkLength(m, 4096, budgetBytes),
    at32k: chunkLength(m, 32768, budgetBytes),
    kvAt32kBytes: kvCacheBytes(m, 32768),
    ...(m.maxBufferBytes && { maxBufferBytes: m.maxBufferBytes }),
  };
}

/**
 * "chunks of 425 positions at 1k tokens, 400 at 4k, 122 at 32k (256 MiB budget); KV cache 32 MiB at 32k",
 * and on WebGPU "(256 MiB budget, GPU buffers ≤ 2.0 GiB)".
 */
export function describeChunkPlan(p: ChunkPlan): string {
  const mib = (b: number) => (b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(1)} GiB` : `${Math.round(b / 2 ** 20)} MiB`);
  const limit = p.maxBufferBytes ? `, GPU buffers ≤ ${mib(p.maxBufferBytes)}` : '';
  return `chunks of ${p.at1k} positions at 1k tokens, ${p.at4k} at 4k, ${p.at32k} at 32k (${mib(p.budgetBytes)} budget${limit}); KV cache ${mib(p.kvAt32kBytes)} at 32k`;
}
