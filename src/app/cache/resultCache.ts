import type { ScoredTrajectory } from '../../core/types';
import { openLensDb } from './lensDb';
import { identityString, type ScoringIdentity } from './scoringIdentity';

/**
 * Scored trajectories persisted in IndexedDB, so a reload with the same data shows them again
 * without loading the model. Keyed by scoring identity + content hash. Every call swallows
 * storage failures (private windows, quota): the cache is an optimisation, never a requirement.
 */
export function cacheKey(identity: ScoringIdentity, hash: string): string {
  return `${identityString(identity)}|${hash}`;
}

/** Lookups issued at once: issuing 35,000 requests in one go held the page for a second. */
const READ_BATCH = 500;

/** The cached results for these keys, undefined where nothing is cached. */
export async function readCachedResults(keys: string[]): Promise<(ScoredTrajectory | undefined)[]> {
  if (!keys.length) return [];
  try {
    const db = await openLensDb();
    const out: (ScoredTrajectory | undefined)[] = [];
    for (let i = 0; i < keys.length; i += READ_BATCH) {
      const tx = db.transaction('results', 'readonly');
      out.push(...(await Promise.all(keys.slice(i, i + READ_BATCH).map((k) => tx.store.get(k)))));
    }
    return out;
  } catch (e) {
    console.warn('result cache unavailable', e);
    return keys.map(() => undefined);
  }
}

export async function writeCachedResults(entries: [string, ScoredTrajectory][]): Promise<void> {
  if (!entries.length) return;
  try {
    const tx = (await openLensDb()).transaction('results', 'readwrite');
    await Promise.all([...entries.map(([k, r]) => tx.store.put(r, k)), tx.done]);
  } catch (e) {
    console.warn('could not cache results', e);
  }
}

export async function clearCachedResults(): Promise<void> {
  try {
    await (await openLensDb()).clear('results');
  } catch (e) {
    console.warn('could not clear the result cache', e);
  }
}
