/// <reference lib="webworker" />
import { DEFAULT_CHUNK_BUDGET } from '../core/score/chunkLength';
import { etaEstimator } from '../core/run/etaEstimator';
import { scoreTrajectories } from '../core/run/scoreTrajectories';
import { StudentError } from '../core/score/studentError';
import { ServerError } from '../core/score/serverClient';
import { ServersLostError } from '../core/score/serverPool';
import { TemplateLimitError } from '../core/tokenize/chatTemplate';
import { resolveMarkers } from '../core/tokenize/responseMarkers';
import type { StudentTokenizer } from '../core/tokenize/studentTokenizer';
import { tokenizeContext, tokenizeTrajectory } from '../core/tokenize/tokenizeTrajectory';
import { announceLongRenders } from './announceLongRenders';
import { type ServerStudent, checkServer, connectServer } from './connectServer';
import { trajectoryLength } from '../core/tokenize/trajectoryLength';
import { type LoadedStudent, loadStudent } from './loadStudent';
import { loadTokenizer } from './loadTokenizer';
import { loadKey, modelKey } from './modelKey';
import {
  type CheckServerRequest,
  type CountRequest,
  type LoadRequest,
  type ScoreRequest,
  type TokenizeOutcome,
  type TokenizeRequest,
  type WorkerEvent,
  type WorkerRequest,
  assertNever,
  HEARTBEAT_MS,
} from './protocol';

/**
 * The model worker: owns ONNX Runtime and the tokenizer, never the DOM. After any runtime error
 * it reports `error` and expects to be replaced — in a browser one failed ORT call can poison
 * every later call in the same worker — so it never retries by itself.
 */
const post = (event: WorkerEvent) => self.postMessage(event);

// Liveness for the page's watchdog: a Web Lock named after this worker, held for its whole life
// (released however it ends: a crash, running out of memory, terminate), then a heartbeat while
// its event loop turns. The heartbeat starts only once the lock is held, so the page never asks
// for the lock before the worker has it.
const beat = () => setInterval(() => post({ type: 'heartbeat' }), HEARTBEAT_MS);
if (self.name && self.navigator.locks) {
  void self.navigator.locks.request(self.name, () => {
    beat();
    return new Promise<never>(() => {});
  });
} else beat();

let student: Promise<LoadedStudent | ServerStudent> | undefined;
let studentKey = '';
const cancelled = new Set<number>();
/** How often a run yields to the event loop so that a `cancel` message can arrive (see score). */
const YIELD_MS = 50;
let queue: Promise<void> = Promise.resolve();
/** Score requests whose trajectories are still arriving in parts (see ScoreRequest.parts). */
const arriving = new Map<number, { request: ScoreRequest; left: number }>();

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const request = e.data;
  switch (request.type) {
    case 'load':
      void load(request);
      break;
    case 'score':
      if ((request.parts ?? 1) > 1) arriving.set(request.runId, { request: { ...request, trajectories: [...request.trajectories] }, left: request.parts! - 1 });
      // Runs are serialised: a second Score waits for the first.
      else queue = queue.then(() => score(request));
      break;
    case 'scorePart': {
      const a = arriving.get(request.runId);
      if (!a) break;
      for (const t of request.trajectories) a.request.trajectories.push(t);
      if (--a.left > 0) break;
      arriving.delete(request.runId);
      queue = queue.then(() => score(a.request));
      break;
    }
    case 'cancel':
      cancelled.add(request.runId);
      break;
    case 'tokenize':
      void tokenize(request);
      break;
    case 'checkServer':
      void check(request);
      break;
    case 'count':
      void count(request);
      break;
    default:
      assertNever(request);
  }
};

async function load(request: LoadRequest): Promise<void> {
  const key = loadKey(request);
  // Callers arriving together share one load; nothing downloads twice.
  if (key !== studentKey || !student) {
    studentKey = key;
    const { model } = request;
    student =
      model.kind === 'server'
        ? connectServer({ ...request, model })
        : loadStudent({ ...request, model }, {
            onDownload: (files) => post({ type: 'progress', stage: 'download', files }),
            onWarmup: () => post({ type: 'progress', stage: 'warmup' }),
          });
  }
  try {
    const s = await student;
    if ('server' in s) {
      post({ type: 'ready', device: 'server', model: s.name, dtype: s.dtype, path: 'server', server: s.server });
      return;
    }
    post({
      type: 'ready',
      model: s.name,
      device: s.device,
      dtype: s.dtype,
      path: s.scorer.path,
      note: s.note,
      ...s.files,
      layout: s.scorer.layout.summary,
      approximate: s.scorer.layout.approximate,
      memory: s.scorer.memory,
    });
  } catch (err) {
    student = undefined;
    post({
      type: 'error',
      stage: 'load',
      message: errorMessage(err),
      ...(isFinal(err) && { isFinal: true }),
      ...(err instanceof StudentError && err.kind === 'device' && { refusedOn: 'webgpu' as const }),
    });
  }
}

async function score(request: ScoreRequest): Promise<void> {
  const { runId } = request;
  if (!student) {
    post({ type: 'error', runId, stage: 'score', message: 'no student is loaded' });
    return;
  }
  let lastProgress = 0;
  let lastYield = performance.now();
  try {
    const s = await student;
    // Tokenizing a long conversation blocks this worker's event loop (no heartbeat) for as long as it takes: say so first.
    const tokenizer = announceLongRenders(s.tokenizer, (chars) => post({ type: 'tokenizing', runId, chars }));
    const eta = etaEstimator();
    let lastCall = performance.now();
    const { cancelled: wasCancelled, provenance, stats } = await scoreTrajectories(
      request.trajectories,
      { ...s, tokenizer },
      { ...request.settings, chunkBudgetBytes: request.settings.chunkBudgetBytes || DEFAULT_CHUNK_BUDGET },
      {
        // ORT's promises resolve as microtasks, so without a macrotask turn here the `cancel`
        // message would sit in the queue until the whole run ended. One turn per YIELD_MS, not per
        // check: nested timers are clamped to 4 ms, which per short trajectory added up to 8%.
        isCancelled: async () => {
          if (performance.now() - lastYield >= YIELD_MS) {
            await new Promise((resolve) => setTimeout(resolve, 0));
            lastYield = performance.now();
          }
          return cancelled.has(runId);
        },
        onScored: (index, result) => post({ type: 'scored', runId, index, result }),
        onSkipped: (index, error) => post({ type: 'skipped', runId, index, error }),
        onProgress: ({ work, remaining, ...p }) => {
          // Every call is timed for the ETA; progress goes out at most 4 times a second:
          // postMessage per chunk would flood the page, and every update re-renders it.
          const now = performance.now();
          eta.observe(work, (now - lastCall) / 1000);
          lastCall = now;
          if (now - lastProgress < 250) return;
          lastProgress = now;
          post({ type: 'scoring', runId, ...p, eta: eta.estimate(remaining) });
        },
      },
    );
    post({ type: 'done', runId, cancelled: wasCancelled, provenance, stats });
  } catch (err) {
    post({ type: 'error', runId, stage: 'score', message: errorMessage(err), ...(isFinal(err) && { isFinal: true }) });
  } finally {
    cancelled.delete(runId);
  }
}

let tokenizer: { key: string; promise: Promise<StudentTokenizer> } | undefined;

/** The student's tokenizer alone, loaded once per student (its three small files, no weights). */
function studentTokenizer(model: TokenizeRequest['model']): Promise<StudentTokenizer> {
  const key = modelKey(model);
  if (tokenizer?.key !== key) tokenizer = { key, promise: loadTokenizer(model) };
  return tokenizer.promise;
}

/** Tokenizer only, no ONNX Runtime: the answer never waits for a model load or a scoring run. */
async function tokenize(request: TokenizeRequest): Promise<void> {
  const { requestId, model } = request;
  try {
    const tok = await studentTokenizer(model);
    const ctx = tokenizeContext(tok, resolveMarkers(request.template, tok));
    const outcomes = request.trajectories.map((t): TokenizeOutcome => {
      try {
        return { ok: true, tokens: tokenizeTrajectory(ctx, t.messages, request.maxTokens) };
      } catch (err) {
        return { ok: false, reason: errorMessage(err) };
      }
    });
    post({ type: 'tokenized', requestId, outcomes });
  } catch (err) {
    tokenizer = undefined;
    post({ type: 'tokenized', requestId, outcomes: [], error: errorMessage(err) });
  }
}

/** What a server answers for a model worker's question about it. */
async function check(request: CheckServerRequest): Promise<void> {
  try {
    post({ type: 'serverChecked', requestId: request.requestId, info: await checkServer(request.url, request.apiKey) });
  } catch (err) {
    post({ type: 'serverChecked', requestId: request.requestId, error: errorMessage(err) });
  }
}

/**
 * The same request would fail the same way on any device and chunk length: a chat template past
 * its limits, or a server's failure (another worker would ask the same server).
 */
function isFinal(err: unknown): boolean {
  return err instanceof TemplateLimitError || err instanceof ServerError || err instanceof ServersLostError;
}

/** Lengths for the table, as `tokenize` without the ids and offsets nobody reads. */
async function count(request: CountRequest): Promise<void> {
  const { requestId, model } = request;
  try {
    const tok = await studentTokenizer(model);
    const ctx = tokenizeContext(tok, resolveMarkers(request.template, tok));
    const outcomes = request.conversations.map((messages) => {
      try {
        return trajectoryLength(ctx, messages);
      } catch (err) {
        // A template past its limits would be as slow on every conversation: stop counting.
        if (err instanceof TemplateLimitError) throw err;
        // A conversation the template refuses is reported when it is scored; here it has no length.
        return null;
      }
    });
    post({ type: 'counted', requestId, outcomes });
  } catch (err) {
    tokenizer = undefined;
    post({ type: 'counted', requestId, outcomes: [], error: errorMessage(err) });
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
