import type * as Ort from 'onnxruntime-web';
import webgpuWasm from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import plainWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import { maxPositionsOf, type Student } from '../core/run/scoreTrajectories';
import { gqaRefusal } from '../core/score/decomposeGqa';
import { type Scorer, createOrtScorer } from '../core/score/ortScorer';
import { scoreConversation } from '../core/score/scoreConversation';
import type { ScoringDevice } from '../core/score/dtype';
import { type StudentFiles, type StudentRequest, readStudentFiles, studentTokenizer } from '../core/score/studentFiles';
import { MARKER_PRESETS } from '../core/tokenize/responseMarkers';
import { tokenizeContext, tokenizeTrajectory } from '../core/tokenize/tokenizeTrajectory';
import { type DeviceChoice, detectDevice } from './detectDevice';
import { StudentError } from '../core/score/studentError';
import { hubListing, modelFileGetter, modelListing, modelName } from './modelFiles';
import { DEVICE_LIMITS, type DeviceLimits } from '../core/score/deviceLimits';
import type { Dtype } from '../core/score/dtype';
import type { HubFileInfo } from '../core/score/hubRepo';
import type { Device, FileProgress, LoadRequest, TokenizerSource } from './protocol';

export interface LoadedStudent extends Student {
  scorer: Scorer;
  device: Device;
  dtype: Dtype;
  note?: string;
  /** Which ONNX file, how big (graph + external data) and why it was chosen. */
  files: Pick<StudentFiles, 'file' | 'bytes' | 'choice'>;
}

export interface LoadHooks {
  onDownload: (files: FileProgress[]) => void;
  onWarmup: () => void;
}

/**
 * Each device gets its own ONNX Runtime build (the WebGPU one is larger and slower on CPU), served
 * by the app itself so nothing is fetched from a CDN. Only one is ever loaded per worker: a device
 * fallback replaces the worker.
 */
async function loadOrt(device: Device): Promise<typeof Ort> {
  const ort = (device === 'webgpu' ? await import('onnxruntime-web/webgpu') : await import('onnxruntime-web/wasm')) as typeof Ort;
  ort.env.wasm.wasmPaths = { wasm: new URL(device === 'webgpu' ? webgpuWasm : plainWasm, self.location.href).href };
  // Threads need SharedArrayBuffer, i.e. a cross-origin isolated page (COOP/COEP headers).
  ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
  return ort;
}

/**
 * What the file choice needs: the asked dtype, or for 'auto' the device's preference (dtype.ts);
 * the folder's listing (a dropped folder, the Hub's tree API) with sizes where known; and what the
 * device holds, so a file that cannot fit is refused before it is downloaded.
 */
function studentRequest(request: LoadRequest, device: Device, hasF16: boolean, limits: DeviceLimits, hub: Map<string, HubFileInfo> | undefined): StudentRequest {
  const scoringDevice: ScoringDevice = device === 'webgpu' ? (hasF16 ? 'webgpu-f16' : 'webgpu') : 'wasm';
  // The bundled student ships fp32 only (its weights are fp16 inside, computed in fp32): auto asks
  // for that file directly rather than probe the app's own server for seven files it does not have.
  const dtype = isBundledAuto(request) ? 'fp32' : request.dtype;
  const sizes = request.model.kind === 'files' ? new Map(Object.entries(request.model.files).map(([p, f]) => [p, f.size])) : hub && new Map([...hub].map(([p, f]) => [p, f.size]));
  return {
    dtype,
    device: scoringDevice,
    listing: hub ? [...hub.keys()] : modelListing(request.model),
    sizes: sizes && rootRelative(sizes, modelListing(request.model)),
    limits,
    // A GroupQueryAttention WebGPU cannot compute exactly is refused before the weights download.
    refusal: device === 'webgpu' ? gqaRefusal : undefined,
  };
}

/** Auto for the bundled student: answered for the user with its one file (see studentRequest). */
const isBundledAuto = (request: LoadRequest) => request.dtype === 'auto' && request.model.kind === 'bundled';

/** A dropped folder's sizes keyed like its listing (relative to the folder holding config.json). */
function rootRelative(sizes: Map<string, number>, listing: string[] | undefined): Map<string, number> {
  if (!listing) return sizes;
  const out = new Map<string, number>();
  for (const [p, bytes] of sizes) {
    const rel = listing.find((l) => p === l || p.endsWith('/' + l));
    if (rel) out.set(rel, bytes);
  }
  return out;
}

/** Dtypes that compute in float16: WebGPU runs them only where the adapter has `shader-f16`. */
const FLOAT16_DTYPES: readonly Dtype[] = ['fp16', 'q4f16'];

/**
 * A float16 dtype asked for on an adapter without shader-f16 is refused before anything is
 * downloaded: WebGPU cannot compute it, and switching device or dtype silently would change the
 * numbers. The app offers WASM instead (StudentError kind 'device').
 */
function refuseFloat16(request: LoadRequest, detected: DeviceChoice): void {
  if (detected.device !== 'webgpu' || detected.hasF16 || request.dtype === 'auto' || !FLOAT16_DTYPES.includes(request.dtype)) return;
  throw new StudentError(
    `${request.dtype} computes in float16 and this WebGPU adapter${detected.adapter ? ` (${detected.adapter})` : ''} has no shader-f16, so WebGPU cannot score it: score it on WASM, or pick q4 (or auto) for WebGPU`,
    'device',
  );
}

export async function loadStudent(request: LoadRequest & { model: TokenizerSource }, hooks: LoadHooks): Promise<LoadedStudent> {
  const detected = await detectDevice(request.device);
  refuseFloat16(request, detected);
  const limits: DeviceLimits = { ...DEVICE_LIMITS[detected.device], ...(detected.maxBufferBytes && { maxTensorBytes: detected.maxBufferBytes }) };
  const [files, ort] = await Promise.all([
    (async () => {
      // The Hub's file list: the dtype choice, the size checks before download, and each download verified against it.
      const hub = request.model.kind === 'hub' ? await hubListing(request.model) : undefined;
      return readStudentFiles(modelFileGetter(request.model, hooks.onDownload, limits, hub), studentRequest(request, detected.device, detected.hasF16, limits, hub));
    })(),
    loadOrt(detected.device),
  ]);
  const device = detected.device;
  const note = detected.note;
  hooks.onWarmup();
  const tokenizer = studentTokenizer(files);
  const scorer = await createOrtScorer(ort, files.modelBytes, {
    config: files.config,
    file: files.file,
    // WebGPU: RoPE's Cos/Sin and GroupQueryAttention as ops WGSL computes exactly (accurateTrig.ts,
    // decomposeGqa.ts); a GQA that cannot be rewritten is refused for WebGPU (StudentError 'device').
    accurateTrig: device === 'webgpu',
    decomposeAttention: device === 'webgpu' && (request.attention ?? 'rewrite') === 'rewrite',
    sharedKvBuffer:
      device === 'webgpu' && request.attention === 'shared-buffer'
        ? { tokens: maxPositionsOf(files.config) || 4096, createBuffer: async (bytes) => gpuBuffer(ort, bytes) }
        : undefined,
    maxBufferBytes: device === 'webgpu' ? detected.maxBufferBytes : undefined,
    // WebGPU has no Scan kernel, and its batches are not checked: one conversation per call there.
    rowLoop: device !== 'webgpu',
    cacheOnGpu: device === 'webgpu',
    batch: device === 'wasm' ? { padTo: 4 } : undefined,
    externalData: files.externalData,
    sessionOptions: { executionProviders: [device], graphOptimizationLevel: 'all' },
  });
  await warmUp(tokenizer, scorer);
  const fallback = scorer.fallbackReason ? `scoring in JavaScript: ${scorer.fallbackReason}` : undefined;
  return {
    name: modelName(request.model),
    dtype: files.dtype,
    device,
    file: files.file,
    tokenizer,
    scorer,
    // The file was asked for on the user's behalf: say auto chose it, not "asked for fp32" while Dtype reads Auto.
    files: { file: files.file, bytes: files.bytes, choice: isBundledAuto(request) ? 'auto: the bundled student ships one file, fp32' : files.choice },
    maxPositions: maxPositionsOf(files.config),
    note: [note, fallback].filter(Boolean).join('; ') || undefined,
  };
}

/** A zeroed storage buffer on ONNX Runtime's own GPU device (bench:webgpu's shared-buffer cache). */
async function gpuBuffer(ort: typeof Ort, bytes: number): Promise<unknown> {
  const device = (await ort.env.webgpu.device) as unknown as { createBuffer(d: { size: number; usage: number }): unknown };
  // GPUBufferUsage.STORAGE | COPY_SRC | COPY_DST
  return device.createBuffer({ size: Math.ceil(bytes / 16) * 16, usage: 0x80 | 0x04 | 0x08 });
}

/** One tiny conversation through the real path: compiles WebGPU shaders and fails early, before `ready`. */
async function warmUp(tokenizer: Student['tokenizer'], scorer: Scorer): Promise<void> {
  const markers = (() => {
    try {
      return tokenizeContext(tokenizer, MARKER_PRESETS.qwen);
    } catch {
      return tokenizeContext(tokenizer, MARKER_PRESETS.llama3);
    }
  })();
  const t = tokenizeTrajectory(markers, [
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello' },
  ]);
  const positions = t.respPositions.length ? t.respPositions : [t.inputIds.length - 1];
  await scoreConversation(t.inputIds, positions, scorer.forward, { chunkLength: 64, k: scorer.topK });
}
