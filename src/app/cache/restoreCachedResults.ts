import type { ScoredTrajectory, Trajectory } from '../../core/types';
import { trajectoryKey } from '../input/trajectoryKey';
import { useLensStore } from '../store/useLensStore';
import { contentHash } from '../../core/parse/contentHash';
import { cacheKey, hasCachedResults, readCachedResults } from './resultCache';
import { identityString, scoringIdentity } from './scoringIdentity';
import { plural } from '../../core/plural';

/** The content hash of each trajectory, computing (and storing) the missing ones. */
export async function ensureHashes(trajectories: Trajectory[]): Promise<Map<string, string>> {
  const known = useLensStore.getState().hashes;
  const missing = trajectories.filter((t) => !known.has(trajectoryKey(t)));
  const computed = await Promise.all(missing.map(async (t) => [trajectoryKey(t), await contentHash(t.messages)] as [string, string]));
  if (computed.length) useLensStore.getState().hashesComputed(computed);
  const hashes = useLensStore.getState().hashes;
  return new Map(trajectories.map((t) => [trajectoryKey(t), hashes.get(trajectoryKey(t))!]));
}

/**
 * Fill in, from IndexedDB, every loaded trajectory that has no result under the current settings.
 * No model is involved: when everything is cached, the worker is never even created.
 */
export async function restoreCachedResults(): Promise<void> {
  const identity = scoringIdentity(useLensStore.getState());
  if (!identity || !(await hasCachedResults(identity))) return;
  const start = useLensStore.getState();
  const todo = start.trajectories.filter((t) => !start.results.has(trajectoryKey(t)));
  if (!todo.length) return;
  const hashes = await ensureHashes(todo);
  const { results: cached, broken } = await readCachedResults(todo.map((t) => cacheKey(identity, hashes.get(trajectoryKey(t))!)));
  const now = useLensStore.getState();
  if (broken) {
    now.noticeAdded('warning', `${plural(broken, 'cached result was', 'cached results were')} damaged (not a result this app writes) and ${broken === 1 ? 'was' : 'were'} dropped from the cache: Score scores ${broken === 1 ? 'it' : 'them'} again.`, { topic: 'broken-cache' });
  }
  // Settings changed or files were replaced while we read: these results belong to nothing shown.
  const current = scoringIdentity(now);
  if (!current || identityString(current) !== identityString(identity)) return;
  const entries: [string, ScoredTrajectory][] = [];
  todo.forEach((t, i) => {
    const r = cached[i];
    const key = trajectoryKey(t);
    // The cache is keyed by content: the same messages may have been cached under another id or file.
    // Results cached before provenance recorded the token limit were scored under this identity's.
    if (r && now.byKey.get(key) === t) entries.push([key, { ...r, id: t.id, teacher: t.teacher, source: t.source, provenance: { maxTokens: identity.maxTokens, ...r.provenance } }]);
  });
  now.resultsRestored(entries);
}
