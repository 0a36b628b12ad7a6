import type { TextAlignment } from '../../core/compare/alignTexts';
import type { AlignAnswer, AlignRequest } from './alignWorker';

let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, (a: AlignAnswer) => void>();
/** Recent alignments by the pair of texts, so stepping back to a problem is instant. */
const cache = new Map<string, Promise<AlignAnswer>>();
const CACHE_SIZE = 24;

/**
 * The word-level alignment of two texts (core/compare/alignTexts), computed in a worker of its own
 * so a pair of 30k-token trajectories (about a second of diffing) never freezes the page. One
 * worker, kept for the page's life; requests queue in it.
 */
export function alignInWorker(a: string, b: string): Promise<AlignAnswer> {
  const key = `${a.length}:${b.length}:${hashText(a)}:${hashText(b)}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (!worker) {
    worker = new Worker(new URL('./alignWorker.ts', import.meta.url), { type: 'module', name: 'rsr-lens-align' });
    worker.onmessage = (e: MessageEvent<AlignAnswer>) => {
      waiting.get(e.data.id)?.(e.data);
      waiting.delete(e.data.id);
    };
  }
  const id = nextId++;
  const promise = new Promise<AlignAnswer>((resolve) => waiting.set(id, resolve));
  worker.postMessage({ id, a, b } satisfies AlignRequest);
  cache.set(key, promise);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return promise;
}

/** FNV-1a over the text: a cache key, not a checksum (lengths are part of the key too). */
function hashText(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

export type { TextAlignment };
