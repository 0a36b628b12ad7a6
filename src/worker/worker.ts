/// <reference lib="webworker" />
import { DEFAULT_CHUNK_BUDGET } from '../core/score/chunkLength';
import { scoreTrajectories } from '../core/run/scoreTrajectories';
import { TemplateLimitError } from '../core/tokenize/chatTemplate';
import { resolveMarkers } from '../core/tokenize/responseMarkers';
import type { StudentTokenizer } from '../core/tokenize/studentTokenizer';
import { tokenizeContext, tokenizeTrajectory } from '../core/tokenize/tokenizeTrajectory';
import { trajectoryLength } from '../core/tokenize/trajectoryLength';
import { type LoadedStudent, loadStudent } from './loadStudent';
import { loadTokenizer } from './loadTokenizer';
import { loadKey, modelKey } from './modelKey';
import {
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

let student: Promise<LoadedStudent> | undefined;
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
    student = loadStudent(request, {
      onDownload: (files) => post({ type: 'progress', stage: 'download', files }),
      onWarmup: () => post({ type: 'progress', stage: 'warmup' }),
    });
  }
  try {
    const s = await student;
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
    post({ type: 'error', stage: 'load', message: errorMessage(err), ...(err instanceof TemplateLimitError && { isFinal: true }) });
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
    const { cancelled: wasCancelled, provenance, stats } = await scoreTrajectories(
      request.trajectories,
      s,
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
        onProgress: (p) => {
          // Progress at most 4 times a second: postMessage per chunk would flood the page, and
          // every update re-renders it.
          const now = performance.now();
          if (now - lastProgress < 250) return;
          lastProgress = now;
          post({ type: 'scoring', runId, ...p });
        },
      },
    );
    post({ type: 'done', runId, cancelled: wasCancelled, provenance, stats });
  } catch (err) {
    post({ type: 'error', runId, stage: 'score', message: errorMessage(err), ...(err instanceof TemplateLimitError && { isFinal: true }) });
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
