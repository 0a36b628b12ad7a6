import { loadKey } from '../../worker/modelKey';
import type { Device, LoadRequest, WorkerEvent, WorkerRequest } from '../../worker/protocol';

/** Where the model worker's events and failures go (the scoring run). */
export interface ModelWorkerHandlers {
  onEvent: (event: WorkerEvent) => void;
  /** The worker crashed or sent what cannot be read; `stage` says what it was doing. */
  onFailure: (message: string, stage: 'load' | 'score') => void;
}

/** Where a student stands in the current worker after ensureStudent. */
export type StudentState = 'posted' | 'loading' | 'ready';

interface CurrentWorker {
  worker: Worker;
  /** loadKey of the load request this worker got (without file contents): a different one means load again. */
  loaded: string | null;
  isReady: boolean;
  /** Device the worker reported in `ready` ('server' for a server student), to know what failed. */
  device: Device | 'server' | null;
}

/**
 * The model Worker's life cycle, and the only code that creates it. It is created lazily, on the
 * first Score that has something left to score, so a page whose results all come from the cache
 * never loads a model. After any error it is disposed, never reused: in a browser one failed ONNX
 * Runtime call poisons every later call in that worker.
 */
let current: CurrentWorker | null = null;
let nextWorkerId = 1;

/**
 * A worker can end without an `error` event: out of memory, or `close()` from inside. It holds a
 * Web Lock named after itself for its life (worker.ts); once it has said it holds it (its first
 * heartbeat), the page asks for the same lock, which it gets exactly when the worker is gone.
 */
function watchForDeath(c: CurrentWorker, name: string, onDeath: () => void): void {
  void navigator.locks?.request(name, () => {
    if (current === c) onDeath();
  });
}

function createWorker(handlers: ModelWorkerHandlers): CurrentWorker {
  // A name per worker: the name of its life lock.
  const name = `rsr-lens-model-${nextWorkerId++}-${Math.random().toString(36).slice(2)}`;
  const w = new Worker(new URL('../../worker/worker.ts', import.meta.url), { type: 'module', name });
  const c: CurrentWorker = { worker: w, loaded: null, isReady: false, device: null };
  let isWatched = false;
  w.onmessage = (e: MessageEvent<WorkerEvent>) => {
    if (current !== c) return;
    if (e.data.type === 'heartbeat' && !isWatched) {
      isWatched = true;
      watchForDeath(c, name, () => handlers.onFailure('the model worker stopped without an error (out of memory?)', c.isReady ? 'score' : 'load'));
    }
    if (e.data.type === 'ready') {
      c.isReady = true;
      c.device = e.data.device;
    }
    handlers.onEvent(e.data);
  };
  w.onerror = (e) => {
    e.preventDefault();
    if (current === c) handlers.onFailure(e.message || 'the model worker crashed', c.isReady ? 'score' : 'load');
  };
  w.onmessageerror = () => {
    if (current === c) handlers.onFailure('a worker message could not be read', 'score');
  };
  return c;
}

/**
 * A worker that has been asked to load this student: 'posted' when the load request has just gone
 * out, 'loading' when the same load is already under way (wait for `ready` either way), 'ready'
 * when it can score now.
 */
export function ensureStudent(load: LoadRequest, handlers: ModelWorkerHandlers): StudentState {
  const c = ensureWorker(handlers);
  const key = loadKey(load);
  if (c.loaded === key) return c.isReady ? 'ready' : 'loading';
  c.loaded = key;
  c.isReady = false;
  c.device = null;
  // Structured clone, not transfer: a dropped model's buffers stay in the store for restarts.
  c.worker.postMessage(load);
  return 'posted';
}

/** The model worker, created if there is none (a question for a server needs no model loaded). */
export function ensureWorker(handlers: ModelWorkerHandlers): CurrentWorker {
  return (current ??= createWorker(handlers));
}

export function postToWorker(request: WorkerRequest): void {
  current?.worker.postMessage(request);
}

/** The device the current worker reported in `ready`; null before that, or without a worker. */
export function readyDevice(): Device | 'server' | null {
  return current?.device ?? null;
}

/** Terminate the worker (after a failure, a stuck cancel, page teardown, hot reload). */
export function disposeWorker(): void {
  current?.worker.terminate();
  current = null;
}
