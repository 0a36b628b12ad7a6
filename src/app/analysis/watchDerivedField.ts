import { trajectoryKey } from '../input/trajectoryKey';
import { useLensStore, type LensState } from '../store/useLensStore';
import { deriveInWorker } from './searchInWorker';
import { derivedSource, NO_MATCH } from './sliceFields';
import { compileSearch } from './textSearch';

/**
 * Computes the derived field (a pattern on a field of every loaded trajectory) in the search
 * worker whenever the pattern or the data change, so that a pattern that backtracks without end is
 * stopped instead of freezing the page. An invalid pattern is reported at once. Returns the
 * unsubscribe.
 */
export function watchDerivedField(): () => void {
  let last: unknown[] = [];
  let generation = 0;
  return useLensStore.subscribe((s: LensState) => {
    const deps = [s.derivedSpec, s.trajectories];
    if (deps.every((d, i) => d === last[i])) return;
    last = deps;
    const job = ++generation;
    const spec = s.derivedSpec;
    if (!spec) {
      if (s.derived || s.deriveProblem) s.derivedComputed(null);
      return;
    }
    const compiled = compileSearch(spec.pattern);
    if ('error' in compiled) {
      s.derivedComputed(null, compiled.error);
      return;
    }
    const trajectories = s.trajectories;
    const texts = trajectories.map((t) => derivedSource(t, spec.field) ?? null);
    deriveInWorker(texts, spec.pattern).then(
      (values) => {
        if (job !== generation) return;
        const byKey = new Map<string, string>();
        values.forEach((v, i) => {
          if (texts[i] !== null) byKey.set(trajectoryKey(trajectories[i]), v ?? NO_MATCH);
        });
        useLensStore.getState().derivedComputed({ spec, values: byKey });
      },
      (err: Error) => job === generation && useLensStore.getState().derivedComputed(null, err.message),
    );
  });
}
