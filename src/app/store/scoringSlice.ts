import type { StateCreator } from 'zustand';
import type { RunStats } from '../../core/run/scoreTrajectories';
import type { InputError, ScoredTrajectory, ScoringPath } from '../../core/types';
import type { Device, Dtype, FileProgress } from '../../worker/protocol';
import type { LensState } from './useLensStore';

/** What the model worker is doing, as far as the page knows. */
export type WorkerStatus = 'none' | 'loading' | 'downloading' | 'warming' | 'ready' | 'failed';
export type RunState = 'idle' | 'running' | 'cancelling';

/** The student the current worker has loaded (from its `ready` event). */
export interface LoadedModel {
  model: string;
  device: Device;
  dtype: Dtype;
  path: ScoringPath;
}

/** Progress of the current run, for the progress bar. */
export interface ScoringProgress {
  /** Trajectories in this run (the unscored rest when it started). */
  total: number;
  /** Of those, scored or skipped so far. */
  finished: number;
  /** Token counts of the worker's current request; they restart after a worker restart. */
  doneTokens: number;
  totalTokens: number;
  tokensPerSecond: number;
}

/** What the last finished run scored and how fast, as its worker measured it. */
export interface LastRun extends RunStats {
  device: string;
  cancelled: boolean;
}

/** A message to the user: fallbacks, failures, cache actions. */
export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  text: string;
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
  notices: Notice[];
  /** A load request went to the worker: whatever it had loaded is being replaced. */
  loadRequested: () => void;
  downloadProgressed: (files: FileProgress[]) => void;
  warmupStarted: () => void;
  modelReady: (model: LoadedModel, note?: string) => void;
  runStarted: (total: number) => void;
  scoringProgressed: (p: Pick<ScoringProgress, 'doneTokens' | 'totalTokens' | 'tokensPerSecond'>) => void;
  resultsArrived: (entries: [string, ScoredTrajectory][]) => void;
  trajectorySkipped: (key: string, error: InputError) => void;
  cancelRequested: () => void;
  /** `lastRun` when the worker answered `done`; a run that failed or was stopped has none. */
  runFinished: (lastRun?: LastRun) => void;
  /** The worker died; `retrying` says whether the client restarts it (the message explains how). */
  workerFailed: (message: string, retrying: boolean) => void;
  /** Results read from IndexedDB: never overwrite a fresher in-memory one. */
  resultsRestored: (entries: [string, ScoredTrajectory][]) => void;
  /** The scoring identity changed, or the cache was cleared: forget the results in memory. */
  resultsCleared: () => void;
  noticeAdded: (level: Notice['level'], text: string) => void;
  noticeDismissed: (id: number) => void;
}

let noticeId = 0;
/** Older notices drop off: after a few fallbacks only the latest story matters. */
const MAX_NOTICES = 5;
const withNotice = (notices: Notice[], level: Notice['level'], text: string): Notice[] => [...notices, { id: ++noticeId, level, text }].slice(-MAX_NOTICES);

export const createScoringSlice: StateCreator<LensState, [], [], ScoringSlice> = (set) => ({
  workerStatus: 'none',
  downloads: [],
  loadedModel: null,
  runState: 'idle',
  progress: null,
  lastRun: null,
  results: new Map(),
  skipped: new Map(),
  notices: [],
  loadRequested: () => set({ workerStatus: 'loading', downloads: [], loadedModel: null }),
  downloadProgressed: (files) => set({ workerStatus: 'downloading', downloads: files }),
  warmupStarted: () => set({ workerStatus: 'warming' }),
  modelReady: (model, note) =>
    set((s) => ({
      workerStatus: 'ready',
      loadedModel: model,
      notices: note ? withNotice(s.notices, 'info', note) : s.notices,
    })),
  runStarted: (total) =>
    set({ runState: 'running', progress: { total, finished: 0, doneTokens: 0, totalTokens: 0, tokensPerSecond: 0 } }),
  scoringProgressed: (p) => set((s) => (s.progress ? { progress: { ...s.progress, ...p } } : {})),
  resultsArrived: (entries) =>
    set((s) => ({
      results: new Map([...s.results, ...entries]),
      progress: s.progress && { ...s.progress, finished: s.progress.finished + entries.length },
    })),
  trajectorySkipped: (key, error) =>
    set((s) => ({
      skipped: new Map(s.skipped).set(key, error),
      progress: s.progress && { ...s.progress, finished: s.progress.finished + 1 },
    })),
  cancelRequested: () => set({ runState: 'cancelling' }),
  runFinished: (lastRun) => set((s) => ({ runState: 'idle', progress: null, lastRun: lastRun ?? s.lastRun })),
  workerFailed: (message, retrying) =>
    set((s) => ({
      workerStatus: retrying ? 'none' : 'failed',
      loadedModel: null,
      downloads: [],
      notices: withNotice(s.notices, retrying ? 'warning' : 'error', message),
    })),
  resultsRestored: (entries) =>
    set((s) => {
      const fresh = entries.filter(([k]) => !s.results.has(k));
      return fresh.length ? { results: new Map([...s.results, ...fresh]) } : {};
    }),
  resultsCleared: () => set({ results: new Map(), skipped: new Map() }),
  noticeAdded: (level, text) => set((s) => ({ notices: withNotice(s.notices, level, text) })),
  noticeDismissed: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
});
