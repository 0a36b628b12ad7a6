import type { Trajectory } from '../../core/types';
import type { SearchAnswer, SearchRequest } from './searchWorker';
import type { SearchHit } from './textSearch';

/**
 * How long a pattern may run before it is stopped. Plain patterns search 20 MB of text in a
 * fraction of this; a nested repeat such as `(a+)+$` can backtrack for ever on one long answer.
 */
export const SEARCH_LIMIT_MS = 3000;
/** Characters of text per message to the worker: cloning is a short task for the page. */
const PART_CHARS = 1_000_000;

let worker: Worker | null = null;
/** The data set the worker holds, by identity, and its version number there. */
let stored: { trajectories: readonly Trajectory[]; version: number; ready: Promise<void> } | null = null;
let nextVersion = 1;
let nextId = 1;
const waiting = new Map<number, (a: SearchAnswer) => void>();
let onStored: ((version: number) => void) | null = null;
/** One request at a time: the worker is sequential, and a timed request must not wait behind another. */
let queue: Promise<unknown> = Promise.resolve();

function ensureWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./searchWorker.ts', import.meta.url), { type: 'module', name: 'rsr-lens-search' });
  worker.onmessage = (e: MessageEvent<SearchAnswer>) => {
    const a = e.data;
    if (a.type === 'stored') onStored?.(a.version);
    else {
      waiting.get(a.id)?.(a);
      waiting.delete(a.id);
    }
  };
  return worker;
}

/** Stop the worker (a pattern that ran too long): its texts go with it and are sent again next time. */
function stopWorker(): void {
  worker?.terminate();
  worker = null;
  stored = null;
  waiting.clear();
}

/** The worker holds `trajectories`' texts (sent in parts the first time), and says so. */
function withTexts(trajectories: readonly Trajectory[]): { version: number; ready: Promise<void> } {
  if (stored?.trajectories === trajectories) return stored;
  const w = ensureWorker();
  const version = nextVersion++;
  const ready = new Promise<void>((resolve) => {
    onStored = (v) => v === version && resolve();
  });
  let part: string[][] = [];
  let chars = 0;
  let isFirst = true;
  const send = (isLast: boolean) => {
    w.postMessage({ type: 'texts', version, conversations: part, isFirst, isLast } satisfies SearchRequest);
    [part, chars, isFirst] = [[], 0, false];
  };
  for (const t of trajectories) {
    const contents = t.messages.map((m) => m.content);
    part.push(contents);
    chars += contents.reduce((n, c) => n + c.length, 0);
    if (chars >= PART_CHARS) send(false);
  }
  send(true);
  stored = { trajectories, version, ready };
  return stored;
}

/** Send a request and wait for its answer, at most SEARCH_LIMIT_MS; past that the worker is stopped. */
function timed(request: Extract<SearchRequest, { id: number }>): Promise<SearchAnswer> {
  return new Promise<SearchAnswer>((resolve, reject) => {
    const timer = setTimeout(() => {
      stopWorker();
      reject(new Error(`The pattern ran for ${SEARCH_LIMIT_MS / 1000} s without finishing and was stopped: a nested repeat such as (a+)+ can take for ever on long texts. Simplify it.`));
    }, SEARCH_LIMIT_MS);
    waiting.set(request.id, (a) => {
      clearTimeout(timer);
      resolve(a);
    });
    ensureWorker().postMessage(request);
  });
}

function serial<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job, job);
  queue = run.catch(() => undefined);
  return run;
}

/**
 * The trajectories a regex pattern matches (by their index in `trajectories`), searched in a
 * worker of its own, so that a pattern that backtracks without end stops after SEARCH_LIMIT_MS
 * instead of freezing the page. Rejects with a message for the search box (invalid, stopped).
 */
export function regexSearchInWorker(trajectories: readonly Trajectory[], pattern: string): Promise<Map<number, SearchHit>> {
  return serial(async () => {
    const { version, ready } = withTexts(trajectories);
    await ready;
    const answer = await timed({ type: 'search', id: nextId++, version, pattern });
    if (answer.type === 'failed') throw new Error(answer.message);
    if (answer.type !== 'hits') throw new Error('unexpected answer');
    return new Map(answer.hits);
  });
}

/** What a pattern derives from each text (null: no text, or no match), in the same worker and with the same limit. */
export function deriveInWorker(texts: (string | null)[], pattern: string): Promise<(string | null)[]> {
  return serial(async () => {
    const answer = await timed({ type: 'derive', id: nextId++, texts, pattern });
    if (answer.type === 'failed') throw new Error(answer.message);
    if (answer.type !== 'derived') throw new Error('unexpected answer');
    return answer.values;
  });
}

/** The matches of a regex pattern in one text (a heatmap's), in the same worker and with the same limit. */
export function regexRangesInWorker(text: string, pattern: string): Promise<[number, number][]> {
  return serial(async () => {
    const answer = await timed({ type: 'find', id: nextId++, text, pattern });
    if (answer.type === 'failed') throw new Error(answer.message);
    if (answer.type !== 'ranges') throw new Error('unexpected answer');
    return answer.ranges;
  });
}
