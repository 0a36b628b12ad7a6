/**
 * The one owner of the model Worker. It turns each WorkerEvent into a store action, and it is
 * the only code that posts requests: components call `startScoring` / `cancelScoring`.
 *
 * The worker is created lazily, on the first Score that has something left to score, so a page
 * whose results all come from the cache never loads a model. After any error the worker is
 * replaced, never reused: in a browser one failed ONNX Runtime call poisons every later call in
 * that worker. The replacement falls back (WebGPU → WASM → smaller chunks) and gets only the
 * trajectories that are not scored yet.
 */
import type { ScoreSettings } from '../../core/run/scoreTrajectories';
import type { ScoredTrajectory, Trajectory } from '../../core/types';
import { loadKey } from '../../worker/modelKey';
import { assertNever, type Device, type LoadRequest, type WorkerEvent, type WorkerRequest } from '../../worker/protocol';
import { ensureHashes, restoreCachedResults } from '../cache/restoreCachedResults';
import { cacheKey, writeCachedResults } from '../cache/resultCache';
import { scoringIdentity } from '../cache/scoringIdentity';
import { trajectoryKey } from '../input/trajectoryKey';
import { modelSourceOf } from '../store/settingsSlice';
import { useLensStore } from '../store/useLensStore';

const MiB = 1024 * 1024;
/** Below this a chunk is a handful of positions of a 150k vocabulary: shrinking further will not help. */
const MIN_CHUNK_BYTES = 16 * MiB;
/**
 * Results are committed to the store (and IndexedDB) in batches: one Map copy and one table render
 * per batch, not per row. Each render takes main-thread time from the model worker on two cores.
 */
const FLUSH_MS = 250;
/** Worker restarts per run before giving up (WebGPU → WASM, then two chunk shrinks). */
const MAX_RESTARTS = 4;
/**
 * How long a cancelled run may take to answer `done` before the worker is terminated. The worker
 * checks for cancel between chunks, but it only sees the message if its loop yields to the event
 * loop; a stuck or busy worker must not leave the user waiting with Score disabled.
 */
const CANCEL_GRACE_MS = 8000;

interface Run {
  runId: number;
  /** What this request scores; the worker's `index` points into it. */
  trajectories: Trajectory[];
  keys: string[];
  cacheKeys: string[];
  load: LoadRequest;
  settings: ScoreSettings;
  /** Indexes scored or skipped in this request. */
  finished: Set<number>;
  /** Whether the score request has been posted (it waits for `ready`). */
  sent: boolean;
  cancelled: boolean;
  restarts: number;
}

let worker: Worker | null = null;
/** The load request the current worker got (without file contents): a different one means load again. */
let workerLoad: string | null = null;
let workerReady = false;
/** Device the current worker reported in `ready`, to know what failed. */
let workerDevice: Device | null = null;
let run: Run | null = null;
let nextRunId = 1;
let starting = false;
let pending: { key: string; cacheKey: string; result: ScoredTrajectory }[] = [];
let flushTimer: ReturnType<typeof setTimeout> | null = null;
let cancelTimer: ReturnType<typeof setTimeout> | null = null;
/** IndexedDB writes still in flight: a run only reports finished once its results are stored. */
const writes = new Set<Promise<void>>();

const store = () => useLensStore.getState();

/** Score every loaded trajectory that has no result yet (cached results are restored first). */
export async function startScoring(): Promise<void> {
  if (run || starting || store().runState !== 'idle') return;
  starting = true;
  try {
    await restoreCachedResults();
    const s = store();
    const identity = scoringIdentity(s);
    const model = modelSourceOf(s);
    if (!identity || !model) {
      s.noticeAdded('error', s.student === 'hub' ? 'Type a Hugging Face model id first.' : 'Drop a model folder first.');
      return;
    }
    const todo = s.trajectories.filter((t) => !s.results.has(trajectoryKey(t)) && !s.skipped.has(trajectoryKey(t)));
    if (!todo.length) {
      if (s.trajectories.length) s.noticeAdded('info', 'Every loaded trajectory is already scored.');
      return;
    }
    const hashes = await ensureHashes(todo);
    const keys = todo.map(trajectoryKey);
    run = {
      runId: nextRunId++,
      trajectories: todo,
      keys,
      cacheKeys: keys.map((k) => cacheKey(identity, hashes.get(k)!)),
      load: { type: 'load', model, device: s.device, dtype: s.dtype },
      settings: { clip: s.clip, template: s.template, maxTokens: s.maxTokens, chunkBudgetBytes: s.chunkBudgetMiB * MiB },
      finished: new Set(),
      sent: false,
      cancelled: false,
      restarts: 0,
    };
    s.runStarted(todo.length);
    launch(run);
  } finally {
    starting = false;
  }
}

/** Stop after the current chunk; what was scored stays, and Score again scores the rest. */
export function cancelScoring(): void {
  if (!run || run.cancelled) return;
  run.cancelled = true;
  if (run.sent) {
    post({ type: 'cancel', runId: run.runId });
    store().cancelRequested();
    const cancelled = run;
    cancelTimer = setTimeout(() => forceStop(cancelled), CANCEL_GRACE_MS);
  } else {
    // Still loading the model: nothing was asked yet, so the run ends now; the load completes
    // in the background and the next Score reuses it.
    run = null;
    store().runFinished();
  }
}

/** The worker did not confirm a cancel in time: stop it the hard way, keeping every result it sent. */
function forceStop(r: Run): void {
  cancelTimer = null;
  if (run !== r) return;
  flush();
  disposeWorker();
  run = null;
  const left = r.trajectories.length - r.finished.size;
  store().workerFailed(
    `Cancelled. The model worker did not stop within ${CANCEL_GRACE_MS / 1000} s, so it was shut down; scored results are kept` +
      `${left ? ` and ${left} trajectories are left for the next Score` : ''} (the student loads again then).`,
    true,
  );
  store().runFinished();
}

/** Terminate the worker (page teardown, hot reload). */
export function disposeWorker(): void {
  worker?.terminate();
  worker = null;
  workerLoad = null;
  workerReady = false;
}

function createWorker(): Worker {
  const w = new Worker(new URL('../../worker/worker.ts', import.meta.url), { type: 'module', name: 'rsr-lens-model' });
  w.onmessage = (e: MessageEvent<WorkerEvent>) => {
    if (w === worker) handleEvent(e.data);
  };
  w.onerror = (e) => {
    e.preventDefault();
    if (w === worker) handleFailure(e.message || 'the model worker crashed', workerReady ? 'score' : 'load');
  };
  w.onmessageerror = () => {
    if (w === worker) handleFailure('a worker message could not be read', 'score');
  };
  return w;
}

function post(request: WorkerRequest): void {
  worker?.postMessage(request);
}

function launch(r: Run): void {
  worker ??= createWorker();
  const signature = loadKey(r.load);
  if (workerLoad !== signature) {
    workerLoad = signature;
    workerReady = false;
    workerDevice = null;
    store().loadRequested();
    // Structured clone, not transfer: a dropped model's buffers stay in the store for restarts.
    post(r.load);
  } else if (workerReady) {
    sendScore(r);
  }
}

function sendScore(r: Run): void {
  r.sent = true;
  post({ type: 'score', runId: r.runId, trajectories: r.trajectories, settings: r.settings });
}

/** The run an event belongs to, or null for a stale one (cancelled, or from a replaced worker). */
function currentRun(runId: number): Run | null {
  return run !== null && run.runId === runId ? run : null;
}

function handleEvent(e: WorkerEvent): void {
  const s = store();
  const r = 'runId' in e && e.runId !== undefined ? currentRun(e.runId) : null;
  switch (e.type) {
    case 'progress':
      if (e.stage === 'download') s.downloadProgressed(e.files);
      else s.warmupStarted();
      break;
    case 'ready':
      workerReady = true;
      workerDevice = e.device;
      s.modelReady({ model: e.model, device: e.device, dtype: e.dtype, path: e.path }, e.note);
      if (run && !run.sent && !run.cancelled) sendScore(run);
      break;
    case 'scoring':
      if (r) s.scoringProgressed({ doneTokens: e.doneTokens, totalTokens: e.totalTokens, tokensPerSecond: e.tokensPerSecond });
      break;
    case 'scored':
      if (r && !r.finished.has(e.index)) {
        r.finished.add(e.index);
        queueResult({ key: r.keys[e.index], cacheKey: r.cacheKeys[e.index], result: e.result });
      }
      break;
    case 'skipped':
      if (r && !r.finished.has(e.index)) {
        r.finished.add(e.index);
        s.trajectorySkipped(r.keys[e.index], e.error);
      }
      break;
    case 'done':
      if (r) {
        flush();
        if (cancelTimer) clearTimeout(cancelTimer);
        cancelTimer = null;
        const left = r.trajectories.length - r.finished.size;
        run = null;
        // Finished means persisted: a reload right after the last row appears must find it cached.
        void Promise.all(writes).then(() => {
          if (e.cancelled && left) store().noticeAdded('info', `Cancelled. Scored results are kept; ${left} trajectories left for the next Score.`);
          store().runFinished({ ...e.stats, device: e.provenance.device, cancelled: e.cancelled });
        });
      }
      break;
    case 'error':
      handleFailure(e.message, e.stage);
      break;
    case 'tokenized':
      // Tokenizing for imports runs in its own worker (tokenizeInWorker.ts); this one is never asked.
      break;
    default:
      assertNever(e);
  }
}

/** The next thing to try after a failure, or null when nothing is left to try. */
function fallback(r: Run, stage: 'load' | 'score'): { load: LoadRequest; settings: ScoreSettings; says: string } | null {
  if (r.restarts >= MAX_RESTARTS) return null;
  const triedGpu = workerDevice ? workerDevice === 'webgpu' : r.load.device !== 'wasm';
  if (triedGpu) return { load: { ...r.load, device: 'wasm' }, settings: r.settings, says: 'Restarted the model worker on WASM (CPU)' };
  const budget = Math.floor(r.settings.chunkBudgetBytes / 4);
  if (stage === 'score' && budget >= MIN_CHUNK_BYTES) {
    return { load: r.load, settings: { ...r.settings, chunkBudgetBytes: budget }, says: `Restarted the model worker with a smaller chunk budget (${budget / MiB} MiB)` };
  }
  return null;
}

function handleFailure(message: string, stage: 'load' | 'score'): void {
  flush();
  if (cancelTimer) clearTimeout(cancelTimer);
  cancelTimer = null;
  const where = stage === 'load' ? 'loading the student' : 'scoring';
  const failed = run;
  const next = failed && !failed.cancelled ? fallback(failed, stage) : null;
  disposeWorker();
  if (!failed) {
    store().workerFailed(`The model worker failed while ${where}: ${message}`, false);
    return;
  }
  const left = failed.trajectories.map((_, i) => i).filter((i) => !failed.finished.has(i));
  if (!next || !left.length) {
    run = null;
    store().workerFailed(`The model worker failed while ${where}: ${message}. Every result scored so far is kept.`, false);
    store().runFinished();
    return;
  }
  store().workerFailed(`The model worker failed while ${where} (${message}). ${next.says}; results scored so far are kept and the ${left.length} left are being scored.`, true);
  run = {
    ...failed,
    runId: nextRunId++,
    trajectories: left.map((i) => failed.trajectories[i]),
    keys: left.map((i) => failed.keys[i]),
    cacheKeys: left.map((i) => failed.cacheKeys[i]),
    load: next.load,
    settings: next.settings,
    finished: new Set(),
    sent: false,
    restarts: failed.restarts + 1,
  };
  launch(run);
}

function queueResult(entry: (typeof pending)[number]): void {
  pending.push(entry);
  flushTimer ??= setTimeout(flush, FLUSH_MS);
}

function flush(): void {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = null;
  if (!pending.length) return;
  const batch = pending;
  pending = [];
  store().resultsArrived(batch.map((b) => [b.key, b.result]));
  const write = writeCachedResults(batch.map((b) => [b.cacheKey, b.result]));
  writes.add(write);
  void write.finally(() => writes.delete(write));
}
