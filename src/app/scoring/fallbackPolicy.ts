import type { ScoreSettings } from '../../core/run/scoreTrajectories';
import type { Device, LoadRequest } from '../../worker/protocol';

export const MiB = 2 ** 20;
/** Below this a chunk is a handful of positions of a 150k vocabulary: shrinking further will not help. */
export const MIN_CHUNK_BYTES = 16 * MiB;
/** Worker restarts per run before giving up (WebGPU → WASM, then two chunk shrinks). */
export const MAX_RESTARTS = 4;

/** How a run was being scored when its worker failed. */
export interface Attempt {
  load: LoadRequest;
  settings: ScoreSettings;
  /** Restarts so far in this run. */
  restarts: number;
}

/** What to restart the worker with, and the sentence that tells the user. */
export interface Fallback {
  load: LoadRequest;
  settings: ScoreSettings;
  says: string;
}

/**
 * The next thing to try after a worker failure, or null when nothing is left to try: WebGPU →
 * WASM first (a GPU failure is the most likely one), then a chunk budget four times smaller, but
 * only for failures while scoring (a load does not depend on the chunk) and never below
 * MIN_CHUNK_BYTES. `device` is what the failed worker reported in `ready` (null when it failed
 * before): it says whether 'auto' had picked WebGPU. Nothing for a server student.
 */
export function nextFallback(attempt: Attempt, stage: 'load' | 'score', device: Device | 'server' | null): Fallback | null {
  // A server computes elsewhere: another device or chunk here would ask the same server again.
  if (attempt.restarts >= MAX_RESTARTS || attempt.load.model.kind === 'server') return null;
  const triedGpu = device ? device === 'webgpu' : attempt.load.device !== 'wasm';
  if (triedGpu) return { load: { ...attempt.load, device: 'wasm' }, settings: attempt.settings, says: 'Restarted the model worker on WASM (CPU)' };
  const budget = Math.floor(attempt.settings.chunkBudgetBytes / 4);
  if (stage === 'score' && budget >= MIN_CHUNK_BYTES) {
    return {
      load: attempt.load,
      settings: { ...attempt.settings, chunkBudgetBytes: budget },
      says: `Restarted the model worker with a smaller chunk budget (${budget / MiB} MiB)`,
    };
  }
  return null;
}
