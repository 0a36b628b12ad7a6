import type { StateCreator } from 'zustand';
import type { EtaEstimate } from '../../core/run/etaEstimator';
import type { RunProgress, RunStats } from '../../core/run/scoreTrajectories';
import type { ChunkMemory } from '../../core/score/chunkLength';
import type { InputError, ScoredTrajectory, ScoringPath } from '../../core/types';
import type { Dtype } from '../../core/score/dtype';
import type { Device, FileProgress, ServerReady } from '../../worker/protocol';
import { isImportedResult } from '../input/isImportedResult';
import type { LensState } from './useLensStore';

/** What the model worker is doing, as far as the page knows. */
export type WorkerStatus = 'none' | 'loading' | 'downloading' | 'warming' | 'ready' | 'failed';
export type RunState = 'idle' | 'running' | 'cancelling';

/** The student the current worker has loaded (from its `ready` event). */
export interface LoadedModel {
  model: string;
  device: Device | 'server';
  /** One of our dtypes, or what a server reports (`bfloat16`; `unreported` when it does not say). */
  dtype: Dtype | string;
  path: ScoringPath;
  /** A server student: where, which engine, what its ranks mean, where the tokenizer came from. */
  server?: ServerReady;
  /** The ONNX file, its bytes (graph + external data), why it was chosen, and its distinctive ops. */
  file?: string;
  bytes?: number;
  choice?: string;
  layout?: string;
  /** Why the numbers are approximate, when they are. */
  approximate?: string;
  /** Per-position memory of a forward call, for the chunk lengths shown. */
  memory?: ChunkMemory;
}

/** Progress of the current run, for the progress bar. Token counts are the worker's current request's: they restart after a worker restart. */
export interface ScoringProgress extends Omit<RunProgress, 'index' | 'work' | 'remaining'> {
  /** Time left in the worker's current request, as its etaEstimator has it (none until a call was timed). */
  eta?: EtaEstimate;
  /** Trajectories in this run (the unscored rest when it started). */
  total: number;
  /** Of those, scored or skipped so far. */
  finished: number;
  /** Characters of the long conversation being tokenized now, when the worker announced one (until its next progress). */
  tokenizingChars?: number;
}

/** What the last finished run scored and how fast, as its worker measured it. */
export interface LastRun extends RunStats {
  device: string;
  cancelled: boolean;
}

export interface ScoringSlice {
  workerStatus: WorkerStatus;
  /** Download progress per model file (bytes), latest report. */
  downloads: FileProgress[];
  loadedModel: LoadedModel | null;
  runState: RunState;
  progress: ScoringProgress | null;
  lastRun: LastRun | null;
  /** trajectoryKey → result, for the current scoring identity (model, dtype, clip, template, maxTokens). */
  results: Map<string, ScoredTrajectory>;
  /** trajectoryKey → why the worker could not score it. */
  skipped: Map<string, InputError>;
  /** A load request went to the worker: whatever it had loaded is being replaced. */
  loadRequested: () => void;
  downloadProgressed: (files: FileProgress[]) => void;
  warmupStarted: () => void;
  modelReady: (model: LoadedModel) => void;
  runStarted: (total: number) => void;
  scoringProgressed: (p: Omit<ScoringProgress, 'total' | 'finished'>) => void;
  /** The worker is tokenizing a conversation of `chars` characters (no progress until it ends). */
  tokenizingStarted: (chars: number) => void;
  resultsArrived: (entries: [string, ScoredTrajectory][]) => void;
  /** A batch of a run: its results and the trajectories it could not score, committed together. */
  batchArrived: (scored: [string, ScoredTrajectory][], skipped: [string, InputError][]) => void;
  cancelRequested: () => void;
  /** `lastRun` when the worker answered `done`; a run that failed or was stopped has none. */
  runFinished: (lastRun?: LastRun) => void;
  /** The worker died; `retrying` says whether the client restarts it (its notice explains how). */
  workerFailed: (retrying: boolean) => void;
  /** Results read from IndexedDB: never overwrite a fresher in-memory one. */
  resultsRestored: (entries: [string, ScoredTrajectory][]) => void;
  /** The scoring identity changed, or the cache was cleared: forget the results in memory. */
  resultsCleared: () => void;
  /** These trajectories are to be scored again (a trajectory set aside after the page was killed on it). */
  skipsCleared: (keys: readonly string[]) => void;
  /** Only the max-tokens setting changed: these results stay valid under it (see carriedToCap); every other result and skip goes. */
  resultsCarried: (entries: [string, ScoredTrajectory][]) => void;
}

/** No results and no skips: what resultsCleared leaves, and what clearing the data leaves. */
export function noResults(): Pick<ScoringSlice, 'results' | 'skipped'> {
  return { results: new Map(), skipped: new Map() };
}

/** The results and skips without those of `keys` (records replaced by a re-dropped file). */
export function resultsWithout(s: Pick<ScoringSlice, 'results' | 'skipped'>, keys: ReadonlySet<string>): Pick<ScoringSlice, 'results' | 'skipped'> {
  return {
    results: new Map([...s.results].filter(([k]) => !keys.has(k))),
    skipped: new Map([...s.skipped].filter(([k]) => !keys.has(k))),
  };
}

/** The results without those built from imported per-token files (they draw heatmaps like any result, so they live here). */
export function resultsWithoutImports(s: Pick<ScoringSlice, 'results'>): Pick<ScoringSlice, 'results'> {
  return { results: new Map([...s.results].filter(([, r]) => !isImportedResult(r))) };
}

export const createScoringSlice: StateCreator<LensState, [], [], ScoringSlice> = (set) => ({
  workerStatus: 'none',
  downloads: [],
  loadedModel: null,
  runState: 'idle',
  progress: null,
  lastRun: null,
  results: new Map(),
  skipped: new Map(),
  loadRequested: () => set({ workerStatus: 'loading', downloads: [], loadedModel: null }),
  downloadProgressed: (files) => set({ workerStatus: 'downloading', downloads: files }),
  warmupStarted: () => set({ workerStatus: 'warming' }),
  modelReady: (model) => set({ workerStatus: 'ready', loadedModel: model }),
  runStarted: (total) =>
    set({ runState: 'running', progress: { total, finished: 0, doneTokens: 0, totalTokens: 0, tokensPerSecond: 0 } }),
  scoringProgressed: (p) => set((s) => (s.progress ? { progress: { ...s.progress, ...p, tokenizingChars: undefined } } : {})),
  tokenizingStarted: (chars) => set((s) => (s.progress ? { progress: { ...s.progress, tokenizingChars: chars } } : {})),
  resultsArrived: (entries) =>
    set((s) => ({
      results: new Map([...s.results, ...entries]),
      progress: s.progress && { ...s.progress, finished: s.progress.finished + entries.length },
    })),
  batchArrived: (scored, skipped) =>
    set((s) => ({
      ...(scored.length && { results: new Map([...s.results, ...scored]) }),
      ...(skipped.length && { skipped: new Map([...s.skipped, ...skipped]) }),
      progress: s.progress && { ...s.progress, finished: s.progress.finished + scored.length + skipped.length },
    })),
  cancelRequested: () => set({ runState: 'cancelling' }),
  runFinished: (lastRun) => set((s) => ({ runState: 'idle', progress: null, lastRun: lastRun ?? s.lastRun })),
  workerFailed: (retrying) => set({ workerStatus: retrying ? 'none' : 'failed', loadedModel: null, downloads: [] }),
  resultsRestored: (entries) =>
    set((s) => {
      const fresh = entries.filter(([k]) => !s.results.has(k));
      return fresh.length ? { results: new Map([...s.results, ...fresh]) } : {};
    }),
  resultsCleared: () => set(noResults()),
  skipsCleared: (keys) => set((s) => ({ skipped: new Map([...s.skipped].filter(([k]) => !keys.includes(k))) })),
  resultsCarried: (entries) => set({ ...noResults(), results: new Map(entries) }),
});
