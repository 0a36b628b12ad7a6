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
import { plural } from '../../core/plural';
import type { ScoreSettings } from '../../core/run/scoreTrajectories';
import type { ServerInfo } from '../../core/score/serverClient';
import type { InputError, ScoredTrajectory, Trajectory } from '../../core/types';
import { assertNever, type Device, type LoadRequest, type WorkerEvent } from '../../worker/protocol';
import { ensureHashes, restoreCachedResults } from '../cache/restoreCachedResults';
import { cacheKey, writeCachedResults } from '../cache/resultCache';
import { resultsNotCached } from '../cache/sessions';
import { scoringIdentity } from '../cache/scoringIdentity';
import { trajectoryKey } from '../input/trajectoryKey';
import { modelSourceOf } from '../store/studentSource';
import { type LensState, useLensStore } from '../store/useLensStore';
import { MiB, nextFallback } from './fallbackPolicy';
import { disposeWorker, ensureStudent, ensureWorker, postToWorker, readyDevice, type ModelWorkerHandlers } from './modelWorker';
import { resultBatcher } from './resultBatcher';
import { writeRunJournal } from './runJournal';
import { serverKey } from './serverKey';
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
/**
 * How long tokenizing one conversation may take before the worker counts as stalled: a minute, plus
 * 25 µs per character. The bundled Qwen tokenizer, measured in Node on this project's 2-core
 * machine, takes 2 µs per character of real teacher text and 8–9 µs on text of short rare words
 * (every piece a BPE miss); 25 leaves room for a slower machine and a big heap's garbage
 * collector. A 28 MB row gets about 13 minutes.
 */
const tokenizingAllowanceMs = (chars: number) => STALL_MIN_MS + chars * 0.025;

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
  /** The first index not finished: where the worker is, as results come in order. */
  cursor: number;
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
  return writeCachedResults(batch.flatMap((a) => ('result' in a ? [[a.cacheKey, a.result] as [string, ScoredTrajectory]] : []))).then((w) => {
    // A result the cache could not keep is shown but would not survive a reload: the page says so.
    if (w.failed) resultsNotCached(w.failed, w.isQuota);
  });
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
      s.noticeAdded('error', NEEDED_FIRST[s.student]);
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
      load: { type: 'load', model, device: s.device, dtype: s.dtype, ...(s.attention !== 'rewrite' && { attention: s.attention }), ...(model.kind === 'server' && serverKey() && { apiKey: serverKey() }) },
      settings: { clip: s.clip, template: s.template, maxTokens: s.maxTokens, chunkBudgetBytes: s.chunkBudgetMiB * MiB },
      finished: new Set(),
      cursor: 0,
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
  endJournal();
  const left = r.trajectories.length - r.finished.size;
  workerFailed(
    `Cancelled. The model worker did not stop within ${CANCEL_GRACE_MS / 1000} s, so it was shut down; scored results are kept` +
      `${left ? ` and ${plural(left, 'trajectory is', 'trajectories are')} left for the next Score` : ''} (the student loads again then).`,
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

const charsOf = (t: Trajectory) => t.messages.reduce((n, m) => n + m.content.length, 0);
/** Journal writes at most this often while results stream in (a write is synchronous). */
const JOURNAL_MS = 100;
let journalTimer: ReturnType<typeof setTimeout> | null = null;
let journalAt = 0;

/**
 * Keep the run's journal (runJournal.ts) on the trajectory the worker is on: `index`, or the first
 * not finished. A page killed now leaves it for the next visit.
 */
function journal(r: Run, index = r.cursor, isUrgent = false): void {
  const write = () => {
    journalTimer = null;
    journalAt = performance.now();
    if (run !== r) return;
    const i = index < r.trajectories.length ? index : r.cursor;
    if (i >= r.trajectories.length) return;
    writeRunJournal({ sessionId: store().sessionId, key: r.keys[i], chars: charsOf(r.trajectories[i]), scored: tally.scored });
  };
  if (isUrgent || performance.now() - journalAt >= JOURNAL_MS) {
    if (journalTimer) clearTimeout(journalTimer);
    write();
  } else journalTimer ??= setTimeout(write, JOURNAL_MS);
}

/** The run is over (done, failed for good, stopped): no journal for the next visit. */
function endJournal(): void {
  if (journalTimer) clearTimeout(journalTimer);
  journalTimer = null;
  writeRunJournal(null);
}

/** A finished index moves the cursor past every finished one. */
function advance(r: Run): void {
  while (r.cursor < r.trajectories.length && r.finished.has(r.cursor)) r.cursor++;
  journal(r);
}

/**
 * The index of the conversation of `chars` characters the worker says it is tokenizing: the first
 * unfinished one of that length from the cursor on (the worker tokenizes up to a window of 64 ahead
 * of the results it has handed out).
 */
function tokenizingIndex(r: Run, chars: number): number {
  for (let i = r.cursor; i < Math.min(r.trajectories.length, r.cursor + 80); i++) if (!r.finished.has(i) && charsOf(r.trajectories[i]) === chars) return i;
  return r.cursor;
}

function sendScore(r: Run): void {
  r.sent = true;
  journal(r, r.cursor, true);
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

/** Questions to servers waiting for the model worker's answer, by request id. */
const checks = new Map<number, { resolve: (info: ServerInfo) => void; reject: (err: Error) => void }>();
let nextCheckId = 1;

/**
 * What the server at `url` serves (its model, max_model_len, engine and version), asked by the
 * model worker, which holds the HTTP client for servers. No model is loaded for it.
 */
export function checkServer(url: string, apiKey: string): Promise<ServerInfo> {
  ensureWorker(handlers);
  const requestId = nextCheckId++;
  return new Promise((resolve, reject) => {
    checks.set(requestId, { resolve, reject });
    postToWorker({ type: 'checkServer', requestId, url, ...(apiKey && { apiKey }) });
  });
}

/** How a notice names the student: a Hub id, the bundled model, or the folder the user dropped. */
function studentName(load: LoadRequest): string {
  const m = load.model;
  return m.kind === 'hub' ? m.id : m.kind === 'bundled' ? m.name : m.kind === 'server' ? `on the server ${m.url}` : `from the dropped folder "${m.name}"`;
}

/** What Score needs first, per student source, when it is missing. */
const NEEDED_FIRST: Record<LensState['student'], string> = {
  bundled: 'The bundled student is missing.',
  hub: 'Type a Hugging Face model id first.',
  files: 'Drop a model folder first.',
  server: "Give the server's URL and the student's tokenizer first (Check server fills the tokenizer with the model the server serves).",
};

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
    s.noticeAdded('warning', `${tally.skipped.toLocaleString('en-US')} of ${plural(tally.scored + tally.skipped, 'trajectory', 'trajectories')} could not be scored (no response tokens, or the template refused ${tally.skipped === 1 ? 'it' : 'them'}): see Input errors.`);
  }
  if (tally.pastLimit) {
    s.noticeAdded(
      'warning',
      `${plural(tally.pastLimit, 'trajectory is', 'trajectories are')} longer than the student's max_position_embeddings (${tally.limit.toLocaleString('en-US')}): scored past the context it was trained on (as the reference does), so ${tally.pastLimit === 1 ? 'its numbers deserve' : 'their numbers deserve'} doubt. The heatmap header says so.`,
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
    case 'tokenizing':
      if (r) {
        watchdog.busy(performance.now(), tokenizingAllowanceMs(e.chars));
        s.tokenizingStarted(e.chars);
        // Tokenizing a long conversation is where a worker runs out of memory: the journal names it.
        journal(r, tokenizingIndex(r, e.chars), true);
      }
      break;
    case 'progress':
      if (e.stage === 'download') s.downloadProgressed(e.files);
      else s.warmupStarted();
      break;
    case 'ready':
      if (e.device === 'server') s.modelReady({ model: e.model, device: e.device, dtype: e.dtype, path: e.path, server: e.server });
      else s.modelReady({ model: e.model, device: e.device, dtype: e.dtype, path: e.path, file: e.file, bytes: e.bytes, choice: e.choice, layout: e.layout, approximate: e.approximate, memory: e.memory });
      if (e.note) s.noticeAdded('info', e.note);
      if (run && !run.sent && !run.cancelled) sendScore(run);
      break;
    case 'scoring':
      if (r) s.scoringProgressed({ doneTokens: e.doneTokens, totalTokens: e.totalTokens, tokensPerSecond: e.tokensPerSecond, eta: e.eta });
      break;
    case 'scored':
      if (r && !r.finished.has(e.index)) {
        r.finished.add(e.index);
        advance(r);
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
        advance(r);
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
        endJournal();
        // Finished means persisted: a reload right after the last row appears must find it cached.
        void arrivals.settled().then(() => {
          if (e.cancelled && left) store().noticeAdded('info', `Cancelled. Scored results are kept; ${plural(left, 'trajectory', 'trajectories')} left for the next Score.`, { topic: RUN_LEFT });
          else if (!e.cancelled && allScored()) store().topicResolved(RUN_LEFT);
          reportTally();
          store().runFinished({ ...e.stats, device: e.provenance.device, cancelled: e.cancelled });
        });
      }
      break;
    case 'error':
      if (e.refusedOn) refusedOnDevice(e.message, e.refusedOn);
      else handleFailure(e.message, e.stage, e.isFinal);
      break;
    case 'serverChecked': {
      const check = checks.get(e.requestId);
      checks.delete(e.requestId);
      if (e.info) check?.resolve(e.info);
      else check?.reject(new Error(e.error ?? 'no answer'));
      break;
    }
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

/**
 * The student cannot be scored exactly on the device asked for (WebGPU), though WASM can: the run
 * ends, and the notice offers WASM with a button. Never a silent switch: the device is part of
 * every result's provenance, and the user chose it.
 */
function refusedOnDevice(message: string, device: Device): void {
  arrivals.flush();
  disposeWorker();
  const failed = run;
  run = null;
  store().workerFailed(false);
  store().noticeAdded('error', `Refused for ${device === 'webgpu' ? 'WebGPU' : device}: ${message}.`, {
    action: {
      label: 'Score on WASM',
      run: () => {
        store().settingsChanged({ device: 'wasm' });
        void startScoring();
      },
    },
  });
  if (failed) {
    reportTally();
    store().runFinished();
  }
}

/** `isFinal`: the same request would fail the same way anywhere (see the protocol's error event): no restart. */
function handleFailure(message: string, stage: 'load' | 'score', isFinal = false): void {
  for (const check of checks.values()) check.reject(new Error(`the model worker failed: ${message}`));
  checks.clear();
  arrivals.flush();
  if (cancelTimer) clearTimeout(cancelTimer);
  cancelTimer = null;
  const failed = run;
  const where = stage === 'load' ? `loading the student${failed ? ` ${studentName(failed.load)}` : ''}` : 'scoring';
  if (failed?.load.model.kind === 'server') {
    // The server's own words: the worker is fine, the server (or the way to it) is not.
    disposeWorker();
    run = null;
    const left = failed.trajectories.length - failed.finished.size;
    const rest = left ? ` Every result scored so far is kept; Score scores the ${left.toLocaleString('en-US')} left.` : ' Every result scored so far is kept.';
    workerFailed(`${stage === 'load' ? 'The server could not be used' : 'The server stopped the run'}: ${message}.${rest}`, false);
    reportTally();
    store().runFinished();
    return;
  }
  const next = failed && !failed.cancelled && !isFinal ? nextFallback(failed, stage, readyDevice()) : null;
  disposeWorker();
  if (!failed) {
    workerFailed(`The model worker failed while ${where}: ${message}`, false);
    return;
  }
  const left = failed.trajectories.map((_, i) => i).filter((i) => !failed.finished.has(i));
  if (!next || !left.length) {
    run = null;
    endJournal();
    const rest = left.length ? ` Every result scored so far is kept; Score scores the ${left.length.toLocaleString('en-US')} left.` : ' Every result scored so far is kept.';
    workerFailed(`The model worker failed while ${where}: ${message}.${rest}`, false);
    reportTally();
    store().runFinished();
    return;
  }
  workerFailed(`The model worker failed while ${where} (${message}). ${next.says}; results scored so far are kept and the ${left.length === 1 ? 'one left is' : `${left.length} left are`} being scored.`, true);
  run = {
    ...failed,
    runId: nextRunId++,
    trajectories: left.map((i) => failed.trajectories[i]),
    keys: left.map((i) => failed.keys[i]),
    cacheKeys: left.map((i) => failed.cacheKeys[i]),
    load: next.load,
    settings: next.settings,
    finished: new Set(),
    cursor: 0,
    sent: false,
    restarts: failed.restarts + 1,
  };
  launch(run);
}

/** Score what is left of `only` (as startScoring does) and resolve once the run is over; false when there was nothing to run. */
export async function scoreUntilIdle(only?: readonly Trajectory[]): Promise<boolean> {
  let sawRun = false;
  let resolveEnd: () => void = () => undefined;
  const ended = new Promise<void>((r) => (resolveEnd = r));
  const unsubscribe = useLensStore.subscribe((st, prev) => {
    if (st.runState !== 'idle') sawRun = true;
    else if (sawRun && prev.runState !== 'idle') resolveEnd();
  });
  try {
    await startScoring(only);
    if (!sawRun && store().runState === 'idle') return false;
    await ended;
    return true;
  } finally {
    unsubscribe();
  }
}
