import type { TokenScores } from '../types';
import { RANK_SEMANTICS_TEXT, ServerProtocolError, promptLogprobsRequest, readPromptLogprobs, type ServerRow } from './promptLogprobs';
import { type RequestOptions, type ServerEndpoint, ServerError, type ServerInfo, postCompletion, protocolError } from './serverClient';
import { serverPool } from './serverPool';

/** A server to score with: where it is, its key, and what it said about itself. */
export interface ScoringServer {
  endpoint: ServerEndpoint;
  info: ServerInfo;
}

/** Alternatives asked for per position: vLLM's default --max-logprobs. More determine more strict ranks, and grow every response. */
export const SERVER_TOP_K = 20;
/** Alternatives a result keeps per token, as the in-graph scorer does (tooltips, exports). */
const KEPT_TOP_K = 5;

export interface ServerScorerOptions {
  /** Requests in flight per server. */
  inFlight: number;
  /** 'longest' first for a cluster run, 'fifo' where results should arrive in order (the app). */
  order: 'longest' | 'fifo';
  /** Per request (a 32k-token prompt on a busy server takes a while). */
  timeoutMs: number;
  /** A server was dropped, and why. */
  onDropped?: (info: ServerInfo, reason: string) => void;
  /** The page's URL in a browser (see RequestOptions). */
  pageUrl?: string;
}

/** One conversation's scores from a server, and how many of its ranks the response left open. */
export interface ServerScores {
  scores: TokenScores;
  /** Ranks that are the server's tie-inclusive count (an upper bound), not the strict rank. */
  openRanks: number;
  /** Alternatives the server returned per position (what determined the ranks). */
  k: number;
}

/**
 * Whole conversations scored by one or many servers (vLLM, or `rsr-lens serve`): the student's
 * weights are there, its tokenizer here. No chunks and no KV cache on this side; the run loop
 * keeps `window` conversations in the pool's queue at once.
 */
export interface ServerScorer {
  kind: 'server';
  path: 'server';
  /** What every server said at the start (they must agree on the model, engine and dtype). */
  servers: ServerInfo[];
  /** `vllm 0.10.2`: the engine and its /version, what provenance records as the device. */
  engine: string;
  model: string;
  dtype?: string;
  /** The ONNX file, when rsr-lens serve says. */
  file?: string;
  /** What a result's rank means, in words (provenance). */
  rankSemantics: string;
  topK: number;
  /** Conversations a run keeps queued (and, scored, waiting for the ones before them). */
  window: number;
  /** The longest prompt every server takes (max_model_len − 1), when they say. */
  maxPrompt?: number;
  score(ids: readonly number[], respPositions: readonly number[]): Promise<ServerScores>;
  /** Abort what is in flight (Cancel); the scorer stays usable. */
  cancel(): void;
  /** The servers still scoring. */
  live(): ServerInfo[];
  release(): Promise<void>;
  fallbackReason?: undefined;
}

const engineOf = (info: ServerInfo) => `${info.engine}${info.version ? ` ${info.version}` : ''}`;

/** SHA-256 of what a request asks: equal prompts and positions are one request. */
async function requestKey(ids: readonly number[], positions: readonly number[]): Promise<string> {
  const bytes = new Uint8Array(Int32Array.from([ids.length, ...ids, ...positions]).buffer);
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function scoresOf(rows: ServerRow[]): ServerScores['scores'] {
  const n = rows.length;
  const scores: TokenScores = {
    surprisal: new Float32Array(n),
    rank: new Int32Array(n),
    entropy: new Float32Array(n),
    topIds: new Int32Array(n * KEPT_TOP_K).fill(-1),
    topProbs: new Float32Array(n * KEPT_TOP_K),
    topTexts: [],
    k: KEPT_TOP_K,
  };
  rows.forEach((row, i) => {
    scores.surprisal[i] = row.surprisal;
    scores.rank[i] = row.rank;
    scores.entropy[i] = row.entropy;
    for (let q = 0; q < Math.min(KEPT_TOP_K, row.topIds.length); q++) {
      scores.topIds[i * KEPT_TOP_K + q] = row.topIds[q];
      scores.topProbs[i * KEPT_TOP_K + q] = Math.exp(row.topLogProbs[q]);
    }
  });
  return scores;
}

/**
 * A scorer over servers already probed (probeServer). They must serve the same model with the
 * same engine, version and dtype, or one run would mix numbers of different students.
 */
export function createServerScorer(servers: readonly ScoringServer[], options: ServerScorerOptions): ServerScorer {
  const first = servers[0]?.info;
  if (!first) throw new ServerError('no server given', 'rejected');
  for (const { info } of servers.slice(1)) {
    const differs = (['model', 'engine', 'version', 'dtype', 'rankSemantics'] as const).find((key) => info[key] !== first[key]);
    if (differs) {
      throw new ServerError(`the servers disagree: ${first.url} has ${differs} ${JSON.stringify(first[differs])}, ${info.url} has ${JSON.stringify(info[differs])}; one run scores with one student`, 'rejected');
    }
  }
  // What each server allows, learnt from its answers (vLLM does not say its --max-logprobs).
  const topK = new Map(servers.map((s) => [s, Math.min(SERVER_TOP_K, s.info.maxLogprobs)]));
  const pool = serverPool(servers, {
    inFlight: options.inFlight,
    order: options.order,
    nameOf: (s) => s.info.url,
    onDropped: (s, reason) => options.onDropped?.(s.info, reason),
  });
  const limits = servers.map((s) => s.info.maxModelLen).filter((n): n is number => n !== undefined);
  const maxPrompt = limits.length ? Math.min(...limits) - 1 : undefined;

  const ask = async (server: ScoringServer, prompt: readonly number[], positions: readonly number[], signal: AbortSignal): Promise<ServerScores> => {
    const request: RequestOptions = { signal, timeoutMs: options.timeoutMs, pageUrl: options.pageUrl };
    for (;;) {
      const k = topK.get(server)!;
      const body = promptLogprobsRequest(server.info.model, prompt, k, server.info.canPickPositions ? positions : undefined);
      let response: unknown;
      try {
        response = await postCompletion(server.endpoint, body, request);
      } catch (err) {
        // Fewer alternatives than asked is allowed: ask again with what the server allows.
        if (err instanceof ServerError && err.kind === 'limit' && err.limit && err.limit >= 1 && err.limit < k) {
          topK.set(server, err.limit);
          continue;
        }
        throw err;
      }
      try {
        const rows = readPromptLogprobs(response, prompt, positions, k, server.info.rankSemantics);
        return { scores: scoresOf(rows), openRanks: rows.filter((r) => r.rankLow < r.rank).length, k };
      } catch (err) {
        if (err instanceof ServerProtocolError) throw protocolError(server.endpoint, err);
        throw err;
      }
    }
  };

  return {
    kind: 'server',
    path: 'server',
    servers: servers.map((s) => s.info),
    engine: engineOf(first),
    model: first.model,
    ...(first.dtype && { dtype: first.dtype }),
    ...(first.file && { file: first.file }),
    rankSemantics: RANK_SEMANTICS_TEXT[first.rankSemantics],
    topK: KEPT_TOP_K,
    window: Math.max(32, 4 * options.inFlight * servers.length),
    ...(maxPrompt !== undefined && { maxPrompt }),
    async score(ids, respPositions) {
      const last = respPositions[respPositions.length - 1];
      if (respPositions[0] < 1) throw new Error('position 0 has no preceding token and cannot be scored');
      // Tokens after the last response token predict nothing we read: they are not sent.
      const prompt = ids.slice(0, last + 1);
      if (maxPrompt !== undefined && prompt.length > maxPrompt) {
        throw new ServerError(
          `${prompt.length.toLocaleString('en-US')} tokens up to the last response token, more than the server takes (max_model_len ${(maxPrompt + 1).toLocaleString('en-US')} = prompt + 1): start the server with a larger --max-model-len, or score with --max-tokens`,
          'row',
        );
      }
      const key = await requestKey(prompt, respPositions);
      return pool.submit({ key, size: prompt.length, run: (server, signal) => ask(server, prompt, respPositions, signal) });
    },
    cancel: () => pool.cancel(),
    live: () => pool.live().map((s) => s.info),
    release: async () => pool.cancel(),
  };
}
