import type { TrajectoryLength } from '../../core/tokenize/trajectoryLength';
import type { Trajectory } from '../../core/types';
import { modelKey } from '../../worker/modelKey';
import type { CountRequest, WorkerEvent } from '../../worker/protocol';
import { trajectoryKey } from '../input/trajectoryKey';
import { modelSourceOf } from '../store/studentSource';
import { useLensStore, type LensState } from '../store/useLensStore';

/** A count request carries about this many characters of conversation, so that cloning it is a short task for the page. */
const BATCH_CHARS = 400_000;
/** …and at most this many conversations, so that lengths appear a screenful at a time. */
const BATCH_MAX = 300;

/**
 * Which tokenizer counts the lengths for the current settings, as a key (the student's model key
 * and the template mode), or null when none can without a download: a Hub student's tokenizer is
 * used once that student was loaded (its files are then in the browser's cache), so choosing or
 * typing a Hub id fetches nothing by itself.
 */
export function countingKey(s: Pick<LensState, 'student' | 'hubId' | 'droppedModel' | 'serverUrl' | 'serverTokenizer' | 'serverTokenizerId' | 'template' | 'loadedModel'>): string | null {
  const source = modelSourceOf(s);
  // A server student counts with its tokenizer, here: the server is never asked to count.
  const counting = source?.kind === 'server' ? source.tokenizer : source;
  if (!source || !counting) return null;
  const isLoaded = source.kind === 'server' ? s.loadedModel?.device === 'server' : s.loadedModel?.model === (counting.kind === 'hub' ? counting.id : undefined);
  if (counting.kind === 'hub' && !isLoaded) return null;
  return `${modelKey(counting)}|${s.template}`;
}

let worker: Worker | null = null;
/** Lengths counted by the current tokenizer, per loaded record object (a record dropped again is a new object, and is counted again). */
let counted: { by: string; lengths: WeakMap<Trajectory, TrajectoryLength | null> } | null = null;
let inFlight: { requestId: number; batch: Trajectory[] } | null = null;
/** A tokenizer that could not count (its files, its template's limits): not asked again. */
let failedBy: string | null = null;
let nextRequestId = 1;
let published: { by: string | null; trajectories: readonly Trajectory[]; arrivals: number } | null = null;
let arrivals = 0;

const size = (t: Trajectory) => t.messages.reduce((n, m) => n + m.content.length, 0);

function stopWorker(): void {
  worker?.terminate();
  worker = null;
  inFlight = null;
}

/** Hand the store the lengths known for the loaded trajectories, when something changed since the last time. */
function publish(s: LensState): void {
  const by = counted?.by ?? null;
  if (published && published.by === by && published.trajectories === s.trajectories && published.arrivals === arrivals) return;
  published = { by, trajectories: s.trajectories, arrivals };
  const lengths = new Map<string, TrajectoryLength>();
  if (counted) {
    for (const t of s.trajectories) {
      const l = counted.lengths.get(t);
      if (l) lengths.set(trajectoryKey(t), l);
    }
  }
  useLensStore.getState().lengthsCounted(by, lengths);
}

/** Send the next batch of uncounted trajectories, unless one is out, a run is using the cores, or nothing is left. */
function pump(s: LensState): void {
  if (!counted || inFlight || s.runState !== 'idle' || failedBy === counted.by) return;
  const source = modelSourceOf(s);
  if (!source) return;
  const batch: Trajectory[] = [];
  let chars = 0;
  for (const t of s.trajectories) {
    if (counted.lengths.has(t)) continue;
    batch.push(t);
    chars += size(t);
    if (chars >= BATCH_CHARS || batch.length >= BATCH_MAX) break;
  }
  if (!batch.length) {
    // Everything is counted: the worker's memory (a tokenizer) goes until there is more to count.
    stopWorker();
    return;
  }
  if (!worker) {
    // Not the model worker: that one may be busy scoring, and is replaced after any ONNX Runtime
    // error. Counting needs the tokenizer only (worker.ts loads no weights for it).
    worker = new Worker(new URL('../../worker/worker.ts', import.meta.url), { type: 'module', name: 'rsr-lens-counter' });
    worker.onmessage = (e: MessageEvent<WorkerEvent>) => arrived(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      if (counted) failedBy = counted.by;
      stopWorker();
    };
  }
  const request: CountRequest = { type: 'count', requestId: nextRequestId++, model: source.kind === 'server' ? source.tokenizer : source, template: s.template, conversations: batch.map((t) => t.messages) };
  inFlight = { requestId: request.requestId, batch };
  worker.postMessage(request);
}

function arrived(e: WorkerEvent): void {
  if (e.type !== 'counted' || !inFlight || e.requestId !== inFlight.requestId || !counted) return;
  const { batch } = inFlight;
  inFlight = null;
  if (e.error) {
    failedBy = counted.by;
    stopWorker();
    return;
  }
  batch.forEach((t, i) => counted!.lengths.set(t, e.outcomes[i] ?? null));
  arrivals++;
  const s = useLensStore.getState();
  publish(s);
  pump(s);
}

function update(s: LensState): void {
  const by = countingKey(s);
  if ((counted?.by ?? null) !== by) {
    stopWorker();
    counted = by ? { by, lengths: new WeakMap() } : null;
  }
  publish(s);
  pump(s);
}

/**
 * Count every loaded trajectory's tokens with the student's tokenizer as it loads, in a worker of
 * its own and a batch at a time, paused while a scoring run uses the cores: the table's Length
 * column, its sort and its slices by length work before anything is scored. A new student or
 * template counts again. Returns the unsubscribe.
 */
export function watchTokenCounts(): () => void {
  let last: unknown[] = [];
  const onChange = (s: LensState) => {
    const deps = [s.trajectories, s.student, s.hubId, s.droppedModel, s.template, s.loadedModel, s.runState];
    if (deps.every((d, i) => d === last[i])) return;
    last = deps;
    update(s);
  };
  onChange(useLensStore.getState());
  return useLensStore.subscribe(onChange);
}
