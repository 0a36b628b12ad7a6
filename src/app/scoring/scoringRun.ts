/**
 * A scoring run, from Score to its end: the only code that posts requests to the model worker,
 * and the one listener that turns each WorkerEvent into a store action. Components call
 * `startScoring` / `cancelScoring`.
 *
 * After any error the worker is replaced (modelWorker.ts); the replacement falls back
 * (fallbackPolicy.ts: WebGPU → WASM → smaller chunks) and gets only the trajectories that are not
 * scored yet. Results reach the store and IndexedDB in batches (resultBatcher.ts).
 */
import type { ScoreSettings } from '../../core/run/scoreTrajectories';
import type { ScoredTrajectory, Trajectory } from '../../core/types';
import { assertNever, type LoadRequest, type WorkerEvent } from '../../worker/protocol';
import { ensureHashes, restoreCachedResults } from '../cache/restoreCachedResults';
import { cacheKey, writeCachedResults } from '../cache/resultCache';
import { scoringIdentity } from '../cache/scoringIdentity';
import { trajectoryKey } from '../input/trajectoryKey';
import { modelSourceOf } from '../store/studentSource';
import { useLensStore } from '../store/useLensStore';
import { MiB, nextFallback } from './fallbackPolicy';
import { disposeWorker, ensureStudent, postToWorker, readyDevice, type ModelWorkerHandlers } from './modelWorker';
import { resultBatcher } from './resultBatcher';

/** Notices about trajectories a run left for the next Score: gone once a run finishes uncancelled. */
const RUN_LEFT = 'run-left';
/** How long results wait to be committed together (see resultBatcher). */
const FLUSH_MS = 250;
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

let run: Run | null = null;
let nextRunId = 1;
let starting = false;
let cancelTimer: ReturnType<typeof setTimeout> | null = null;

const store = () => useLensStore.getState();
const handlers: ModelWorkerHandlers = { onEvent: handleEvent, onFailure: handleFailure };
const results = resultBatcher<{ key: string; cacheKey: string; result: ScoredTrajectory }>((batch) => {
  store().resultsArrived(batch.map((b) => [b.key, b.result]));
  return writeCachedResults(batch.map((b) => [b.cacheKey, b.result]));
}, FLUSH_MS);

/** Whether every loaded trajectory has a result or was skipped. */
function allScored(): boolean {
  const s = store();
  return s.trajectories.every((t) => s.results.has(trajectoryKey(t)) || s.skipped.has(trajectoryKey(t)));
}

/**
 * Score every loaded trajectory that has no result yet (cached results are restored first), or,
 * with `only`, those of `only` in its order (Quick rank's interleaved sample).
 */
export async function startScoring(only?: readonly Trajectory[]): Promise<void> {
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
    const todo = (only ?? s.trajectories).filter((t) => !s.results.has(trajectoryKey(t)) && !s.skipped.has(trajectoryKey(t)));
    if (!todo.length) {
      if (s.trajectories.length && !only) s.noticeAdded('info', 'Every loaded trajectory is already scored.');
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
    postToWorker({ type: 'cancel', runId: run.runId });
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
  results.flush();
  disposeWorker();
  run = null;
  const left = r.trajectories.length - r.finished.size;
  workerFailed(
    `Cancelled. The model worker did not stop within ${CANCEL_GRACE_MS / 1000} s, so it was shut down; scored results are kept` +
      `${left ? ` and ${left} trajectories are left for the next Score` : ''} (the student loads again then).`,
    true,
    RUN_LEFT,
  );
  store().runFinished();
}

function launch(r: Run): void {
  const student = ensureStudent(r.load, handlers);
  if (student === 'posted') store().loadRequested();
  else if (student === 'ready') sendScore(r);
}

function sendScore(r: Run): void {
  r.sent = true;
  postToWorker({ type: 'score', runId: r.runId, trajectories: r.trajectories, settings: r.settings });
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
      s.modelReady({ model: e.model, device: e.device, dtype: e.dtype, path: e.path });
      if (e.note) s.noticeAdded('info', e.note);
      if (run && !run.sent && !run.cancelled) sendScore(run);
      break;
    case 'scoring':
      if (r) s.scoringProgressed({ doneTokens: e.doneTokens, totalTokens: e.totalTokens, tokensPerSecond: e.tokensPerSecond });
      break;
    case 'scored':
      if (r && !r.finished.has(e.index)) {
        r.finished.add(e.index);
        results.add({ key: r.keys[e.index], cacheKey: r.cacheKeys[e.index], result: e.result });
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
        results.flush();
        if (cancelTimer) clearTimeout(cancelTimer);
        cancelTimer = null;
        const left = r.trajectories.length - r.finished.size;
        run = null;
        // Finished means persisted: a reload right after the last row appears must find it cached.
        void results.settled().then(() => {
          if (e.cancelled && left) store().noticeAdded('info', `Cancelled. Scored results are kept; ${left} trajectories left for the next Score.`, { topic: RUN_LEFT });
          else if (!e.cancelled && allScored()) store().topicResolved(RUN_LEFT);
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

/** The worker is gone: `retrying` says whether a replacement is on its way, and the notice says why. */
function workerFailed(message: string, retrying: boolean, topic?: string): void {
  store().workerFailed(retrying);
  store().noticeAdded(retrying ? 'warning' : 'error', message, { topic });
}

function handleFailure(message: string, stage: 'load' | 'score'): void {
  results.flush();
  if (cancelTimer) clearTimeout(cancelTimer);
  cancelTimer = null;
  const where = stage === 'load' ? 'loading the student' : 'scoring';
  const failed = run;
  const next = failed && !failed.cancelled ? nextFallback(failed, stage, readyDevice()) : null;
  disposeWorker();
  if (!failed) {
    workerFailed(`The model worker failed while ${where}: ${message}`, false);
    return;
  }
  const left = failed.trajectories.map((_, i) => i).filter((i) => !failed.finished.has(i));
  if (!next || !left.length) {
    run = null;
    workerFailed(`The model worker failed while ${where}: ${message}. Every result scored so far is kept.`, false);
    store().runFinished();
    return;
  }
  workerFailed(`The model worker failed while ${where} (${message}). ${next.says}; results scored so far are kept and the ${left.length} left are being scored.`, true);
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
