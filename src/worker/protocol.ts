/**
 * The one message protocol between the app and the model worker.
 * Both sides import this file; each side's `switch` ends in an exhaustive `never` check.
 * The worker never touches the DOM; the app never touches the model.
 */
import type { EtaEstimate } from '../core/run/etaEstimator';
import type { RunProgress, RunStats, ScoreSettings } from '../core/run/scoreTrajectories';
import type { ChunkMemory } from '../core/score/chunkLength';
import type { Dtype } from '../core/score/dtype';
import type { ServerInfo } from '../core/score/serverClient';
import type { TemplateMode } from '../core/tokenize/responseMarkers';
import type { TrajectoryLength } from '../core/tokenize/trajectoryLength';
import type { InputError, Provenance, ScoredTrajectory, ScoringPath, TokenizedTrajectory, Trajectory } from '../core/types';

/** Where the student comes from. */
export type ModelSource =
  /** The embedded default student served by the app (`public/models/<name>/`). */
  | { kind: 'bundled'; name: string }
  /** A Hugging Face Hub model id (the only case that touches the network). */
  | { kind: 'hub'; id: string; revision?: string }
  /**
   * A folder the user dropped: relative path → its file (config, tokenizer, onnx/*.onnx). Files,
   * not their bytes: posted to the worker by reference, read there only when chosen.
   */
  | { kind: 'files'; name: string; files: Record<string, Blob> }
  /**
   * A server that scores (vLLM, or `rsr-lens serve`), reached from the worker: the model runs
   * there, its tokenizer (and chat template) here, from `tokenizer`. The key is not part of it
   * (LoadRequest.apiKey): a source is named in cache keys, a key never is.
   */
  | { kind: 'server'; url: string; tokenizer: TokenizerSource };

/** Where a server student's tokenizer is read from: the bundled student, a Hub id or a dropped folder. */
export type TokenizerSource = Exclude<ModelSource, { kind: 'server' }>;

export type Device = 'webgpu' | 'wasm';

export interface LoadRequest {
  type: 'load';
  model: ModelSource;
  /** 'auto' picks WebGPU when a real adapter exists, else WASM. */
  device: Device | 'auto';
  dtype: Dtype | 'auto';
  /**
   * WebGPU, GroupQueryAttention students: how attention runs. 'rewrite' (the default) is the
   * standard-ops rewrite (decomposeGqa.ts), the one that gives the WASM numbers. The others are
   * kept to measure the alternatives (npm run bench:webgpu, `?gqa=` in the URL): ONNX Runtime's
   * kernel on a cache that grows chunk by chunk ('kernel'), or fed as GenAI feeds it, one static
   * buffer shared by past and present ('shared-buffer').
   */
  attention?: AttentionMode;
  /** For a server: sent as `Authorization: Bearer …`; held in memory only. */
  apiKey?: string;
}

/**
 * Ask a server what it serves (GET /v1/models, /version): answered by one `serverChecked` event
 * with the same requestId. No model is loaded.
 */
export interface CheckServerRequest {
  type: 'checkServer';
  requestId: number;
  url: string;
  apiKey?: string;
}

export type AttentionMode = 'rewrite' | 'kernel' | 'shared-buffer';
export const ATTENTION_MODES: readonly AttentionMode[] = ['rewrite', 'kernel', 'shared-buffer'];

export interface ScoreRequest {
  type: 'score';
  /** Echoed in every event of this run. */
  runId: number;
  trajectories: Trajectory[];
  settings: ScoreSettings;
  /**
   * How many messages carry the trajectories: this one and `parts − 1` ScorePartRequests, in order
   * (1 when absent). Cloning 100 MB of conversations in one postMessage held the page for
   * seconds; in parts, each clone is a short task. The run starts once every part is in.
   */
  parts?: number;
}

/** The next trajectories of a ScoreRequest sent in parts. */
export interface ScorePartRequest {
  type: 'scorePart';
  runId: number;
  trajectories: Trajectory[];
}

export interface CancelRequest {
  type: 'cancel';
  runId: number;
}

/**
 * Tokenize trajectories with the student's tokenizer and chat template only (its weights are not
 * loaded): to lay per-token scores imported from elsewhere onto the student's tokens. Answered by
 * one `tokenized` event with the same requestId.
 */
export interface TokenizeRequest {
  type: 'tokenize';
  requestId: number;
  model: ModelSource;
  template: TemplateMode;
  /** As in ScoreSettings: truncate to this many tokens (0 = no limit). */
  maxTokens: number;
  trajectories: Trajectory[];
}

/** One trajectory's tokenization, or why it failed (the others still come back). */
export type TokenizeOutcome = { ok: true; tokens: TokenizedTrajectory } | { ok: false; reason: string };

/**
 * Count the tokens of trajectories with the student's tokenizer and chat template, weights not
 * loaded (like `tokenize`, without the token ids and offsets): the table's length column, before
 * anything is scored. Answered by one `counted` event with the same requestId.
 */
export interface CountRequest {
  type: 'count';
  requestId: number;
  model: ModelSource;
  template: TemplateMode;
  /** Only the messages travel: the rest of a record is not needed to count it. */
  conversations: Trajectory['messages'][];
}

/** One conversation's length, or why its template refused it (null: the rest are still counted). */
export type CountOutcome = TrajectoryLength | null;

export type WorkerRequest = LoadRequest | ScoreRequest | ScorePartRequest | CancelRequest | TokenizeRequest | CountRequest | CheckServerRequest;

/** Download progress of one model file (bytes), forwarded from the loader. */
export interface FileProgress {
  file: string;
  loaded: number;
  total: number;
}

export type WorkerEvent =
  | { type: 'progress'; stage: 'download'; files: FileProgress[] }
  | { type: 'progress'; stage: 'warmup' }
  | {
      type: 'ready';
      model: string;
      device: Device;
      dtype: Dtype;
      /** Whether scoring runs in the transformed graph or reduces logits in JavaScript. */
      path: ScoringPath;
      /** Why WebGPU was not used, when it was asked for or auto-detected but unavailable. */
      note?: string;
      /** The ONNX file scored with, relative to the model folder (e.g. `onnx/model_q4.onnx`). */
      file: string;
      /** How that file was chosen ("asked for q4", or the auto order for the device). */
      choice: string;
      /** Bytes of the graph plus its external data files. */
      bytes: number;
      /** The graph's distinctive ops, e.g. "MatMulNBits 4-bit, GroupQueryAttention, float16 IO". */
      layout: string;
      /** Why the numbers are approximate (q8's per-chunk activation scales); absent when exact. */
      approximate?: string;
      /** What a forward call costs in memory per position: the run panel shows the chunk lengths it gives (chunkLength.ts). */
      memory: ChunkMemory;
    }
  /** A server student is ready: the server answered, the tokenizer is loaded. */
  | { type: 'ready'; device: 'server'; model: string; dtype: string; path: 'server'; note?: string; server: ServerReady }
  /** `index` points into the request's trajectories; `eta`: time left in this request (etaEstimator), once a call was timed. */
  | ({ type: 'scoring'; runId: number; eta?: EtaEstimate } & Omit<RunProgress, 'work' | 'remaining'>)
  | { type: 'scored'; runId: number; index: number; result: ScoredTrajectory }
  /** A trajectory that could not be scored (e.g. no response tokens after truncation); the run goes on. */
  | { type: 'skipped'; runId: number; index: number; error: InputError }
  /** `stats` covers this worker's part of the run: a restarted worker starts counting again. */
  | { type: 'done'; runId: number; cancelled: boolean; provenance: Provenance; stats: RunStats }
  /** Answer to `checkServer`: what the server said about itself, or why it could not be asked. */
  | { type: 'serverChecked'; requestId: number; info?: ServerInfo; error?: string }
  /** Answer to `tokenize`: one outcome per trajectory, in order; `error` (and no outcomes) when the tokenizer could not be loaded. */
  | { type: 'tokenized'; requestId: number; outcomes: TokenizeOutcome[]; error?: string }
  /** Answer to `count`: one outcome per conversation, in order; `error` (and no outcomes) when the tokenizer could not be loaded. */
  | { type: 'counted'; requestId: number; outcomes: CountOutcome[]; error?: string }
  /**
   * Fatal for this worker: the app replaces it (WebGPU → WASM → smaller chunk) and keeps scored
   * results. `isFinal`: the same request fails the same way on any device and chunk (a chat
   * template past its limits), so no restart is tried.
   */
  | {
      type: 'error';
      runId?: number;
      message: string;
      stage: 'load' | 'score';
      isFinal?: boolean;
      /**
       * The student cannot be scored exactly on this device (WebGPU: a float16 dtype without
       * shader-f16, a GroupQueryAttention the rewrite cannot express), though WASM scores it: the
       * app offers WASM and never switches by itself.
       */
      refusedOn?: Device;
    }
  /** Sent every HEARTBEAT_MS while the worker's event loop turns, once it holds its life lock (see modelWorker.ts). */
  | { type: 'heartbeat' }
  /**
   * The worker starts tokenizing a conversation of `chars` characters (from LONG_RENDER_CHARS on):
   * one synchronous call, during which no heartbeat can be sent. The page's watchdog allows for it.
   */
  | { type: 'tokenizing'; runId: number; chars: number };

/** What the run panel shows of a server student (its `ready` event). */
export interface ServerReady {
  url: string;
  /** `vllm 0.10.2`: the engine and its /version. */
  engine: string;
  maxModelLen?: number;
  /** What a result's rank means (promptLogprobs.ts). */
  rankSemantics: string;
  /** Where the tokenizer was read from, in words. */
  tokenizer: string;
  /** The ONNX file, when rsr-lens serve says. */
  file?: string;
}

/** How often a worker says it is alive. */
export const HEARTBEAT_MS = 1000;

export function assertNever(x: never): never {
  throw new Error(`unexpected message: ${JSON.stringify(x)}`);
}
