/// <reference lib="webworker" />
import { alignTexts, type TextAlignment } from '../../core/compare/alignTexts';

/** A request to align two texts, and its answer (same id). */
export interface AlignRequest {
  id: number;
  a: string;
  b: string;
}
export interface AlignAnswer {
  id: number;
  alignment: TextAlignment;
  ms: number;
}

// Two different 100 kB answers take about a second to diff: here, not on the page's thread.
self.onmessage = (e: MessageEvent<AlignRequest>) => {
  const started = performance.now();
  const alignment = alignTexts(e.data.a, e.data.b);
  (self as unknown as DedicatedWorkerGlobalScope).postMessage({ id: e.data.id, alignment, ms: performance.now() - started } satisfies AlignAnswer);
};
