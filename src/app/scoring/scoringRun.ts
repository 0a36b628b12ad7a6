/**
 * A scoring run, from Score to its end: the only code that posts requests to the model worker,
 * and the one listener that turns each WorkerEvent into a store action. Components call
 * `startScoring` / `cancelScoring`.
 *
 * After any error the worker is replaced (modelWorker.ts); the replacement falls back
 * (fallbackPolicy.ts: WebGPU → WASM → smaller chunks) and gets only the trajectories that are not
 * scored yet. Results and skips reach the store (and results IndexedDB) in batches
 * (resultBatcher.ts): never one state update per row. A worker that stops answering is caught by
 * a watchdog (stallWatchdog.ts), one that ends silently by its life lock (modelWorker.ts): both
 * count as failures, so what was scored stays and the rest is scored again.
 */
import type { ScoreSettings } from '../../core/run/scoreTrajectories';
import type { InputError, ScoredTrajectory, Trajectory } from '../../core/types';
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
import { stallWatchdog } from './stallWatchdog';

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
/** Silence (no heartbeat, no progress) after which a scoring worker counts as stalled: at least this, or 10× the longest silence seen. */
const STALL_MIN_MS = 60_000;
const STALL_FACTOR = 10;
const STALL_CHECK_MS = 2000;

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

/** What a Score did across its worker restarts, for the sentence at its end. */
interface Tally {
  scored: number;
  skipped: number;
  /** Scored past the model's max_position_embeddings (its value in `limit`). */
  pastLimit: number;
  limit: number;
}

let run: Run | null = null;
let tally: Tally = { scored: 0, skipped: 0, pastLimit: 0, limit: 0 };
let nextRunId = 1;
let starting = false;
let cancelTimer: ReturnType<typeof setTimeout> | null = null;
const watchdog = stallWatchdog(STALL_MIN_MS, STALL_FACTOR);
let stallTimer: ReturnType<typeof setInterval> | null = null;

const store = () => useLensStore.getState();
const handlers: ModelWorkerHandlers = { onEvent: handleEvent, onFailure: handleFailure };
type Arrival = { key: string; cacheKey: string; result: ScoredTrajectory } | { key: string; error: InputError };
const arrivals = resultBatcher<Arrival>((batch) => {
  const scored: [string, ScoredTrajectory][] = [];
  const skipped: [string, InputError][] = [];
  for (const a of batch) if ('result' in a) scored.push([a.key, a.result]);
  else skipped.push([a.key, a.error]);
  // One commit for the batch: subscribers (and React) see one change, not one per row.
  store().batchArrived(scored, skipped);
  return writeCachedResults(batch.flatMap((a) => ('result' in a ? [[a.cacheKey, a.result] as [string, ScoredTrajectory]] : [])));
}, FLUSH_MS);

/** Whether every loaded trajectory has a result or was skipped. */
function allScored(): boolean {
  const s = store();
  return s.trajectories.every((t) => s.results.has(trajectoryKey(t)) || s.skipped.has(trajectoryKey(t)));
}

/** The trajectory as the worker needs it: its record's text stays here (it can be megabytes, and cloning it would hold up the page). */
const forWorker = (t: Trajectory): Trajectory => ({ ...t, source: { ...t.source, raw: '' } });

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
    tally = { scored: 0, skipped: 0, pastLimit: 0, limit: 0 };
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
  arrivals.flush();
  disposeWorker();
  run = null;
  const left = r.trajectories.length - r.finished.size;
  workerFailed(
    `Cancelled. The model worker did not stop within ${CANCEL_GRACE_MS / 1000} s, so it was shut down; scored results are kept` +
      `${left ? ` and ${left} trajectories are left for the next Score` : ''} (the student loads again then).`,
    true,
    RUN_LEFT,
  );
  reportTally();
  store().runFinished();
}

function launch(r: Run): void {
  const student = ensureStudent(r.load, handlers);
  if (student === 'posted') store().loadRequested();
  else if (student === 'ready') sendScore(r);
}

/** Characters of conversation per message of a score request: a clone of a few MB is a short task. */
const PART_CHARS = 2_000_000;

/** The trajectories in consecutive parts of about PART_CHARS characters each. */
function parts(trajectories: readonly Trajectory[]): Trajectory[][] {
  const out: Trajectory[][] = [[]];
  let chars = 0;
  for (const t of trajectories) {
    const n = t.messages.reduce((sum, m) => sum + m.content.length, 0);
    if (chars && chars + n > PART_CHARS) {
      out.push([]);
      chars = 0;
    }
    out.at(-1)!.push(forWorker(t));
    chars += n;
  }
  return out;
}

function sendScore(r: Run): void {
  r.sent = true;
  const [first, ...rest] = parts(r.trajectories);
  postToWorker({ type: 'score', runId: r.runId, trajectories: first, settings: r.settings, ...(rest.length && { parts: rest.length + 1 }) });
  // One part per task, so the page can paint and take input between the clones.
  const sendRest = (i: number) => {
    if (i >= rest.length || run !== r) return;
    postToWorker({ type: 'scorePart', runId: r.runId, trajectories: rest[i] });
    setTimeout(() => sendRest(i + 1), 0);
  };
  setTimeout(() => sendRest(0), 0);
  watchdog.start(performance.now());
  stallTimer ??= setInterval(checkStall, STALL_CHECK_MS);
}

/** How a notice names the student: a Hub id, the bundled model, or the folder the user dropped. */
function studentName(load: LoadRequest): string {
  const m = load.model;
  return m.kind === 'hub' ? m.id : m.kind === 'bundled' ? m.name : `from the dropped folder "${m.name}"`;
}

/** The run an event belongs to, or null for a stale one (cancelled, or from a replaced worker). */
function currentRun(runId: number): Run | null {
  return run !== null && run.runId === runId ? run : null;
}

/** Silence past the watchdog's bound while scoring: the worker is taken as stalled and replaced. */
function checkStall(): void {
  if (!run?.sent) {
    if (stallTimer) clearInterval(stallTimer);
    stallTimer = null;
    watchdog.stop();
    return;
  }
  const now = performance.now();
  if (watchdog.isStalled(now)) handleFailure(`it sent nothing for ${Math.round(watchdog.bound() / 1000)} s (stalled)`, 'score');
}

/** What the run did, said once at its end: skipped rows are not "scored", and rows past the model's context get a warning. */
function reportTally(): void {
  const s = store();
  if (tally.skipped) {
    s.noticeAdded('warning', `${tally.skipped.toLocaleString('en-US')} of ${(tally.scored + tally.skipped).toLocaleString('en-US')} trajectories could not be scored (no response tokens, or the template refused them): see Input errors.`);
  }
  if (tally.pastLimit) {
    s.noticeAdded(
      'warning',
      `${tally.pastLimit.toLocaleString('en-US')} trajectories are longer than the student's max_position_embeddings (${tally.limit.toLocaleString('en-US')}): scored past the context it was trained on (as the reference does), so their numbers deserve doubt. Their heatmap header says so.`,
    );
  }
}

function handleEvent(e: WorkerEvent): void {
  const s = store();
  const r = 'runId' in e && e.runId !== undefined ? currentRun(e.runId) : null;
  if (run?.sent) watchdog.heard(performance.now());
  switch (e.type) {
    case 'heartbeat':
      break;
    case 'progress':
      if (e.stage === 'download') s.downloadProgressed(e.files);
      else s.warmupStarted();
      break;
    case 'ready':
      s.modelReady({ model: e.model, device: e.device, dtype: e.dtype, path: e.path, file: e.file, bytes: e.bytes, choice: e.choice, layout: e.layout, approximate: e.approximate, memory: e.memory });
      if (e.note) s.noticeAdded('info', e.note);
      if (run && !run.sent && !run.cancelled) sendScore(run);
      break;
    case 'scoring':
      if (r) s.scoringProgressed({ doneTokens: e.doneTokens, totalTokens: e.totalTokens, tokensPerSecond: e.tokensPerSecond });
      break;
    case 'scored':
      if (r && !r.finished.has(e.index)) {
        r.finished.add(e.index);
        tally.scored++;
        if (e.result.positionLimit !== undefined) {
          tally.pastLimit++;
          tally.limit = e.result.positionLimit;
        }
        // The record's text was left out of the request; the result gets the loaded source back.
        arrivals.add({ key: r.keys[e.index], cacheKey: r.cacheKeys[e.index], result: { ...e.result, source: r.trajectories[e.index].source } });
      }
      break;
    case 'skipped':
      if (r && !r.finished.has(e.index)) {
        r.finished.add(e.index);
        tally.skipped++;
        arrivals.add({ key: r.keys[e.index], error: e.error });
      }
      break;
    case 'done':
      if (r) {
        arrivals.flush();
        if (cancelTimer) clearTimeout(cancelTimer);
        cancelTimer = null;
        const left = r.trajectories.length - r.finished.size;
        run = null;
        // Finished means persisted: a reload right after the last row appears must find it cached.
        void arrivals.settled().then(() => {
          if (e.cancelled && left) store().noticeAdded('info', `Cancelled. Scored results are kept; ${left} trajectories left for the next Score.`, { topic: RUN_LEFT });
          else if (!e.cancelled && allScored()) store().topicResolved(RUN_LEFT);
          reportTally();
          store().runFinished({ ...e.stats, device: e.provenance.device, cancelled: e.cancelled });
        });
      }
      break;
    case 'error':
      handleFailure(e.message, e.stage, e.isFinal);
      break;
    case 'tokenized':
    case 'counted':
      // Tokenizing for imports and counting lengths run in workers of their own (tokenizeInWorker.ts, tokenCounter.ts); this one is never asked.
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

/** `isFinal`: the same request would fail the same way anywhere (see the protocol's error event): no restart. */
function handleFailure(message: string, stage: 'load' | 'score', isFinal = false): void {
  arrivals.flush();
  if (cancelTimer) clearTimeout(cancelTimer);
  cancelTimer = null;
  const failed = run;
  const where = stage === 'load' ? `loading the student${failed ? ` ${studentName(failed.load)}` : ''}` : 'scoring';
  const next = failed && !failed.cancelled && !isFinal ? nextFallback(failed, stage, readyDevice()) : null;
  disposeWorker();
  if (!failed) {
    workerFailed(`The model worker failed while ${where}: ${message}`, false);
    return;
  }
  const left = failed.trajectories.map((_, i) => i).filter((i) => !failed.finished.has(i));
  if (!next || !left.length) {
    run = null;
    const rest = left.length ? ` Every result scored so far is kept; Score scores the ${left.length.toLocaleString('en-US')} left.` : ' Every result scored so far is kept.';
    workerFailed(`The model worker failed while ${where}: ${message}.${rest}`, false);
    reportTally();
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
