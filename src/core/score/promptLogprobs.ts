/**
 * vLLM's prompt log-probabilities, read as RSR Lens's per-token scores.
 *
 * What a response holds, as read in vLLM's source (main branch, 2026):
 * - `vllm/entrypoints/openai/completion/protocol.py`: `CompletionResponseChoice.prompt_logprobs`
 *   is `list[dict[int, Logprob] | None]`, `prompt_token_ids` echoes the prompt when
 *   `return_token_ids` is set; `prompt_logprobs` may not be streamed.
 * - `vllm/logprobs.py` (`create_prompt_logprobs`, `append_logprobs_for_next_position`): position 0
 *   is `None`; every other position is a dict built from the actual token first (its rank), then
 *   the top K with ranks 1…K. A dict keeps the first insertion's place but takes the last value,
 *   so an actual token inside the top K carries its top-K position as `rank`. JSON object keys
 *   are strings, and JavaScript orders integer-like keys numerically: entries are looked up by id,
 *   never by order.
 * - `vllm/v1/sample/sampler.py` (`compute_logprobs`, `gather_logprobs`): float32 `log_softmax`
 *   over the logits (the lm_head's output trimmed to `config.vocab_size`, padding rows included,
 *   in the model's dtype), `torch.topk`, and `vllm/v1/sample/ops/logprobs.py`
 *   `batched_count_greater_than`, which despite its name counts `x >= value`: vLLM's rank is
 *   #{v : logprob_v ≥ logprob_token}, the token itself and every tie included.
 *
 * Our rank is the strict 1 + #{v : z_v > z_token} (DESIGN.md). Logits in bf16 tie often, so the
 * two differ; the strict rank is derived from the returned top K wherever they determine it
 * (deriveStrictRank) and otherwise kept as vLLM's count, an upper bound, labelled. vLLM returns no
 * entropy: it stays NaN (absent), never 0. `rsr-lens serve` speaks the same dialect with strict
 * ranks and adds entropy (see ServerExtension).
 */

/** One alternative at one position, as vLLM's `Logprob` serialises. */
export interface LogprobEntry {
  logprob: number;
  rank?: number | null;
  decoded_token?: string | null;
}

/** One prompt position: token id (as a string key) → its entry. */
export type PositionLogprobs = Record<string, LogprobEntry>;

/**
 * What a server's `rank` field counts: vLLM's #{≥} (ties and the token itself counted), or the
 * strict 1 + #{>} of `rsr-lens serve`.
 */
export type RankSemantics = 'vllm' | 'strict';

/** How provenance names each semantics. */
export const RANK_SEMANTICS_TEXT: Record<RankSemantics, string> = {
  vllm: 'vLLM #{≥} (ties counted): strict 1 + #{>} derived from the top-K where determined, else the tie-inclusive count',
  strict: 'strict 1 + #{>} (from the server)',
};

/**
 * Extension fields `rsr-lens serve` adds to a choice (`choices[0].rsr_lens`): what vLLM lacks.
 * A vLLM client ignores them; ours reads them when present.
 */
export interface ServerExtension {
  /** What `rank` counts in this response. */
  rank: RankSemantics;
  /** Entropy of the next-token distribution per prompt position (null where not scored), nats. */
  entropy: (number | null)[];
}

/** One scored position, read from a server's prompt logprobs. */
export interface ServerRow {
  surprisal: number;
  /** The strict rank where the response determines it; else the server's tie-inclusive count, an upper bound. */
  rank: number;
  /** The strict rank lies in [rankLow, rank]; equal when it is determined. */
  rankLow: number;
  /** Alternatives best first (the top K the server returned, the actual token among them when it is). */
  topIds: number[];
  topLogProbs: number[];
  /** NaN when the server gives none (vLLM). */
  entropy: number;
}

/** A response that does not follow the contract: the server is not speaking vLLM's dialect (or a version we do not know). */
export class ServerProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerProtocolError';
  }
}

/**
 * The strict rank 1 + #{v : l_v > l_t} of the actual token t, from the K best log-probabilities the
 * server returned and its own count `serverRank` = #{v : l_v ≥ l_t} (vLLM's). `inTopK`: t is one of
 * the K (its entry was overwritten with its top-K position, so `serverRank` is no count then).
 *
 * - t in the top K: every token above it is in the top K, so the count of top-K entries strictly
 *   above l_t is exact.
 * - t outside: the K entries are all ≥ l_t; g of them are > and e are =. The other
 *   serverRank − 1 − K tokens with l ≥ l_t lie outside the top K, so at most its last value. If
 *   there are none, or the last value equals l_t (e > 0: they all equal l_t), the rank is 1 + g.
 *   Otherwise each could be above or tied: the strict rank is somewhere in [1 + K, serverRank].
 *
 * Log-probabilities are compared exactly: vLLM gathers the token's and the top-K's values from one
 * float32 tensor, and JSON carries them without loss.
 */
export function deriveStrictRank(target: number, topK: readonly number[], serverRank: number, inTopK: boolean): { rank: number; rankLow: number } {
  let greater = 0;
  let equal = 0;
  for (const l of topK) {
    if (l > target) greater++;
    else if (l === target) equal++;
  }
  if (inTopK) return { rank: 1 + greater, rankLow: 1 + greater };
  const unseen = serverRank - 1 - topK.length;
  if (unseen <= 0 || equal > 0) return { rank: 1 + greater, rankLow: 1 + greater };
  return { rank: serverRank, rankLow: 1 + topK.length };
}

const isNumber = (x: unknown): x is number => typeof x === 'number' && !Number.isNaN(x);

/**
 * One position of `prompt_logprobs`: `k` is the number of alternatives asked for. Where `semantics`
 * is 'strict' the server's rank is taken as it is.
 */
export function readPosition(position: unknown, target: number, k: number, semantics: RankSemantics, where: string): Omit<ServerRow, 'entropy'> {
  if (!position || typeof position !== 'object') throw new ServerProtocolError(`${where}: expected log-probabilities, got ${JSON.stringify(position)}`);
  const entries = position as PositionLogprobs;
  const own = entries[String(target)];
  if (!own || !isNumber(own.logprob)) throw new ServerProtocolError(`${where}: no log-probability for the prompt's own token ${target}`);
  const others: [number, number][] = [];
  for (const [key, entry] of Object.entries(entries)) {
    const id = Number(key);
    if (!Number.isInteger(id) || id < 0 || !entry || !isNumber(entry.logprob)) throw new ServerProtocolError(`${where}: entry ${JSON.stringify(key)} is not a token id with a log-probability`);
    if (id !== target) others.push([id, entry.logprob]);
  }
  // The actual token first, then K more unless it was one of them (see the file's comment).
  const inTopK = others.length < k;
  others.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const top: [number, number][] = inTopK ? [...others, [target, own.logprob] as [number, number]].sort((a, b) => b[1] - a[1] || a[0] - b[0]) : others;
  let rank: number;
  let rankLow: number;
  if (semantics === 'strict') {
    if (!Number.isInteger(own.rank) || own.rank! < 1) throw new ServerProtocolError(`${where}: the token's rank is ${JSON.stringify(own.rank)}, not a rank`);
    rank = rankLow = own.rank!;
  } else {
    // Outside the top K, a count of ≥ is more than K. vLLM's old V0 engine counted strictly (1 + #{>}),
    // which can be K or less when the token ties with the K-th: then the ties decide, not the count.
    const tiesTheLast = others.some(([, l]) => l === own.logprob);
    if (!inTopK && (!Number.isInteger(own.rank) || (own.rank! <= others.length && !tiesTheLast))) {
      throw new ServerProtocolError(`${where}: the token is not among the ${others.length} best, yet its rank is ${JSON.stringify(own.rank)}: not vLLM's #{≥} count`);
    }
    ({ rank, rankLow } = deriveStrictRank(
      own.logprob,
      others.map(([, l]) => l),
      own.rank ?? 0,
      inTopK,
    ));
  }
  // 0 − l, not −l: a logprob of 0 is a surprisal of 0, not −0.
  return { surprisal: 0 - own.logprob, rank, rankLow, topIds: top.map(([id]) => id), topLogProbs: top.map(([, l]) => l) };
}

/** The body of a prompt-logprobs request for `ids` (never text: the ids are the student tokenizer's, so spans match). */
export function promptLogprobsRequest(model: string, ids: readonly number[], k: number, positions?: readonly number[]): Record<string, unknown> {
  return {
    model,
    prompt: ids,
    max_tokens: 1,
    prompt_logprobs: k,
    return_token_ids: true,
    // Nothing is sampled that we read; greedy keeps the one generated token cheap and reproducible.
    temperature: 0,
    // A prompt of ids is not tokenized again, but a server that would add a BOS must not.
    add_special_tokens: false,
    // Only `rsr-lens serve` announces it: the rows to score, so the rest are not computed (vLLM would log it as ignored).
    ...(positions && { rsr_lens: { positions } }),
  };
}

/**
 * The rows of `positions` (response positions p ≥ 1, each predicted from the tokens before it)
 * from a completion response to promptLogprobsRequest(ids, k). Checks what the contract promises:
 * the echoed ids and the token count are ours, position 0 is null, every asked position has the
 * prompt's own token. A server that breaks it is not scored with.
 */
export function readPromptLogprobs(body: unknown, ids: readonly number[], positions: readonly number[], k: number, semantics: RankSemantics): ServerRow[] {
  const choice = (body as { choices?: unknown[] } | null)?.choices?.[0] as Record<string, unknown> | undefined;
  if (!choice) throw new ServerProtocolError('the response has no choices[0]');
  const echoed = choice.prompt_token_ids;
  if (Array.isArray(echoed) && (echoed.length !== ids.length || echoed.some((id, i) => id !== ids[i]))) {
    const at = echoed.findIndex((id, i) => id !== ids[i]);
    throw new ServerProtocolError(`the server scored other tokens than those sent (${echoed.length} echoed for ${ids.length}, first difference at position ${at < 0 ? Math.min(echoed.length, ids.length) : at})`);
  }
  const counted = (body as { usage?: { prompt_tokens?: unknown } }).usage?.prompt_tokens;
  if (counted !== undefined && counted !== ids.length) throw new ServerProtocolError(`the server counted ${JSON.stringify(counted)} prompt tokens for the ${ids.length} sent (did it add a BOS?)`);
  const logprobs = choice.prompt_logprobs;
  if (!Array.isArray(logprobs)) throw new ServerProtocolError('the response has no choices[0].prompt_logprobs: the server does not return prompt log-probabilities (is it vLLM?)');
  if (logprobs.length !== ids.length) throw new ServerProtocolError(`prompt_logprobs has ${logprobs.length} positions for ${ids.length} tokens`);
  if (logprobs[0] !== null) throw new ServerProtocolError('prompt_logprobs[0] is not null: position 0 has no preceding token to be predicted from');
  const extension = choice.rsr_lens as ServerExtension | undefined;
  const entropy = Array.isArray(extension?.entropy) ? extension.entropy : undefined;
  return positions.map((p) => {
    if (!(p >= 1 && p < ids.length)) throw new Error(`position ${p} cannot be scored in a prompt of ${ids.length} tokens`);
    const row = readPosition(logprobs[p], ids[p], k, semantics, `prompt_logprobs[${p}]`);
    const e = entropy?.[p];
    return { ...row, entropy: isNumber(e) ? e : NaN };
  });
}
