import { useRef } from 'react';
import type { EtaEstimate } from '../../../core/run/etaEstimator';
import { recentRate, type RateSample } from '../../analysis/recentRate';
import type { ScoringProgress } from '../../store/scoringSlice';

/** Speed is measured over the last 20 s once 3 s of reports exist; before that the worker's run average is used. */
const WINDOW_MS = 20_000;
const MIN_MS = 3_000;

/**
 * Tokens/s of the current run, from the worker's progress reports (per chunk, so it moves inside
 * one long trajectory), and the time left as the worker's etaEstimator has it: fitted to the run's
 * own chunk timings, with a cost per token that grows with context, as the CLI's (a tokens/s rate
 * cannot say how long a run takes whose contexts still grow). The samples live in a ref: a report
 * re-renders the caller anyway, and the history must survive those renders.
 */
export function useEta(progress: ScoringProgress | null): { rate: number; eta: EtaEstimate | undefined } {
  const samples = useRef<RateSample[]>([]);
  if (!progress) {
    samples.current = [];
    return { rate: 0, eta: undefined };
  }
  const list = samples.current;
  const last = list[list.length - 1];
  // Token counts restart after a worker restart: start measuring again.
  if (last && progress.doneTokens < last.done) list.length = 0;
  if (!last || progress.doneTokens !== last.done) list.push({ at: performance.now(), done: progress.doneTokens });
  while (list.length > 2 && list[list.length - 1].at - list[1].at > WINDOW_MS) list.shift();
  return { rate: recentRate(list, WINDOW_MS, MIN_MS, progress.tokensPerSecond), eta: progress.eta };
}
