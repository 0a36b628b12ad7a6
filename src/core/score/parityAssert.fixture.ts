import type { ScoredTrajectory } from '../types';

/** What the reference implementation (rsr_cal.py) writes per sample. */
export interface ReferenceSample {
  id: string;
  teacher?: string;
  input_ids: number[];
  resp_token_positions: number[];
  nlls: number[];
  /** Clipped at the reference's rank_clip. */
  ranks: number[];
  avg_rank_clip: number;
  avg_surprisal: number;
  rank_surprisal_ratio: number;
}

/** Surprisal tolerance of the parity contract (DESIGN.md), in nats. */
export const SURPRISAL_TOLERANCE = 2e-4;

export interface ParityReport {
  idsEqual: boolean;
  positionsEqual: boolean;
  maxSurprisalDiff: number;
  /** Positions whose clipped rank differs by exactly one / by more. */
  rankOffByOne: number;
  rankWorse: number;
  rsrRelDiff: number;
}

/** Compare one scored trajectory with the reference's numbers for it. */
export function parityReport(result: ScoredTrajectory, ref: ReferenceSample, clip: number): ParityReport {
  const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.prototype.every.call(a, (x: number, i: number) => x === b[i]);
  let maxSurprisalDiff = 0;
  let rankOffByOne = 0;
  let rankWorse = 0;
  const n = Math.min(ref.nlls.length, result.scores.surprisal.length);
  for (let i = 0; i < n; i++) {
    maxSurprisalDiff = Math.max(maxSurprisalDiff, Math.abs(result.scores.surprisal[i] - ref.nlls[i]));
    const d = Math.abs(Math.min(result.scores.rank[i], clip) - ref.ranks[i]);
    if (d === 1) rankOffByOne++;
    else if (d > 1) rankWorse++;
  }
  return {
    idsEqual: same(result.tokens.inputIds, ref.input_ids),
    positionsEqual: same(result.tokens.respPositions, ref.resp_token_positions),
    maxSurprisalDiff,
    rankOffByOne,
    rankWorse,
    rsrRelDiff: Math.abs(result.metrics.rsr - ref.rank_surprisal_ratio) / Math.abs(ref.rank_surprisal_ratio),
  };
}
