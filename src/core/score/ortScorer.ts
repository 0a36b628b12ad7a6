import type * as Ort from 'onnxruntime-common';
import { replaceTrigOps } from './accurateTrig';
import { decomposeGroupQueryAttention } from './decomposeGqa';
import { type ChunkMemory, chunkMemory } from './chunkLength';
import { type LayoutInfo, describeLayout } from './describeLayout';
import { type ExternalDataFile, pointWeightsAtFile } from './externalData';
import { float32Slice } from './float16';
import { type ModelProto, decodeModel, encodeModel } from './onnxGraph';
import { type ModelSignature, modelSignature } from './modelSignature';
import { type RowScore, reduceLogits } from './reduceLogits';
import type { BatchRequest, ChunkRequest, ChunkResult, ForwardBatch, ForwardChunk } from './scoreConversation';
import type { ScoringPath } from '../types';
import { StudentError } from './studentError';
import { SCORING_IO, UnsupportedGraphError, transformModel } from './transformGraph';

export type OrtModule = Pick<typeof Ort, 'InferenceSession' | 'Tensor'>;
export type Cache = Record<string, Ort.Tensor>;

/**
 * Makes a session from an encoded graph and the files its weights are in. The default hands
 * in-memory files to ONNX Runtime; the CLI's (nodeSession.ts) lets the runtime open files on disk.
 */
export type SessionFactory = (graph: Uint8Array, externalData: readonly ExternalDataFile[], options: Ort.InferenceSession.SessionOptions) => Promise<Ort.InferenceSession>;

/** The runtime's own loader: every external file must be in memory. */
export function inMemorySession(ort: OrtModule): SessionFactory {
  return (graph, externalData, options) => {
    const missing = externalData.find((d) => !d.data);
    if (missing) throw new Error(`${missing.path} is not in memory, and this runtime reads external data from memory only`);
    return ort.InferenceSession.create(graph, { ...options, externalData: externalData.map((d) => ({ path: d.path, data: d.data! })) });
  };
}

export interface ScorerOptions {
  /** Session options for this runtime (execution providers, threads…). */
  sessionOptions?: Ort.InferenceSession.SessionOptions;
  /** config.json of the model, used where the graph leaves shapes symbolic. */
  config?: Record<string, any>;
  topK?: number;
  /** 'auto' tries the in-graph path and falls back to JS; 'js' forces the plain path (tests, debugging). */
  path?: 'auto' | ScoringPath;
  /**
   * Compute the graph's Cos/Sin (RoPE) from exactly rounded arithmetic (accurateTrig.ts): for
   * WebGPU, whose sin/cos are only loosely bounded. CPU runtimes keep their libm.
   */
  accurateTrig?: boolean;
  /**
   * Rewrite com.microsoft.GroupQueryAttention into standard ops (decomposeGqa.ts): for WebGPU, whose
   * GQA kernel is off on a cache that grows chunk by chunk. A GQA the rewrite cannot express exactly
   * is refused with a StudentError of kind 'device'.
   */
  decomposeAttention?: boolean;
  /** The ONNX file's path, named in every error about it. */
  file?: string;
  /** The files the graph keeps its weights in (StudentFiles.externalData). */
  externalData?: readonly ExternalDataFile[];
  /** Where the model's bytes are on disk (StudentFiles.modelDiskPath): weights inside the graph are read from there. */
  modelDiskPath?: string;
  /** How sessions are made (default: inMemorySession). */
  createSession?: SessionFactory;
  /**
   * Measurement only (bench:webgpu): feed a GroupQueryAttention model's cache as ONNX Runtime GenAI
   * does — one GPU buffer of `tokens` positions per past_key_values.*, bound as both the past input
   * and the present output, its valid length in seqlens_k — with `createBuffer` making the buffers.
   */
  sharedKvBuffer?: { tokens: number; createBuffer: (bytes: number) => Promise<unknown> };
  /** WebGPU: the adapter's largest buffer; chunks are cut so that no tensor of a call exceeds it (chunkLength.ts). */
  maxBufferBytes?: number;
  /** Reduce scored rows in a Scan (transformGraph.ts; default) — not on WebGPU, which has no Scan kernel. */
  rowLoop?: boolean;
  /** WebGPU: keep present.* on the GPU (`preferredOutputLocation: 'gpu-buffer'`) and feed them back as the next chunk's past. */
  cacheOnGpu?: boolean;
  /**
   * Offer `forwardBatch` (several short conversations per call), for runtimes whose kernels give
   * each batch row the numbers it gets alone. onnxruntime-node on the CPU does, whatever the widths
   * (`padTo: 1`; tested to the bit in batchScoring.test.ts). onnxruntime-web's WASM build computes
   * the rows of a matrix product in blocks of 4 and the rows left over with another kernel (39 of
   * 3,815 surprisals moved by up to 1e-5 when batched), so there every call is fed a multiple of 4
   * positions (`padTo: 4`), alone or batched. Never for q8 or float16 layouts.
   */
  batch?: { padTo: number };
}

/** An ONNX model run here, chunk by chunk (a server scores whole conversations instead: serverScorer.ts). */
export interface Scorer {
  kind: 'onnx';
  forward: ForwardChunk<Cache>;
  /**
   * Several short conversations per call, when the runtime gives each the same numbers as alone
   * and the layout's numbers do not depend on their neighbours (not q8: its activation scale is
   * taken over the whole batch); calls are fed a multiple of `batchPadTo` positions.
   */
  forwardBatch?: ForwardBatch;
  batchPadTo?: number;
  path: Exclude<ScoringPath, 'server'>;
  /** Why the graph path was not used, when it was not. */
  fallbackReason?: string;
  signature: ModelSignature;
  /** What the graph is made of, and why its numbers are approximate when they are. */
  layout: LayoutInfo;
  /** What a forward call costs in memory per position (chunkLength.ts). */
  memory: ChunkMemory;
  topK: number;
  release(): Promise<void>;
}

/**
 * Build the chunk scorer for an ONNX causal LM on any ONNX Runtime (onnxruntime-node in the CLI,
 * onnxruntime-web in the worker: the module is passed in so this file stays runtime-agnostic).
 * The model is rewritten to score in-graph (see transformGraph.ts). When the rewrite is refused or
 * the runtime rejects it, the untouched model runs and its logits are reduced in JavaScript: the
 * same numbers (both paths are tested to agree on every layout), reported as `path: 'js'` with the
 * reason. Layouts that neither path can score are refused with a StudentError.
 */
export async function createOrtScorer(ort: OrtModule, modelBytes: Uint8Array, options: ScorerOptions = {}): Promise<Scorer> {
  try {
    return await createScorer(ort, modelBytes, options);
  } catch (err) {
    if (err instanceof StudentError && options.file) throw new StudentError(`${options.file}: ${err.message}`, err.kind);
    throw err;
  }
}

async function createScorer(ort: OrtModule, modelBytes: Uint8Array, options: ScorerOptions): Promise<Scorer> {
  const topK = options.topK ?? 5;
  const original = decodeModel(modelBytes);
  const layout = describeLayout(original);
  const signature = modelSignature(original, options.config);
  const want = options.path ?? 'auto';
  const decode = () => {
    const model = decodeModel(modelBytes);
    if (options.accurateTrig) replaceTrigOps(model);
    if (options.decomposeAttention) decomposeGroupQueryAttention(model, options.config);
    return model;
  };
  const createSession = options.createSession ?? inMemorySession(ort);
  // The graph is encoded again without its weights: large initializers inside it are read from the
  // original file's bytes (externalData.ts), so no second copy of them is ever made.
  const sessionOf = (model: ModelProto) => {
    const name = (options.file ?? 'model.onnx').split('/').pop()!;
    const moved = pointWeightsAtFile(model, name, modelBytes);
    const self: ExternalDataFile[] = moved ? [{ path: name, bytes: modelBytes.length, data: modelBytes, diskPath: options.modelDiskPath }] : [];
    // On WebGPU the KV cache stays on the GPU between chunks: present.* are handed back as GPU
    // buffers and fed in again as past_key_values.*, never copied to JavaScript and back.
    const sessionOptions = options.cacheOnGpu
      ? { ...options.sessionOptions, preferredOutputLocation: Object.fromEntries(signature.cache.map((kv) => [kv.present, 'gpu-buffer' as const])) }
      : (options.sessionOptions ?? {});
    return createSession(encodeModel(model), [...(options.externalData ?? []), ...self], sessionOptions);
  };
  const common = { kind: 'onnx' as const, signature, layout, topK, memory: chunkMemory(signature, options.config, options.maxBufferBytes) };
  // Not q8 (its activation scale is the batch's) nor float16 graphs (see transformGraph.ts, step 1).
  const isFloat16 = signature.logitsFloat16 || signature.cache.some((kv) => kv.float16);
  const canBatch = !!options.batch && !layout.approximate && !isFloat16;
  const batching = (forward: ForwardChunk<Cache>) => (canBatch ? { forwardBatch: asBatch(forward), batchPadTo: options.batch!.padTo } : {});
  let fallbackReason: string | undefined;
  if (want !== 'js') {
    try {
      const model = decode();
      const { rowBlock } = transformModel(model, { vocabSize: signature.vocabSize, topK, rowLoop: options.rowLoop, batched: canBatch });
      const session = await sessionOf(model);
      const kept = cacheKeeper();
      const forward = graphForward(ort, session, signature, rowBlock, kept, options.sharedKvBuffer && sharedBuffers(ort, signature, options.sharedKvBuffer));
      return { ...common, forward, ...batching(forward), path: 'graph', release: () => (kept.dispose(), session.release()) };
    } catch (err) {
      // A refusal is about the model, not the scoring graph: the plain path would refuse it too.
      if (want === 'graph' || err instanceof StudentError) throw err;
      fallbackReason = err instanceof UnsupportedGraphError ? err.message : `the runtime rejected the scoring graph: ${firstLine(err)}`;
    }
  }
  let session: Ort.InferenceSession;
  try {
    session = await sessionOf(decode());
  } catch (err) {
    if (err instanceof StudentError) throw err;
    // The untouched model does not run either: the runtime lacks a kernel, or the file is broken.
    throw new StudentError(`ONNX Runtime cannot run this model (${layout.summary}): ${firstLine(err)}`, 'refused');
  }
  const kept = cacheKeeper();
  const forward = jsForward(ort, session, signature, topK, kept);
  return { ...common, forward, ...batching(forward), path: 'js', fallbackReason, release: () => (kept.dispose(), session.release()) };
}

/** ORT messages carry a stack-like tail after the first line; the first line names the op. */
function firstLine(err: unknown): string {
  return String(err instanceof Error ? err.message : err).split('\n')[0].replace(/^Error: /, '');
}

function int64(ort: OrtModule, values: ArrayLike<number>, dims: number[]): Ort.Tensor {
  const data = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = BigInt(values[i]);
  return new ort.Tensor('int64', data, dims);
}

/**
 * input_ids, attention_mask over past + chunk, position_ids and the cache (empty on the first
 * chunk), for one conversation or for a batch of equal-width rows (`batch` > 1, flattened ids).
 */
export function modelFeeds(ort: OrtModule, sig: ModelSignature, req: ChunkRequest<Cache>, batch = 1): Record<string, Ort.Tensor> {
  const c = req.ids.length / batch;
  const feeds: Record<string, Ort.Tensor> = {
    input_ids: int64(ort, req.ids, [batch, c]),
    // Every position is attended to: right padding comes after the real tokens, and attention is causal.
    attention_mask: new ort.Tensor('int64', new BigInt64Array(batch * (req.start + c)).fill(1n), [batch, req.start + c]),
  };
  if (sig.hasPositionIds) feeds.position_ids = int64(ort, Array.from({ length: batch * c }, (_, i) => req.start + (i % c)), [batch, c]);
  for (const k of sig.constants) {
    feeds[k.name] = k.value === 'true' ? new ort.Tensor('bool', Uint8Array.of(1), k.dims) : new ort.Tensor('int64', BigInt64Array.of(0n), k.dims);
  }
  for (const kv of sig.cache) {
    const dims = [batch, ...kv.dims.slice(1)];
    feeds[kv.past] = req.cache?.[kv.past] ?? (kv.float16 ? new ort.Tensor('float16', new Uint16Array(0), dims) : new ort.Tensor('float32', new Float32Array(0), dims));
  }
  return feeds;
}

/**
 * The batch call on top of a chunk call: the rows laid end to end (batch row b at b · width), one
 * call from position 0. The chunk call reads the batch size from `ids` being longer than a row.
 */
function asBatch(forward: ForwardChunk<Cache>): ForwardBatch {
  return async (req: BatchRequest) => {
    const result = await (forward as BatchedForward)({ ids: req.ids.flat(), start: 0, rows: req.rows, labels: req.labels, cache: null }, req.ids.length);
    return result.rows;
  };
}

/** A chunk call that also takes `batch` equal-width rows flattened into `ids`. */
type BatchedForward = (req: ChunkRequest<Cache>, batch?: number) => Promise<ChunkResult<Cache>>;

export function nextCache(sig: ModelSignature, out: Record<string, Ort.Tensor>): Cache {
  const cache: Cache = {};
  for (const kv of sig.cache) cache[kv.past] = out[kv.present];
  return cache;
}

/**
 * GPU buffers are not garbage collected: once a chunk has consumed the cache it was fed, that cache
 * is released; the last one of a conversation when the next conversation starts (or the scorer is
 * released). CPU tensors are left to the garbage collector.
 */
function cacheKeeper() {
  let live: Cache | null = null;
  const release = (cache: Cache | null) => {
    for (const t of Object.values(cache ?? {})) if (t.location === 'gpu-buffer') t.dispose();
  };
  return {
    /** Before a call: a new conversation (no cache fed) frees the previous one's last cache. */
    before(fed: Cache | null) {
      if (!fed && live) release(live);
      if (!fed) live = null;
    },
    /** After a call: the fed cache is spent, the new one is live. */
    after(fed: Cache | null, next: Cache) {
      if (fed) release(fed);
      live = next;
    },
    dispose: () => {
      release(live);
      live = null;
    },
  };
}

/**
 * GenAI's way of feeding a GroupQueryAttention cache (bench:webgpu measures it): one GPU buffer per
 * past_key_values.* of a fixed number of positions, fed as the past and bound as the present, so
 * the kernel sees past and present share a buffer and writes the new keys in place.
 */
function sharedBuffers(ort: OrtModule, sig: ModelSignature, o: NonNullable<ScorerOptions['sharedKvBuffer']>) {
  let tensors: Promise<Cache> | undefined;
  return () =>
    (tensors ??= (async () => {
      const out: Cache = {};
      for (const kv of sig.cache) {
        const dims = [1, kv.dims[1], o.tokens, kv.dims[3]];
        const bytes = dims.reduce((n, d) => n * d, 1) * (kv.float16 ? 2 : 4);
        const buffer = await o.createBuffer(bytes);
        out[kv.past] = (ort.Tensor as unknown as { fromGpuBuffer: (b: unknown, o: { dataType: string; dims: number[] }) => Ort.Tensor }).fromGpuBuffer(buffer, { dataType: kv.float16 ? 'float16' : 'float32', dims });
      }
      return out;
    })());
}

function graphForward(ort: OrtModule, session: Ort.InferenceSession, sig: ModelSignature, rowBlock: number, cache = cacheKeeper(), shared?: () => Promise<Cache>): BatchedForward {
  const scores = [SCORING_IO.surprisal, SCORING_IO.greater, SCORING_IO.entropy, SCORING_IO.topLogProbs, SCORING_IO.topIds];
  const fetches = [...scores, ...sig.cache.map((kv) => kv.present)];
  return async (req, batch = 1): Promise<ChunkResult<Cache>> => {
    if (!shared) cache.before(req.cache);
    // A chunk with nothing to score still has to run (it fills the cache); score row 0 and drop it.
    // The row loop takes rows in blocks: pad with copies of the last row, whose scores are dropped.
    const rows = req.rows.length ? [...req.rows] : [0];
    const labels = req.rows.length ? [...req.labels] : [0];
    while (rows.length % rowBlock) {
      rows.push(rows.at(-1)!);
      labels.push(labels.at(-1)!);
    }
    const feeds = modelFeeds(ort, sig, req, batch);
    feeds[SCORING_IO.positions] = int64(ort, rows, [rows.length]);
    feeds[SCORING_IO.labels] = int64(ort, labels, [labels.length]);
    let out: Record<string, Ort.Tensor>;
    if (shared) {
      // The same tensors in and out: the kernel appends in place, nothing to release between chunks.
      const buffers = await shared();
      for (const kv of sig.cache) feeds[kv.past] = buffers[kv.past];
      const bound = Object.fromEntries([...scores.map((n) => [n, null]), ...sig.cache.map((kv) => [kv.present, buffers[kv.past]])]);
      out = await session.run(feeds, bound as Ort.InferenceSession.FetchesType as never);
    } else out = await session.run(feeds, fetches);
    const next = nextCache(sig, out);
    if (!shared) cache.after(req.cache, next);
    const surprisal = out[SCORING_IO.surprisal].data as Float32Array;
    const greater = out[SCORING_IO.greater].data as Float32Array;
    const entropy = out[SCORING_IO.entropy].data as Float32Array;
    const topLogProbs = out[SCORING_IO.topLogProbs].data as Float32Array;
    const topIds = out[SCORING_IO.topIds].data as BigInt64Array;
    const k = out[SCORING_IO.topIds].dims.at(-1)!;
    const scored: RowScore[] = req.rows.map((_, j) => ({
      surprisal: surprisal[j],
      greater: greater[j],
      entropy: entropy[j],
      topIds: Array.from(topIds.subarray(j * k, (j + 1) * k), Number),
      topLogProbs: Array.from(topLogProbs.subarray(j * k, (j + 1) * k)),
    }));
    return { rows: scored, cache: next };
  };
}

function jsForward(ort: OrtModule, session: Ort.InferenceSession, sig: ModelSignature, k: number, cache = cacheKeeper()): BatchedForward {
  const fetches = ['logits', ...sig.cache.map((kv) => kv.present)];
  return async (req, batch = 1): Promise<ChunkResult<Cache>> => {
    cache.before(req.cache);
    // Rows of a batch are laid end to end in the logits as in the ids: row b · width + r.
    const out = await session.run(modelFeeds(ort, sig, req, batch), fetches);
    const next = nextCache(sig, out);
    cache.after(req.cache, next);
    const v = sig.vocabSize;
    // float16 logits arrive as raw bits: decode each scored row (read as numbers they are garbage).
    const rows = req.rows.map((r, j) => reduceLogits(float32Slice(out.logits.data, r * v, (r + 1) * v), req.labels[j], k));
    return { rows, cache: next };
  };
}
