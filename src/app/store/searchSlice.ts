import type { StateCreator } from 'zustand';
import type { DerivedValues } from '../analysis/sliceFields';
import type { SearchHit } from '../analysis/textSearch';
import type { Trajectory } from '../../core/types';
import type { LensState } from './useLensStore';

/** A finished regex search: what it looked for, in which data, and what it found. */
export interface RegexResult {
  pattern: string;
  /** The loaded trajectories it searched (a new load makes it stale). */
  trajectories: readonly Trajectory[];
  /** trajectoryKey → where the pattern matched in it; only matching trajectories are here. */
  hits: ReadonlyMap<string, SearchHit>;
}

/** The outcomes of the patterns run in the search worker: the table's regex search (watchRegexSearch.ts) and a derived field (watchDerivedField.ts). */
export interface SearchSlice {
  regexResult: RegexResult | null;
  /** The pattern being searched for (null: none running). */
  searchingFor: string | null;
  /** Why the current pattern has no result (invalid, stopped): shown under the search box. */
  searchProblem: string | null;
  regexSearchStarted: (pattern: string) => void;
  regexSearchFinished: (result: RegexResult) => void;
  /** `problem` null: no regex search wanted (empty box, plain search). */
  regexSearchFailed: (problem: string | null) => void;
  /** The derived field's values for the loaded trajectories; null without one, or while none is computed. */
  derived: DerivedValues | null;
  /** Why the derived field has no values (an invalid or stopped pattern). */
  deriveProblem: string | null;
  derivedComputed: (derived: DerivedValues | null, problem?: string | null) => void;
}

export const createSearchSlice: StateCreator<LensState, [], [], SearchSlice> = (set) => ({
  regexResult: null,
  searchingFor: null,
  searchProblem: null,
  regexSearchStarted: (pattern) => set({ searchingFor: pattern, searchProblem: null }),
  regexSearchFinished: (result) => set({ regexResult: result, searchingFor: null, searchProblem: null }),
  regexSearchFailed: (problem) => set({ regexResult: null, searchingFor: null, searchProblem: problem }),
  derived: null,
  deriveProblem: null,
  derivedComputed: (derived, problem = null) => set({ derived, deriveProblem: problem }),
});
