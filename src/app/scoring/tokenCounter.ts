import type { TrajectoryLength } from '../../core/tokenize/trajectoryLength';
import type { Trajectory } from '../../core/types';
import { modelKey } from '../../worker/modelKey';
import type { CountRequest, WorkerEvent } from '../../worker/protocol';
import { trajectoryKey } from '../input/trajectoryKey';
import { modelSourceOf } from '../store/studentSource';
import { appendedSince } from '../store/appendedList';
import { useLensStore, type LensState } from '../store/useLensStore';

/** A count request carries about this many characters of conversation, so that cloning it is a short task for the page. */
const BATCH_CHARS = 400_000;
/** …and at most this many conversations, so that lengths appear a screenful at a time. */
const BATCH_MAX = 300;
/**
 * New lengths are handed to the store once there are this many, or an eighth of those already
 * handed over if more: each hand-over makes the map of every length (a million rows, a million
 * entries), so a fixed step would be quadratic in the rows.
 */
const PUBLISH_FIRST = 2000;
const PUBLISH_GROWTH = 1 / 8;

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
let published: { by: string | null; trajectories: readonly Trajectory[]; counted: number } | null = null;
/**
 * The lengths counted, by trajectoryKey, for `trajectories`: grown as counts arrive while the list
 * only grows (appendedList.ts), made again from the list when it changed otherwise (a file
 * removed or replaced, whose keys may now name other records).
 */
let keyed: { by: string; trajectories: readonly Trajectory[]; lengths: Map<string, TrajectoryLength> } | null = null;
/** Conversations counted so far by the current tokenizer. */
let countedSoFar = 0;
/** Where the first uncounted trajectory may be, in a list that only grows (appendedList.ts): counting goes in list order. */
let cursor: { trajectories: readonly Trajectory[]; index: number } | null = null;

const size = (t: Trajectory) => t.messages.reduce((n, m) => n + m.content.length, 0);

function stopWorker(): void {
  worker?.terminate();
  worker = null;
  inFlight = null;
}

/**
 * Hand the store the lengths known for the loaded trajectories, when something changed since the
 * last time. Lengths go out in growing steps (PUBLISH_GROWTH), not every batch: each publish makes
 * the map of every length. `isFinal`: nothing more is coming for now.
 */
function publish(s: LensState, isFinal: boolean): void {
  const by = counted?.by ?? null;
  if (published && published.by === by && appendedSince(published.trajectories, s.trajectories) >= 0) {
    // The same list, or with trajectories added (which have no length yet): new lengths go out in steps.
    const pending = countedSoFar - published.counted;
    if (!pending || (!isFinal && pending < Math.max(PUBLISH_FIRST, published.counted * PUBLISH_GROWTH))) {
      published.trajectories = s.trajectories;
      return;
    }
  }
  published = { by, trajectories: s.trajectories, counted: countedSoFar };
  if (!counted) {
    useLensStore.getState().lengthsCounted(by, new Map());
    return;
  }
  if (!keyed || keyed.by !== by || appendedSince(keyed.trajectories, s.trajectories) < 0) {
    const lengths = new Map<string, TrajectoryLength>();
    for (const t of s.trajectories) {
      const l = counted.lengths.get(t);
      if (l) lengths.set(trajectoryKey(t), l);
    }
    keyed = { by: counted.by, trajectories: s.trajectories, lengths };
  }
  // A copy: the store's map never changes once handed over.
  useLensStore.getState().lengthsCounted(by, new Map(keyed.lengths));
}

/**
 * Send the next batch of uncounted trajectories, unless one is out, a run is using the cores, files
 * are still arriving (their records are counted once they are in), or nothing is left.
 */
function pump(s: LensState): void {
  if (counted && (s.runState !== 'idle' || s.parsing.length || failedBy === counted.by)) publish(s, true);
  if (!counted || inFlight || s.runState !== 'idle' || s.parsing.length || failedBy === counted.by) return;
  const source = modelSourceOf(s);
  if (!source) return;
  const batch: Trajectory[] = [];
  let chars = 0;
  let first = s.trajectories.length;
  for (let i = cursor && appendedSince(cursor.trajectories, s.trajectories) >= 0 ? cursor.index : 0; i < s.trajectories.length; i++) {
    const t = s.trajectories[i];
    if (counted.lengths.has(t)) continue;
    if (!batch.length) first = i;
    batch.push(t);
    chars += size(t);
    if (chars >= BATCH_CHARS || batch.length >= BATCH_MAX) break;
  }
  cursor = { trajectories: s.trajectories, index: first };
  if (!batch.length) {
    // Everything is counted: the worker's memory (a tokenizer) goes until there is more to count.
    stopWorker();
    publish(s, true);
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
  countedSoFar += batch.length;
  const s = useLensStore.getState();
  if (keyed && keyed.by === counted.by && appendedSince(keyed.trajectories, s.trajectories) >= 0) {
    batch.forEach((t, i) => e.outcomes[i] && keyed!.lengths.set(trajectoryKey(t), e.outcomes[i]!));
    keyed.trajectories = s.trajectories;
  } else keyed = null;
  publish(s, false);
  pump(s);
}

function update(s: LensState): void {
  const by = countingKey(s);
  if ((counted?.by ?? null) !== by) {
    stopWorker();
    counted = by ? { by, lengths: new WeakMap() } : null;
    countedSoFar = 0;
    cursor = null;
  }
  publish(s, false);
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
    const deps = [s.trajectories, s.parsing, s.student, s.hubId, s.droppedModel, s.template, s.loadedModel, s.runState];
    if (deps.every((d, i) => d === last[i])) return;
    last = deps;
    update(s);
  };
  onChange(useLensStore.getState());
  return useLensStore.subscribe(onChange);
}
