import type { Trajectory } from '../../core/types';
import { trajectoryKey } from '../input/trajectoryKey';
import { isImportedResult } from '../input/isImportedResult';
import { useLensStore } from '../store/useLensStore';
import { refreshQuickRank } from './quickRank';
import { scoreUntilIdle } from './scoringRun';

/** The loaded trajectories whose result here is cut by the max-tokens setting (imports are not ours to rescore). */
export function truncatedTrajectories(): Trajectory[] {
  const s = useLensStore.getState();
  return s.trajectories.filter((t) => {
    const r = s.results.get(trajectoryKey(t));
    return !!r && !isImportedResult(r) && r.tokens.truncated;
  });
}

/**
 * "Score the rest in full": Max tokens becomes 0 (no limit) — the results it does not change stay
 * (carriedToCap) — and only the trajectories the cap cut are scored again, so every verdict then
 * rests on whole conversations. A Quick rank's ranking is recomputed on them once the run ends.
 */
export async function scoreTruncatedInFull(): Promise<void> {
  const s = useLensStore.getState();
  if (s.runState !== 'idle') return;
  const cut = truncatedTrajectories();
  if (!cut.length) return;
  s.settingsChanged({ maxTokens: 0 });
  await scoreUntilIdle(cut);
  refreshQuickRank();
}
