import { modelKey } from '../../worker/modelKey';
import { modelSourceOf } from '../store/studentSource';
import type { LensState } from '../store/useLensStore';

/**
 * Everything a result depends on besides the trajectory itself: the cache key's settings half.
 * Device and chunk budget are left out on purpose: chunked scoring is exact, and WebGPU agrees
 * with WASM to far below what the table shows.
 */
export interface ScoringIdentity {
  model: string;
  /** The dtype as requested ('auto' included), so a cached result is found before any model loads. */
  dtype: string;
  clip: number;
  template: string;
  maxTokens: number;
}

/** Null when the chosen student is not available (no Hub id typed, no folder dropped). */
export function scoringIdentity(s: LensState): ScoringIdentity | null {
  const source = modelSourceOf(s);
  return source ? { model: modelKey(source), dtype: s.dtype, clip: s.clip, template: s.template, maxTokens: s.maxTokens } : null;
}

/** The identity as one string: equal strings, interchangeable results. */
export function identityString(id: ScoringIdentity): string {
  return [id.model, id.dtype, id.clip, id.template, id.maxTokens].join('|');
}
