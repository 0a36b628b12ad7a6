import { type RankSemantics, ServerProtocolError } from './promptLogprobs';

/**
 * HTTP to a server that speaks vLLM's OpenAI-compatible API: vLLM itself, or `rsr-lens serve`.
 * `fetch` only, so the same code runs in the CLI (Node) and the model worker (browser).
 */

/** Where a server is and how to be let in. The key goes in a header, never in the URL. */
export interface ServerEndpoint {
  /** Base URL without a trailing slash, e.g. `http://gpu1:8000`. */
  url: string;
  /** Sent as `Authorization: Bearer …` (vLLM's `--api-key`). */
  apiKey?: string;
}

/** What a server says about itself, checked before anything is scored. */
export interface ServerInfo {
  url: string;
  /** `vllm`, `rsr-lens`, or what `/v1/models` names as `owned_by`. */
  engine: string;
  /** `/version`, when the server answers it. */
  version?: string;
  /** The served model's id (what requests name). */
  model: string;
  /** vLLM's max_model_len from `/v1/models`: a prompt needs prompt_len + 1 ≤ it. */
  maxModelLen?: number;
  /** The dtype the server computes in, when it says (rsr-lens serve; vLLM's `/server_info` in dev mode). */
  dtype?: string;
  rankSemantics: RankSemantics;
  /** Alternatives per position the server gives at most: vLLM's --max-logprobs (20 unless changed), rsr-lens serve's 5. */
  maxLogprobs: number;
  /** Whether requests may name the positions to score (rsr-lens serve only). */
  canPickPositions: boolean;
  /** The ONNX file rsr-lens serve scores with. */
  file?: string;
}

/**
 * What went wrong, by what it means for the run: 'row' (this conversation cannot be scored here:
 * longer than the context), 'auth' (the key is refused), 'unreachable' (no connection), 'timeout',
 * 'failed' (a 5xx: the server's own failure), 'limit' (more alternatives asked for than
 * --max-logprobs allows; `limit` says how many are), 'protocol' (an answer that breaks the
 * contract), 'rejected' (any other 4xx).
 */
export type ServerErrorKind = 'row' | 'auth' | 'unreachable' | 'timeout' | 'failed' | 'limit' | 'protocol' | 'rejected';

export class ServerError extends Error {
  constructor(
    message: string,
    readonly kind: ServerErrorKind,
    readonly status?: number,
    /** For 'limit': the most alternatives the server allows. */
    readonly limit?: number,
  ) {
    super(message);
    this.name = 'ServerError';
  }
}

/** `http://host:8000/` or `http://host:8000/v1` → `http://host:8000`; anything but http(s) is refused. */
export function serverBaseUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new ServerError(`"${input}" is not a URL: give the server as http://host:port`, 'rejected');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ServerError(`"${input}" is not an http(s) URL`, 'rejected');
  if (url.username || url.password) throw new ServerError(`${url.origin}: put the key in --api-key, not in the URL`, 'rejected');
  return (url.origin + url.pathname).replace(/\/+$/, '').replace(/\/v1$/, '');
}

/** The message inside a vLLM error body: `{error: {message}}`, `{message}`, or FastAPI's `{error: "Unauthorized"}`. */
function errorText(body: unknown, fallback: string): string {
  const b = body as { error?: unknown; message?: unknown; detail?: unknown } | null;
  const e = b?.error as { message?: unknown } | string | undefined;
  const text = (typeof e === 'string' ? e : e?.message) ?? b?.message ?? b?.detail;
  return typeof text === 'string' && text ? text : fallback;
}

const CONTEXT_WORDS = /context length|maximum model length|max_model_len|too long|exceeds the model/i;

/**
 * Whether a page at `pageUrl` may not call `url`: an https page and an http:// server (mixed
 * content), unless the server is on loopback, which Chromium and Firefox exempt.
 */
export function isMixedContent(url: string, pageUrl: string): boolean {
  return new URL(pageUrl).protocol === 'https:' && /^http:\/\//i.test(url.trim()) && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/i.test(url.trim());
}

/** Why a fetch that threw did not get an answer. */
function unreachable(url: string, err: unknown, options: RequestOptions): ServerError {
  if ((err as Error)?.name === 'TimeoutError') return new ServerError(`${url}: no answer within ${Number(((options.timeoutMs ?? 0) / 1000).toPrecision(3))} s (timeout)`, 'timeout');
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const why = cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
  // A browser says only "Failed to fetch": the likely reasons, in the order they happen.
  const page = options.pageUrl ? new URL(options.pageUrl) : undefined;
  if (page && isMixedContent(url, page.href)) {
    return new ServerError(
      `${url}: this page is served over https, and browsers block its requests to an http:// server (mixed content). Serve the server over https (a reverse proxy), or open RSR Lens over http (npm run preview on your machine)`,
      'unreachable',
    );
  }
  const hint = page ? ` — the server is down, or it does not let ${page.origin} in (CORS: vLLM allows any origin unless --allowed-origins says otherwise; rsr-lens serve needs --allowed-origins ${page.origin})` : '';
  return new ServerError(`cannot reach ${url}: ${why}${hint}`, 'unreachable');
}

export interface RequestOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The page's URL in a browser: explains mixed content and CORS when a request fails without an answer. */
  pageUrl?: string;
}

/** One JSON request; an answer that is not 2xx becomes a ServerError of the right kind. */
async function call(endpoint: ServerEndpoint, path: string, options: RequestOptions, body?: unknown): Promise<unknown> {
  const url = endpoint.url + path;
  const signals = [options.signal, options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined].filter((s): s is AbortSignal => !!s);
  let response: Response;
  try {
    response = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
        ...(endpoint.apiKey && { Authorization: `Bearer ${endpoint.apiKey}` }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0],
    });
  } catch (err) {
    if ((err as Error)?.name === 'AbortError' && options.signal?.aborted) throw err;
    throw unreachable(url, err, options);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (err) {
    if ((err as Error)?.name === 'AbortError' && options.signal?.aborted) throw err;
    throw unreachable(url, err, options);
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (response.ok) {
    if (json === undefined) throw new ServerError(`${url} answered ${response.status} with a body that is not JSON`, 'protocol', response.status);
    return json;
  }
  const message = errorText(json, text.slice(0, 200) || response.statusText);
  const status = response.status;
  if (status === 401 || status === 403) {
    throw new ServerError(`${endpoint.url} refused the request (${status} ${message}): ${endpoint.apiKey ? 'the API key is wrong' : 'it needs an API key'}`, 'auth', status);
  }
  if (status >= 500) throw new ServerError(`${url}: the server failed (${status}: ${message})`, 'failed', status);
  const limit = /max allowed: (\d+)/.exec(message);
  if (limit && /logprobs/i.test(message)) throw new ServerError(`${url}: ${message}`, 'limit', status, Number(limit[1]));
  if (CONTEXT_WORDS.test(message)) throw new ServerError(`longer than the server's context: ${message}`, 'row', status);
  throw new ServerError(`${url} rejected the request (${status}: ${message})`, 'rejected', status);
}

const positiveInteger = (x: unknown): number | undefined => (Number.isInteger(x) && (x as number) > 0 ? (x as number) : undefined);

/**
 * GET /v1/models (the model, its max_model_len, whether the key is accepted: vLLM guards /v1/*),
 * /version, and what the server adds: rsr-lens serve's `rsr_lens` card field, or vLLM's
 * `/server_info` (only with VLLM_SERVER_DEV_MODE=1) for the dtype. A server that lists several
 * models (vLLM lists LoRA adapters beside the base) is asked for `model` (an id, or the `root` it was
 * loaded from), which must be one of them.
 */
export async function probeServer(endpoint: ServerEndpoint, options: RequestOptions & { model?: string } = {}): Promise<ServerInfo> {
  const models = (await call(endpoint, '/v1/models', options)) as { data?: Record<string, unknown>[] };
  const cards = Array.isArray(models?.data) ? models.data : [];
  if (!cards.length) throw new ServerError(`${endpoint.url}/v1/models lists no model: is it an OpenAI-compatible server (vLLM)?`, 'protocol');
  const named = options.model ? cards.find((c) => c.id === options.model || c.root === options.model) : undefined;
  const card = named ?? (cards.length === 1 ? cards[0] : undefined);
  if (!card) throw new ServerError(`${endpoint.url} serves ${cards.length} models (${cards.map((c) => c.id).join(', ')}): name the student as one of them (--model in the CLI, the tokenizer's Hub id in the app)`, 'rejected');
  const optional = async (path: string) => {
    try {
      return (await call(endpoint, path, { ...options, timeoutMs: Math.min(options.timeoutMs ?? 10_000, 10_000) })) as Record<string, any>;
    } catch (err) {
      if (err instanceof ServerError && (err.kind === 'rejected' || err.kind === 'protocol' || err.kind === 'failed')) return undefined;
      throw err;
    }
  };
  const version = await optional('/version');
  const ours = card.rsr_lens as Record<string, any> | undefined;
  const dtype = typeof ours?.dtype === 'string' ? ours.dtype : ((await optional('/server_info?config_format=json'))?.vllm_config?.model_config?.dtype as string | undefined);
  const engine = ours ? `rsr-lens${typeof ours.device === 'string' ? ` (${ours.device})` : ''}` : typeof card.owned_by === 'string' ? card.owned_by : 'unknown';
  return {
    url: endpoint.url,
    engine,
    ...(typeof version?.version === 'string' && { version: version.version }),
    model: String(card.id),
    ...(positiveInteger(card.max_model_len) && { maxModelLen: positiveInteger(card.max_model_len) }),
    ...(typeof dtype === 'string' && { dtype: dtype.replace(/^torch\./, '') }),
    rankSemantics: ours?.rank === 'strict' ? 'strict' : 'vllm',
    maxLogprobs: positiveInteger(ours?.max_logprobs) ?? 20,
    canPickPositions: ours?.positions === true,
    ...(typeof ours?.file === 'string' && { file: ours.file }),
  };
}

/** POST /v1/completions with a prompt-logprobs request body (promptLogprobs.ts); the parsed response. */
export function postCompletion(endpoint: ServerEndpoint, body: Record<string, unknown>, options: RequestOptions): Promise<unknown> {
  return call(endpoint, '/v1/completions', options, body);
}

/** A protocol error from reading a response, as a ServerError of kind 'protocol' naming the server. */
export function protocolError(endpoint: ServerEndpoint, err: ServerProtocolError): ServerError {
  return new ServerError(`${endpoint.url}: ${err.message}`, 'protocol');
}
