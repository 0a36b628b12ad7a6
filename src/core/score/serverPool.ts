import { CancelledError } from './scoreConversation';
import { ServerError } from './serverClient';

/** One request for a pool: run on whichever server takes it. */
export interface PoolJob<S, T> {
  /**
   * The request's identity (a content hash): equal keys are one request, so a conversation that is
   * retried, moved to another server or asked for twice is scored once and answered once.
   */
  key: string;
  /** What 'longest' orders by (tokens). */
  size: number;
  run: (server: S, signal: AbortSignal) => Promise<T>;
}

export interface PoolOptions<S> {
  /** Requests in flight per server. */
  inFlight: number;
  /** 'longest' first (a cluster run ends without one long straggler) or 'fifo' (results come in order). */
  order: 'longest' | 'fifo';
  /** Tries of one request (timeouts, 5xx) before it counts as that row's failure. */
  attempts?: number;
  /** Failures in a row (timeouts, 5xx) after which a server is dropped. */
  strikes?: number;
  /** A server was dropped: its requests move to the others. */
  onDropped?: (server: S, reason: string) => void;
  /** How a server is named in messages. */
  nameOf: (server: S) => string;
}

/** Every server is gone: what is scored stays, the rest waits for a --resume. */
export class ServersLostError extends Error {
  constructor(readonly reasons: string[]) {
    super(`no server is left to score with: ${reasons.join('; ')}`);
    this.name = 'ServersLostError';
  }
}

interface Pending<S> {
  job: PoolJob<S, unknown>;
  tries: number;
  isCancelled: boolean;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

interface Slot<S> {
  server: S;
  busy: number;
  strikes: number;
  isDropped: boolean;
  running: Set<{ pending: Pending<S>; abort: AbortController }>;
}

/**
 * One queue over several servers, a few requests in flight on each. A server that cannot be
 * reached, refuses the key or breaks the protocol is dropped at once; one that times out or fails
 * (5xx) `strikes` times in a row is dropped too. A dropped server's requests go back to the front
 * of the queue for the others. A request that fails `attempts` times, or that a server rejects
 * for itself (longer than its context), fails alone: its row is skipped with the reason. When no
 * server is left, every request still waiting fails with ServersLostError.
 */
export function serverPool<S>(servers: readonly S[], options: PoolOptions<S>) {
  const attempts = options.attempts ?? 3;
  const strikes = options.strikes ?? 2;
  const slots: Slot<S>[] = servers.map((server) => ({ server, busy: 0, strikes: 0, isDropped: false, running: new Set() }));
  const queue: Pending<S>[] = [];
  const byKey = new Map<string, Promise<unknown>>();
  const dropped: string[] = [];

  const live = () => slots.filter((s) => !s.isDropped);

  const pick = (): Pending<S> | undefined => {
    if (!queue.length) return undefined;
    let best = 0;
    if (options.order === 'longest') for (let i = 1; i < queue.length; i++) if (queue[i].job.size > queue[best].job.size) best = i;
    return queue.splice(best, 1)[0];
  };

  const failAll = () => {
    const err = new ServersLostError(dropped);
    for (const p of queue.splice(0)) p.reject(err);
  };

  const drop = (slot: Slot<S>, reason: string) => {
    if (slot.isDropped) return;
    slot.isDropped = true;
    dropped.push(reason);
    options.onDropped?.(slot.server, reason);
    // Its requests in flight are abandoned and go back to the front: the others take them.
    for (const r of slot.running) {
      r.abort.abort();
      queue.unshift(r.pending);
    }
    slot.running.clear();
    if (!live().length) failAll();
  };

  const dispatch = () => {
    for (const slot of live()) {
      while (slot.busy < options.inFlight && !slot.isDropped) {
        const pending = pick();
        if (!pending) return;
        start(slot, pending);
      }
    }
  };

  const start = (slot: Slot<S>, pending: Pending<S>) => {
    const abort = new AbortController();
    const running = { pending, abort };
    slot.busy++;
    slot.running.add(running);
    pending.tries++;
    pending.job.run(slot.server, abort.signal).then(
      (value) => {
        slot.busy--;
        if (!slot.running.delete(running)) return; // abandoned when its server was dropped: another one answers
        slot.strikes = 0;
        pending.resolve(value);
        dispatch();
      },
      (err: unknown) => {
        slot.busy--;
        if (!slot.running.delete(running)) return;
        if (pending.isCancelled) {
          pending.reject(new CancelledError());
          dispatch();
          return;
        }
        const name = options.nameOf(slot.server);
        const kind = err instanceof ServerError ? err.kind : undefined;
        const message = err instanceof Error ? err.message : String(err);
        if (kind === 'row' || kind === 'rejected') {
          pending.reject(err);
        } else if (kind === 'timeout' || kind === 'failed') {
          slot.strikes++;
          if (pending.tries >= attempts) pending.reject(new ServerError(`failed ${pending.tries} times (last: ${message})`, 'row'));
          else queue.unshift(pending);
          if (slot.strikes >= strikes) drop(slot, `${name} dropped after ${slot.strikes} failures in a row (last: ${message})`);
        } else if (kind) {
          // unreachable, auth, protocol, limit: this server cannot score.
          queue.unshift(pending);
          drop(slot, `${name} dropped: ${message}`);
        } else {
          // Not a server's answer (a bug, a response the reader cannot take): the run stops on it.
          pending.reject(err);
        }
        dispatch();
      },
    );
  };

  return {
    /** The request's answer; a request with the key of one in progress shares its answer. */
    submit<T>(job: PoolJob<S, T>): Promise<T> {
      const existing = byKey.get(job.key);
      if (existing) return existing as Promise<T>;
      const promise = new Promise<T>((resolve, reject) => {
        if (!live().length) return reject(new ServersLostError(dropped));
        queue.push({ job: job as PoolJob<S, unknown>, tries: 0, isCancelled: false, resolve: resolve as (v: unknown) => void, reject });
        dispatch();
      });
      byKey.set(job.key, promise);
      const forget = () => byKey.delete(job.key);
      promise.then(forget, forget);
      return promise;
    },
    /**
     * Stop what is asked now: requests in flight are aborted and every waiting one fails with
     * CancelledError. The pool stays usable (Score again), with the servers it still has.
     */
    cancel() {
      for (const p of queue.splice(0)) p.reject(new CancelledError());
      for (const slot of slots) {
        for (const r of slot.running) {
          r.pending.isCancelled = true;
          r.abort.abort();
        }
      }
    },
    /** The servers still in use. */
    live: () => live().map((s) => s.server),
    /** Why each dropped server was dropped. */
    dropped: () => [...dropped],
  };
}

export type ServerPool<S> = ReturnType<typeof serverPool<S>>;
