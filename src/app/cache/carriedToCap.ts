import type { ScoredTrajectory } from '../../core/types';
import { isKeptUnder } from '../../core/tokenize/tokenizeTrajectory';
import { isImportedResult } from '../input/isImportedResult';

/**
 * The results that a new max-tokens setting does not change, recorded under it: those of
 * conversations it keeps exactly as they were scored (no cap cut them, or it cuts them at the same
 * place). Raising the cap, or removing it ("score the rest in full"), then rescores only the
 * conversations the old cap cut. Imported results go, as on any change of settings.
 */
export function carriedToCap(results: ReadonlyMap<string, ScoredTrajectory>, maxTokens: number): [string, ScoredTrajectory][] {
  const kept: [string, ScoredTrajectory][] = [];
  for (const [key, r] of results) {
    if (isImportedResult(r) || !isKeptUnder(r.tokens, maxTokens)) continue;
    kept.push([key, { ...r, provenance: { ...r.provenance, maxTokens } }]);
  }
  return kept;
}
