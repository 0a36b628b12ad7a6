import { trajectoryKey } from '../input/trajectoryKey';
import { useLensStore, type LensState } from '../store/useLensStore';
import { regexSearchInWorker } from './searchInWorker';
import { compileSearch } from './textSearch';

/** Typing pauses this long before a pattern is searched: each keystroke of "(wai" is not a search. */
const DEBOUNCE_MS = 250;

/**
 * Runs the table's regex search whenever the pattern or the loaded data change: an invalid
 * pattern is reported at once (compiling is safe on the page), a valid one is searched in the
 * search worker, one search at a time, the latest pattern winning. Returns the unsubscribe.
 */
export function watchRegexSearch(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wanted: { pattern: string; trajectories: LensState['trajectories'] } | null = null;
  let isRunning = false;
  const isStill = (s: LensState, job: { pattern: string; trajectories: LensState['trajectories'] }) =>
    s.isRegex && s.textQuery === job.pattern && s.trajectories === job.trajectories;

  const run = async () => {
    if (isRunning || !wanted) return;
    const job = wanted;
    wanted = null;
    isRunning = true;
    useLensStore.getState().regexSearchStarted(job.pattern);
    try {
      const hits = await regexSearchInWorker(job.trajectories, job.pattern);
      const s = useLensStore.getState();
      if (isStill(s, job)) {
        const byKey = new Map([...hits].map(([i, hit]) => [trajectoryKey(job.trajectories[i]), hit]));
        s.regexSearchFinished({ pattern: job.pattern, trajectories: job.trajectories, hits: byKey });
      }
    } catch (err) {
      const s = useLensStore.getState();
      if (isStill(s, job)) s.regexSearchFailed((err as Error).message);
    } finally {
      isRunning = false;
      if (wanted) void run();
    }
  };

  let last: unknown[] = [];
  return useLensStore.subscribe((s) => {
    const deps = [s.isRegex, s.textQuery, s.trajectories];
    if (deps.every((d, i) => d === last[i])) return;
    last = deps;
    clearTimeout(timer);
    if (!s.isRegex || !s.textQuery.trim()) {
      wanted = null;
      if (s.regexResult || s.searchProblem || s.searchingFor) s.regexSearchFailed(null);
      return;
    }
    const compiled = compileSearch(s.textQuery);
    if ('error' in compiled) {
      wanted = null;
      s.regexSearchFailed(compiled.error);
      return;
    }
    if (s.regexResult?.pattern === s.textQuery && s.regexResult.trajectories === s.trajectories) return;
    wanted = { pattern: s.textQuery, trajectories: s.trajectories };
    timer = setTimeout(() => void run(), DEBOUNCE_MS);
  });
}
