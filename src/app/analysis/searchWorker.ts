/// <reference lib="webworker" />
import { compileSearch, derivedValue, MAX_COUNTED, regexHit, regexRanges, type SearchHit } from './textSearch';

/**
 * Requests to the search worker. The trajectories' texts arrive once per loaded data set (in
 * parts, so each clone is a short task for the page) and stay; searches then run on them.
 */
export type SearchRequest =
  /** The next part of data set `version`'s message contents, one array per trajectory, in load order; `isFirst` starts the set. */
  | { type: 'texts'; version: number; conversations: string[][]; isFirst: boolean; isLast: boolean }
  /** Every trajectory of `version` that `pattern` matches. */
  | { type: 'search'; id: number; version: number; pattern: string }
  /** The matches of `pattern` in one text (a heatmap's rendered conversation). */
  | { type: 'find'; id: number; text: string; pattern: string }
  /** What `pattern` derives from each text (a derived field: its first group, or the match). */
  | { type: 'derive'; id: number; texts: (string | null)[]; pattern: string };

export type SearchAnswer =
  /** The last part of a data set is in: searches on it can start (and be timed). */
  | { type: 'stored'; version: number }
  /** Hits by the trajectory's index in its data set. */
  | { type: 'hits'; id: number; hits: [number, SearchHit][] }
  | { type: 'ranges'; id: number; ranges: [number, number][] }
  /** Per text: the derived value, null where the pattern does not match or there was no text. */
  | { type: 'derived'; id: number; values: (string | null)[] }
  | { type: 'failed'; id: number; message: string };

let version = -1;
let texts: string[][] = [];
const post = (a: SearchAnswer) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(a);

// A pattern can backtrack for ever on a long text, and nothing can interrupt a running RegExp:
// it runs here, and the page terminates this worker when it takes too long (searchInWorker.ts).
self.onmessage = (e: MessageEvent<SearchRequest>) => {
  const r = e.data;
  switch (r.type) {
    case 'texts':
      if (r.isFirst || r.version !== version) [version, texts] = [r.version, []];
      for (const c of r.conversations) texts.push(c);
      if (r.isLast) post({ type: 'stored', version });
      break;
    case 'search': {
      const compiled = compileSearch(r.pattern);
      if ('error' in compiled) return post({ type: 'failed', id: r.id, message: compiled.error });
      if (r.version !== version) return post({ type: 'failed', id: r.id, message: 'the texts changed' });
      const hits: [number, SearchHit][] = [];
      texts.forEach((contents, i) => {
        const hit = regexHit(contents, compiled.re);
        if (hit) hits.push([i, hit]);
      });
      post({ type: 'hits', id: r.id, hits });
      break;
    }
    case 'find': {
      const compiled = compileSearch(r.pattern);
      if ('error' in compiled) return post({ type: 'failed', id: r.id, message: compiled.error });
      post({ type: 'ranges', id: r.id, ranges: regexRanges(r.text, compiled.re, MAX_COUNTED) });
      break;
    }
    case 'derive': {
      const compiled = compileSearch(r.pattern);
      if ('error' in compiled) return post({ type: 'failed', id: r.id, message: compiled.error });
      post({ type: 'derived', id: r.id, values: r.texts.map((t) => (t === null ? null : derivedValue(t, compiled.re))) });
      break;
    }
  }
};
