/** Default memory budget for one chunk's logits: 256 MiB. */
export const DEFAULT_CHUNK_BUDGET = 256 * 1024 * 1024;

/**
 * Positions per forward call so that one chunk's float32 logits (chunk × V × 4 bytes) fit the budget.
 * Full logits are T × V × 4 bytes (2.5 GB at T = 4,096 for Qwen) — beyond WASM's 4 GiB and a WebGPU
 * buffer's limit — so long conversations are fed in chunks through the KV cache, which is exact.
 */
export function chunkLength(vocabSize: number, budgetBytes = DEFAULT_CHUNK_BUDGET): number {
  return Math.max(1, Math.floor(budgetBytes / (vocabSize * 4)));
}
