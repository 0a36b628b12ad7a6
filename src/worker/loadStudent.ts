import type * as Ort from 'onnxruntime-web';
import webgpuWasm from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import plainWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import { maxPositionsOf, type Student } from '../core/run/scoreTrajectories';
import { createOrtScorer } from '../core/score/ortScorer';
import { scoreConversation } from '../core/score/scoreConversation';
import type { ScoringDevice } from '../core/score/dtype';
import { type StudentFiles, type StudentRequest, readStudentFiles, studentTokenizer } from '../core/score/studentFiles';
import { MARKER_PRESETS } from '../core/tokenize/responseMarkers';
import { tokenizeContext, tokenizeTrajectory } from '../core/tokenize/tokenizeTrajectory';
import { detectDevice } from './detectDevice';
import { hubListing, modelFileGetter, modelListing, modelName } from './modelFiles';
import { DEVICE_LIMITS, type DeviceLimits } from '../core/score/deviceLimits';
import type { Dtype } from '../core/score/dtype';
import type { Device, FileProgress, LoadRequest } from './protocol';

export interface LoadedStudent extends Student {
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
async function studentRequest(request: LoadRequest, device: Device, hasF16: boolean, limits: DeviceLimits): Promise<StudentRequest> {
  const scoringDevice: ScoringDevice = device === 'webgpu' ? (hasF16 ? 'webgpu-f16' : 'webgpu') : 'wasm';
  // The bundled student ships fp32 only (its weights are fp16 inside, computed in fp32): auto asks
  // for that file directly rather than probe the app's own server for seven files it does not have.
  const dtype = isBundledAuto(request) ? 'fp32' : request.dtype;
  const hub = request.model.kind === 'hub' ? await hubListing(request.model) : undefined;
  const sizes = request.model.kind === 'files' ? new Map(Object.entries(request.model.files).map(([p, f]) => [p, f.size])) : hub?.sizes;
  return { dtype, device: scoringDevice, listing: hub?.paths ?? modelListing(request.model), sizes: sizes && rootRelative(sizes, modelListing(request.model)), limits };
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

/**
 * GroupQueryAttention on WebGPU is not trusted: on SwiftShader it gave surprisals up to 4.5 nats off
 * the CPU's at some positions of a short conversation, where the same model with plain attention
 * agreed within 3e-5 (e2e/layoutsWebgpu.spec.ts). Such models score on WASM instead, and say so.
 */
const UNTRUSTED_ON_WEBGPU = ['GroupQueryAttention'];

export async function loadStudent(request: LoadRequest, hooks: LoadHooks): Promise<LoadedStudent> {
  const detected = await detectDevice(request.device);
  const limits: DeviceLimits = { ...DEVICE_LIMITS[detected.device], ...(detected.maxBufferBytes && { maxTensorBytes: detected.maxBufferBytes }) };
  const [files, ort] = await Promise.all([
    studentRequest(request, detected.device, detected.hasF16, limits).then((r) => readStudentFiles(modelFileGetter(request.model, hooks.onDownload, limits), r)),
    loadOrt(detected.device),
  ]);
  // The WebGPU build of ONNX Runtime also runs the WASM (CPU) provider, so no reload is needed.
  const untrusted = detected.device === 'webgpu' ? UNTRUSTED_ON_WEBGPU.filter((op) => files.layout.ops.includes(op)) : [];
  const device: Device = untrusted.length ? 'wasm' : detected.device;
  const note = untrusted.length
    ? `${untrusted.join(', ')} gives wrong numbers on WebGPU (measured on SwiftShader): scoring ${files.file} on WASM`
    : detected.note;
  hooks.onWarmup();
  const tokenizer = studentTokenizer(files);
  const scorer = await createOrtScorer(ort, files.modelBytes, {
    config: files.config,
    file: files.file,
    accurateTrig: device === 'webgpu',
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

/** One tiny conversation through the real path: compiles WebGPU shaders and fails early, before `ready`. */
async function warmUp(tokenizer: Student['tokenizer'], scorer: Student['scorer']): Promise<void> {
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
