import { useLensStore } from '../store/useLensStore';
import { carriedToCap } from './carriedToCap';
import { restoreCachedResults } from './restoreCachedResults';
import { cacheKey, writeCachedResults } from './resultCache';
import { identityString, scoringIdentity, type ScoringIdentity } from './scoringIdentity';

/**
 * Results in memory always belong to the current settings: when the model, dtype, clip, template
 * or token limit changes, forget them and look the new settings up in the cache instead. When only
 * the token limit changed, the results it does not change stay (carriedToCap), and are cached
 * under the new settings too. Returns the unsubscribe function.
 */
export function watchScoringIdentity(): () => void {
  let last = scoringIdentity(useLensStore.getState());
  return useLensStore.subscribe(() => {
    const next = scoringIdentity(useLensStore.getState());
    if ((next ? identityString(next) : '') === (last ? identityString(last) : '')) return;
    const previous = last;
    last = next;
    const s = useLensStore.getState();
    if (previous && next && onlyCapChanged(previous, next)) {
      const kept = carriedToCap(s.results, next.maxTokens);
      s.resultsCarried(kept);
      void writeCachedResults(kept.flatMap(([key, r]) => (s.hashes.has(key) ? [[cacheKey(next, s.hashes.get(key)!), r] as [string, typeof r]] : [])));
    } else s.resultsCleared();
    void restoreCachedResults();
  });
}

function onlyCapChanged(a: ScoringIdentity, b: ScoringIdentity): boolean {
  return identityString({ ...a, maxTokens: b.maxTokens }) === identityString(b);
}
