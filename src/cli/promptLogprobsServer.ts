import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PositionLogprobs } from '../core/score/promptLogprobs';

/**
 * The HTTP side of a server that speaks vLLM's prompt log-probabilities: `rsr-lens serve` (our
 * exact scorer behind it) and the tests' stand-in vLLM (its semantics emulated). Routes, bodies,
 * errors and auth follow vLLM's OpenAI-compatible server: GET /v1/models, /version, /health,
 * POST /v1/completions with a prompt of token ids. Requests never name a file: the model is fixed
 * when the server starts.
 */

/** What computes the numbers behind the HTTP. */
export interface PromptLogprobsEngine {
  /** The served model's id (requests must name it, as vLLM's do). */
  model: string;
  /** `owned_by` of the model card: `vllm` for the stand-in, `rsr-lens` for serve. */
  ownedBy: string;
  /** What GET /version answers. */
  version: string;
  /** prompt + max_tokens may not exceed it (vLLM's max_model_len). */
  maxModelLen: number;
  /** Alternatives per position at most (vLLM's --max-logprobs). */
  maxLogprobs: number;
  /** Ids of the vocabulary run from 0 to this (exclusive): anything else is refused. */
  vocabSize: number;
  /** Fields added to the model card (serve's `rsr_lens`). */
  card?: Record<string, unknown>;
  /**
   * Prompt log-probabilities of `ids` with `k` alternatives, at `positions` (all of 1…T−1 when
   * undefined; null elsewhere), and fields to add to the choice. `isCancelled` turns true when
   * the client goes away.
   */
  score(ids: number[], k: number, positions: number[] | undefined, isCancelled: () => boolean): Promise<{ promptLogprobs: (PositionLogprobs | null)[]; extension?: Record<string, unknown> }>;
}

export interface PromptLogprobsServerOptions {
  /** 127.0.0.1 unless told otherwise: a scorer is not a public service. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Required as `Authorization: Bearer …` on /v1/*, as vLLM's --api-key. */
  apiKey?: string;
  /** Origins a browser page may call from (CORS); `*` for any. */
  allowedOrigins: readonly string[];
  /** Called as each completion request arrives (tests count them, and stop a server mid-run). */
  onCompletion?: (ids: number[]) => void;
}

export interface RunningServer {
  url: string;
  /** Stops listening and cuts every open connection (a dead server, as a test needs it). */
  close(): Promise<void>;
}

/** Above this a request body is refused: a 128k-token prompt of ids is ~1 MB. */
const MAX_BODY_BYTES = 64 * 2 ** 20;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = 'BadRequestError',
  ) {
    super(message);
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `request body over ${MAX_BODY_BYTES / 2 ** 20} MiB`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The CORS headers for an allowed origin (with the Private Network Access answer Chrome asks for); none for the others. */
function corsHeaders(origin: string | undefined, allowed: readonly string[], req: http.IncomingMessage): Record<string, string> | undefined {
  if (!origin || !(allowed.includes('*') || allowed.includes(origin))) return undefined;
  return {
    'Access-Control-Allow-Origin': origin,
    Vary: 'Origin',
    ...(req.method === 'OPTIONS' && {
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': 'authorization, content-type',
      'Access-Control-Max-Age': '600',
      ...(req.headers['access-control-request-private-network'] === 'true' && { 'Access-Control-Allow-Private-Network': 'true' }),
    }),
  };
}

const isIds = (x: unknown): x is number[] => Array.isArray(x) && x.length > 0 && x.every((v) => Number.isInteger(v) && v >= 0);

/** Validates a completion request as vLLM does, for what this server supports (a prompt of ids, prompt_logprobs). */
function completionRequest(body: Record<string, unknown>, engine: PromptLogprobsEngine) {
  if (body.model !== undefined && body.model !== engine.model) throw new HttpError(404, `The model \`${String(body.model)}\` does not exist.`, 'NotFoundError');
  if (body.stream) throw new HttpError(400, '`prompt_logprobs` are not available when `stream=True`.');
  if (!isIds(body.prompt)) throw new HttpError(400, 'this server takes a prompt of token ids (a list of integers), never text: tokenize with the student’s own tokenizer');
  const ids = body.prompt;
  const bad = ids.find((id) => id >= engine.vocabSize);
  if (bad !== undefined) throw new HttpError(400, `token id ${bad} is out of vocabulary (size ${engine.vocabSize})`);
  const k = body.prompt_logprobs ?? 0;
  if (!Number.isInteger(k) || (k as number) < 0) throw new HttpError(400, '`prompt_logprobs` must be a positive value or -1.');
  if ((k as number) > engine.maxLogprobs) throw new HttpError(400, `Requested prompt logprobs of ${k}, which is greater than max allowed: ${engine.maxLogprobs}`);
  const maxTokens = body.max_tokens ?? 16;
  if (!Number.isInteger(maxTokens) || (maxTokens as number) < 0) throw new HttpError(400, '`max_tokens` must be a non-negative integer.');
  if (ids.length + (maxTokens as number) > engine.maxModelLen) {
    throw new HttpError(
      400,
      `This model's maximum context length is ${engine.maxModelLen} tokens. However, you requested ${ids.length + (maxTokens as number)} tokens (${ids.length} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`,
    );
  }
  const positions = (body.rsr_lens as { positions?: unknown } | undefined)?.positions;
  if (positions !== undefined && !(Array.isArray(positions) && positions.every((p) => Number.isInteger(p) && p >= 1 && p < ids.length))) {
    throw new HttpError(400, 'rsr_lens.positions must be prompt positions 1 … len − 1');
  }
  return { ids, k: k as number, positions: positions as number[] | undefined };
}

/** Starts the server; resolves once it listens. */
export function startPromptLogprobsServer(engine: PromptLogprobsEngine, options: PromptLogprobsServerOptions): Promise<RunningServer> {
  const created = Math.floor(Date.now() / 1000);
  const server = http.createServer(async (req, res) => {
    const cors = corsHeaders(req.headers.origin, options.allowedOrigins, req);
    const send = (status: number, body: unknown) => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(status, { 'Content-Type': 'application/json', ...cors });
      res.end(JSON.stringify(body));
    };
    const fail = (err: HttpError) => send(err.status, { error: { message: err.message, type: err.type, param: null, code: err.status } });
    try {
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'OPTIONS') {
        // Preflight: the browser asks before sending Authorization. An origin not allowed gets no CORS headers, and says why.
        if (!cors) {
          res.writeHead(403, { 'Content-Type': 'text/plain' });
          res.end(`origin ${req.headers.origin ?? '(none)'} is not allowed: start the server with --allowed-origins ${req.headers.origin ?? 'ORIGIN'}`);
          return;
        }
        res.writeHead(204, cors);
        res.end();
        return;
      }
      // vLLM's --api-key guards /v1/*; /health and /version stay open.
      if (options.apiKey && url.pathname.startsWith('/v1') && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        send(401, { error: 'Unauthorized' });
        return;
      }
      if (req.method === 'GET' && url.pathname === '/health') return send(200, {});
      if (req.method === 'GET' && url.pathname === '/version') return send(200, { version: engine.version });
      if (req.method === 'GET' && url.pathname === '/v1/models') {
        return send(200, {
          object: 'list',
          data: [{ id: engine.model, object: 'model', created, owned_by: engine.ownedBy, root: engine.model, parent: null, max_model_len: engine.maxModelLen, permission: [], ...engine.card }],
        });
      }
      if (req.method === 'POST' && url.pathname === '/v1/completions') {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(await readBody(req));
        } catch (err) {
          throw err instanceof HttpError ? err : new HttpError(400, `the body is not JSON: ${(err as Error).message}`);
        }
        const { ids, k, positions } = completionRequest(body ?? {}, engine);
        options.onCompletion?.(ids);
        let isGone = false;
        res.on('close', () => (isGone = !res.writableFinished));
        const { promptLogprobs, extension } = await engine.score(ids, k, positions, () => isGone);
        return send(200, {
          id: `cmpl-${Math.random().toString(36).slice(2)}`,
          object: 'text_completion',
          created: Math.floor(Date.now() / 1000),
          model: engine.model,
          // Nothing is generated: the prompt's log-probabilities are the point.
          choices: [{ index: 0, text: '', logprobs: null, finish_reason: 'length', stop_reason: null, token_ids: [], prompt_logprobs: promptLogprobs, prompt_token_ids: ids, ...(extension && { rsr_lens: extension }) }],
          usage: { prompt_tokens: ids.length, total_tokens: ids.length, completion_tokens: 0 },
        });
      }
      fail(new HttpError(404, `${req.method} ${url.pathname} is not served here`, 'NotFoundError'));
    } catch (err) {
      if (err instanceof HttpError) return fail(err);
      fail(new HttpError(500, err instanceof Error ? err.message : String(err), 'InternalServerError'));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
