import { type ChunkMemory, DEFAULT_CHUNK_BUDGET, chunkLength } from '../core/score/chunkLength';
import type { PositionLogprobs, ServerExtension } from '../core/score/promptLogprobs';
import { CancelledError, scoreConversation } from '../core/score/scoreConversation';
import { APP_VERSION } from '../core/version';
import type { NodeStudent } from './loadNodeStudent';
import type { PromptLogprobsEngine } from './promptLogprobsServer';

export interface ServeEngineOptions {
  /** The name requests give (vLLM's --served-model-name); the student's name by default. */
  servedName?: string;
  /** Longest prompt + completion taken (default: the model's max_position_embeddings, else 131,072). */
  maxModelLen?: number;
  /** Bytes for one forward call's working set (chunkLength.ts). */
  chunkBudgetBytes?: number;
}

/**
 * `rsr-lens serve`'s numbers: the in-graph scorer on onnxruntime-node, the same one `score` uses,
 * so every position has the strict rank 1 + #{>}, exact surprisal, entropy and the top 5. Said in
 * the model card (`rsr_lens`), so a client knows what `rank` means; a vLLM client reads it as it
 * reads vLLM. One request at a time: a session runs one forward call at a time anyway.
 */
export function serveEngine(student: NodeStudent, options: ServeEngineOptions = {}): PromptLogprobsEngine {
  const memory: ChunkMemory = student.scorer.memory;
  const topK = student.scorer.topK;
  let queue: Promise<unknown> = Promise.resolve();
  const run = <T>(job: () => Promise<T>): Promise<T> => {
    const next = queue.then(job, job);
    queue = next.catch(() => {});
    return next;
  };
  return {
    model: options.servedName ?? student.name,
    ownedBy: 'rsr-lens',
    version: APP_VERSION,
    maxModelLen: options.maxModelLen ?? student.maxPositions ?? 131_072,
    maxLogprobs: topK,
    vocabSize: memory.vocab,
    card: {
      rsr_lens: {
        rank: 'strict',
        max_logprobs: topK,
        positions: true,
        entropy: true,
        dtype: student.dtype,
        device: student.device,
        file: student.file,
        scoring_path: student.scorer.path,
        ...(student.scorer.layout.approximate && { approximate: student.scorer.layout.approximate }),
      },
    },
    score: (ids, k, positions, isCancelled) =>
      run(async () => {
        if (isCancelled()) throw new CancelledError();
        const wanted = positions ? [...new Set(positions)].sort((a, b) => a - b) : Array.from({ length: ids.length - 1 }, (_, i) => i + 1);
        const promptLogprobs: (PositionLogprobs | null)[] = new Array(ids.length).fill(null);
        const entropy: (number | null)[] = new Array(ids.length).fill(null);
        if (!wanted.length) return { promptLogprobs, extension: { rank: 'strict', entropy } satisfies ServerExtension };
        const scores = await scoreConversation(ids, wanted, student.scorer.forward, {
          chunkLength: chunkLength(memory, ids.length, options.chunkBudgetBytes ?? DEFAULT_CHUNK_BUDGET),
          k: topK,
          isCancelled,
        });
        wanted.forEach((p, i) => {
          const entries: PositionLogprobs = {};
          for (let q = 0; q < Math.min(k, scores.k); q++) {
            const id = scores.topIds[i * scores.k + q];
            if (id >= 0) entries[String(id)] = { logprob: Math.log(scores.topProbs[i * scores.k + q]), rank: q + 1, decoded_token: student.tokenizer.displayText(id) };
          }
          // The prompt's token last, so its entry (strict rank, exact surprisal) is the one that stands.
          entries[String(ids[p])] = { logprob: -scores.surprisal[i], rank: scores.rank[i], decoded_token: student.tokenizer.displayText(ids[p]) };
          promptLogprobs[p] = entries;
          entropy[p] = scores.entropy[i];
        });
        return { promptLogprobs, extension: { rank: 'strict', entropy } satisfies ServerExtension };
      }),
  };
}
