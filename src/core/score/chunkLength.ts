/** Default memory budget for one chunk's logits-sized working set: 256 MiB. */
export const DEFAULT_CHUNK_BUDGET = 256 * 1024 * 1024;

/**
 * How many [rows × V] float32 tensors the scoring graph keeps alive at once: the logits and
 * exp(z − max) overlap (see transformGraph.ts). Measured on the bundled student, 32,525 tokens, Node:
 * 441-row chunks peaked at 2.0 GB RSS, 220-row chunks at 1.24 GB, 128-row chunks at 0.9 GB, and
 * smaller chunks were no slower (the reductions stay in cache longer).
 */
export const LIVE_LOGIT_TENSORS = 2;

/**
 * Positions per forward call so that one chunk's logits-sized working set fits the budget.
 * Full logits are T × V × 4 bytes (2.5 GB at T = 4,096 for Qwen) — beyond WASM's 4 GiB and a WebGPU
 * buffer's limit — so long conversations are fed in chunks through the KV cache, which is exact.
 */
export function chunkLength(vocabSize: number, budgetBytes = DEFAULT_CHUNK_BUDGET): number {
  return Math.max(1, Math.floor(budgetBytes / (LIVE_LOGIT_TENSORS * vocabSize * 4)));
}
