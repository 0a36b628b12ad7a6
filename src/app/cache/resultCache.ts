import type { ScoredTrajectory } from '../../core/types';
import { isQuotaError, openLensDb } from './lensDb';
import { nextTask } from './nextTask';
import { identityString, type ScoringIdentity } from './scoringIdentity';
import { isScoredTrajectory } from './storedShapes';

/**
 * Scored trajectories persisted in IndexedDB, so a reload with the same data shows them again
 * without loading the model. Keyed by scoring identity + content hash. No call throws (private
 * windows, full storage): the cache is an optimisation, never a requirement — but a write says
 * what it could not keep, so the page can say that a reload would not bring it back.
 */
export function cacheKey(identity: ScoringIdentity, hash: string): string {
  return `${identityString(identity)}|${hash}`;
}

/** Lookups issued at once: issuing 35,000 requests in one go held the page for a second. */
const READ_BATCH = 500;
/** Keys listed per request when looking for which of many keys are cached. */
const KEY_PAGE = 20_000;
/** From this many keys on, list the identity's cached keys first instead of asking for each (a first load of 1 M rows asked a million times for nothing). */
const LIST_FROM = 2000;


/** The keys among `wanted` that are in the cache, found by listing the keys that share their identity, a page at a time. */
async function cachedAmong(wanted: readonly string[]): Promise<Set<string>> {
  const prefix = wanted[0].slice(0, wanted[0].lastIndexOf('|') + 1);
  const want = new Set(wanted);
  const found = new Set<string>();
  const d = await openLensDb();
  let range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
  for (;;) {
    const keys = await d.getAllKeys('results', range, KEY_PAGE);
    for (const k of keys) if (want.has(k)) found.add(k);
    if (keys.length < KEY_PAGE) return found;
    range = IDBKeyRange.bound(keys[keys.length - 1], `${prefix}\uffff`, true);
    await nextTask();
  }
}

/**
 * Whether the cache holds any result of this scoring identity: one request, so that loading a
 * million rows nobody has scored yet looks none of them up.
 */
export async function hasCachedResults(identity: ScoringIdentity): Promise<boolean> {
  const prefix = cacheKey(identity, '');
  try {
    return (await (await openLensDb()).getKey('results', IDBKeyRange.bound(prefix, `${prefix}\uffff`))) !== undefined;
  } catch {
    return false;
  }
}

/** What a read gave: the results (undefined where none is cached), and the keys of records that were there but broken (now deleted). */
export interface CacheRead {
  results: (ScoredTrajectory | undefined)[];
  broken: number;
}

/**
 * The cached results for these keys (all of one scoring identity), undefined where nothing is
 * cached. A cached value that is not a result the app could have written is deleted and counted
 * in `broken`: it is scored again rather than drawn.
 */
export async function readCachedResults(keys: string[]): Promise<CacheRead> {
  const results: (ScoredTrajectory | undefined)[] = keys.map(() => undefined);
  if (!keys.length) return { results, broken: 0 };
  try {
    const db = await openLensDb();
    const present = keys.length >= LIST_FROM ? await cachedAmong(keys) : null;
    const todo = keys.flatMap((k, i) => (!present || present.has(k) ? [i] : []));
    const broken: string[] = [];
    for (let i = 0; i < todo.length; i += READ_BATCH) {
      if (i) await nextTask();
      const batch = todo.slice(i, i + READ_BATCH);
      const tx = db.transaction('results', 'readonly');
      const values: unknown[] = await Promise.all(batch.map((j) => tx.store.get(keys[j])));
      values.forEach((v, n) => {
        if (v === undefined) return;
        if (isScoredTrajectory(v)) results[batch[n]] = v;
        else broken.push(keys[batch[n]]);
      });
    }
    if (broken.length) {
      const tx = db.transaction('results', 'readwrite');
      await Promise.all([...broken.map((k) => tx.store.delete(k)), tx.done]);
    }
    return { results, broken: broken.length };
  } catch (e) {
    console.warn('result cache unavailable', e);
    return { results, broken: 0 };
  }
}

/** What a write kept: `failed` results could not be stored, `isQuota` when because the storage is full. */
export interface CacheWrite {
  failed: number;
  isQuota: boolean;
}

async function put(entries: [string, ScoredTrajectory][]): Promise<void> {
  const tx = (await openLensDb()).transaction('results', 'readwrite');
  await Promise.all([...entries.map(([k, r]) => tx.store.put(r, k)), tx.done]);
}

/**
 * Cache a batch of results in one transaction. When the storage is full the whole batch fails; then
 * each result is tried alone, so what fits is kept.
 */
export async function writeCachedResults(entries: [string, ScoredTrajectory][]): Promise<CacheWrite> {
  if (!entries.length) return { failed: 0, isQuota: false };
  try {
    await put(entries);
    return { failed: 0, isQuota: false };
  } catch (e) {
    if (!isQuotaError(e)) {
      console.warn('could not cache results', e);
      return { failed: entries.length, isQuota: false };
    }
  }
  let failed = 0;
  for (const entry of entries) {
    try {
      await put([entry]);
    } catch {
      failed++;
    }
  }
  return { failed, isQuota: true };
}

export async function clearCachedResults(): Promise<void> {
  try {
    await (await openLensDb()).clear('results');
  } catch (e) {
    console.warn('could not clear the result cache', e);
  }
}
