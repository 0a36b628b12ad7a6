import type { TokenScores } from '../types';
import type { RowScore } from './reduceLogits';

/** One forward call over ids[start, start + ids.length) given the cache of everything before `start`. */
export interface ChunkRequest<Cache> {
  ids: number[];
  start: number;
  /** Chunk-relative rows whose next-token distribution is scored (row r predicts ids[start + r + 1]). */
  rows: number[];
  /** The token each row must predict. */
  labels: number[];
  cache: Cache | null;
}

export interface ChunkResult<Cache> {
  rows: RowScore[];
  cache: Cache;
}

/** A model call: the graph path and the plain-JS path both fit this, and so does any test double. */
export type ForwardChunk<Cache> = (req: ChunkRequest<Cache>) => Promise<ChunkResult<Cache>>;

/**
 * One forward call over several whole conversations side by side, from position 0 with no cache:
 * `ids` holds one row per conversation, right-padded to the same width. Real tokens never see the
 * padding (attention is causal and the padding comes after them), so each conversation gets the
 * numbers it gets alone wherever the kernels do not depend on the batch (checked: ortScorer.ts).
 */
export interface BatchRequest {
  ids: number[][];
  /** Scored rows: batch row b, position-relative row r is b · width + r. */
  rows: number[];
  labels: number[];
}

export type ForwardBatch = (req: BatchRequest) => Promise<RowScore[]>;

export interface ScoreOptions {
  chunkLength: number;
  k: number;
  /** Called after every chunk with the number of tokens fed so far. */
  onProgress?: (fedTokens: number) => void;
  /**
   * Checked between chunks: a cancelled conversation throws `CancelledError`. May be async, so a
   * browser worker can yield to its event loop there (a `cancel` message is only delivered then).
   */
  isCancelled?: () => boolean | Promise<boolean>;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

/**
 * Teacher-forced scoring of one conversation, chunk by chunk through the KV cache.
 * The token at position p is predicted by the logits at p − 1, so response position p is scored on
 * row p − 1; chunks stop feeding after the last response position (nothing later is needed).
 */
export async function scoreConversation<Cache>(
  ids: readonly number[],
  respPositions: readonly number[],
  forward: ForwardChunk<Cache>,
  { chunkLength, k, onProgress, isCancelled }: ScoreOptions,
): Promise<TokenScores> {
  const n = respPositions.length;
  const scores = emptyScores(n, k);
  if (n === 0) return scores;
  if (respPositions[0] < 1) throw new Error('position 0 has no preceding logits and cannot be scored');
  // Rows needed: up to the one predicting the last response token.
  const end = respPositions[n - 1];
  let cache: Cache | null = null;
  let next = 0;
  for (let start = 0; start < end; start += chunkLength) {
    if (await isCancelled?.()) throw new CancelledError();
    const stop = Math.min(start + chunkLength, end);
    const rows: number[] = [];
    const labels: number[] = [];
    const first = next;
    while (next < n && respPositions[next] - 1 < stop) {
      rows.push(respPositions[next] - 1 - start);
      labels.push(ids[respPositions[next]]);
      next++;
    }
    const result: ChunkResult<Cache> = await forward({ ids: ids.slice(start, stop), start, rows, labels, cache });
    cache = result.cache;
    result.rows.forEach((row, j) => setRow(scores, first + j, row));
    onProgress?.(stop);
  }
  return scores;
}

function emptyScores(n: number, k: number): TokenScores {
  return { surprisal: new Float32Array(n), rank: new Int32Array(n), entropy: new Float32Array(n), topIds: new Int32Array(n * k), topProbs: new Float32Array(n * k), topTexts: [], k };
}

function setRow(scores: TokenScores, i: number, row: RowScore): void {
  const k = scores.k;
  scores.surprisal[i] = row.surprisal;
  scores.rank[i] = row.greater + 1;
  scores.entropy[i] = row.entropy;
  for (let q = 0; q < k; q++) {
    scores.topIds[i * k + q] = row.topIds[q] ?? -1;
    scores.topProbs[i * k + q] = row.topIds[q] === undefined ? 0 : Math.exp(row.topLogProbs[q]);
  }
}

/** What scoreBatch scores: one conversation's ids and response positions. */
export interface BatchItem {
  ids: readonly number[];
  respPositions: readonly number[];
}

/**
 * Several short conversations in one forward call (each must have response positions ≥ 1): fed up to
 * the last response position of the longest, rounded up to a multiple of `padTo` (see
 * ForwardBatch's runtime notes in ortScorer.ts), the others padded with token 0 after their own last
 * needed position. Returns each conversation's scores, in order.
 */
export async function scoreBatch(items: readonly BatchItem[], forward: ForwardBatch, k: number, padTo = 1): Promise<TokenScores[]> {
  const ends = items.map((t) => t.respPositions[t.respPositions.length - 1] ?? 0);
  const width = Math.ceil(Math.max(...ends) / padTo) * padTo;
  const ids = items.map((t, b) => Array.from({ length: width }, (_, p) => (p < ends[b] ? t.ids[p] : 0)));
  const rows: number[] = [];
  const labels: number[] = [];
  items.forEach((t, b) => {
    if (t.respPositions[0] < 1) throw new Error('position 0 has no preceding logits and cannot be scored');
    for (const p of t.respPositions) {
      rows.push(b * width + p - 1);
      labels.push(t.ids[p]);
    }
  });
  const scored = await forward({ ids, rows, labels });
  let at = 0;
  return items.map((t) => {
    const scores = emptyScores(t.respPositions.length, k);
    for (let i = 0; i < t.respPositions.length; i++) setRow(scores, i, scored[at++]);
    return scores;
  });
}
