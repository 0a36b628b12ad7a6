import type { StateCreator } from 'zustand';
import type { LensState } from './useLensStore';

/** One teacher's standing at one moment of a Quick rank. */
export interface RankEstimate {
  teacher: string;
  rsr: number;
  lo: number;
  hi: number;
  n: number;
}

/** The ranking after `scored` trajectories of the sample, best first. */
export interface RankPoint {
  scored: number;
  estimates: RankEstimate[];
}

export interface QuickRank {
  isRunning: boolean;
  /** Sample size per teacher asked for, and the seed of the sample. */
  perTeacher: number;
  seed: number;
  /** Trajectories in the interleaved sample. */
  planned: number;
  /** The ranking as it settled, one point per batch of results. */
  history: RankPoint[];
  /** Why it ended: every adjacent pair of teachers separated, the sample was scored, or the user cancelled. */
  outcome: 'running' | 'separated' | 'sampled' | 'cancelled';
}

/** Quick rank: score a seeded sample interleaved across teachers and stop once the ranking is clear. */
export interface QuickRankSlice {
  quickRank: QuickRank | null;
  quickRankStarted: (planned: number, perTeacher: number, seed: number) => void;
  quickRankProgressed: (point: RankPoint) => void;
  quickRankEnded: (outcome: QuickRank['outcome']) => void;
}

export const createQuickRankSlice: StateCreator<LensState, [], [], QuickRankSlice> = (set) => ({
  quickRank: null,
  quickRankStarted: (planned, perTeacher, seed) => set({ quickRank: { isRunning: true, perTeacher, seed, planned, history: [], outcome: 'running' } }),
  quickRankProgressed: (point) => set((s) => (s.quickRank ? { quickRank: { ...s.quickRank, history: [...s.quickRank.history, point] } } : {})),
  quickRankEnded: (outcome) => set((s) => (s.quickRank ? { quickRank: { ...s.quickRank, isRunning: false, outcome } } : {})),
});
