import { useLensStore } from '../store/useLensStore';
import { restoreCachedResults } from './restoreCachedResults';
import { identityString, scoringIdentity } from './scoringIdentity';

/**
 * Results in memory always belong to the current settings: when the model, dtype, clip, template
 * or token limit changes, forget them and look the new settings up in the cache instead.
 * Returns the unsubscribe function.
 */
export function watchScoringIdentity(): () => void {
  const current = () => {
    const id = scoringIdentity(useLensStore.getState());
    return id ? identityString(id) : '';
  };
  let last = current();
  return useLensStore.subscribe(() => {
    const next = current();
    if (next === last) return;
    last = next;
    useLensStore.getState().resultsCleared();
    void restoreCachedResults();
  });
}
