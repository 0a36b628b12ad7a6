import type * as Ort from 'onnxruntime-web';
import webgpuWasm from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import plainWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import { maxPositionsOf, type Student } from '../core/run/scoreTrajectories';
import { createOrtScorer } from '../core/score/ortScorer';
import { scoreConversation } from '../core/score/scoreConversation';
import { readStudentFiles } from '../core/score/studentFiles';
import { MARKER_PRESETS } from '../core/tokenize/responseMarkers';
import { createStudentTokenizer } from '../core/tokenize/studentTokenizer';
import { tokenizeContext, tokenizeTrajectory } from '../core/tokenize/tokenizeTrajectory';
import { detectDevice } from './detectDevice';
import { modelFileGetter, modelName } from './modelFiles';
import type { Device, Dtype, FileProgress, LoadRequest } from './protocol';

export interface LoadedStudent extends Student {
  device: Device;
  dtype: Dtype;
  note?: string;
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

function chooseDtype(request: LoadRequest, device: Device, hasF16: boolean): Dtype {
  if (request.dtype !== 'auto') return request.dtype;
  // The bundled student ships fp32 only (its weights are fp16 inside, computed in fp32).
  if (request.model.kind !== 'hub') return 'fp32';
  if (device === 'webgpu') return hasF16 ? 'fp16' : 'fp32';
  return 'q8';
}

export async function loadStudent(request: LoadRequest, hooks: LoadHooks): Promise<LoadedStudent> {
  const { device, hasF16, note } = await detectDevice(request.device);
  const dtype = chooseDtype(request, device, hasF16);
  const [files, ort] = await Promise.all([readStudentFiles(modelFileGetter(request.model, hooks.onDownload), dtype), loadOrt(device)]);
  hooks.onWarmup();
  const tokenizer = createStudentTokenizer(files.tokenizer);
  const scorer = await createOrtScorer(ort, files.modelBytes, {
    config: files.config,
    accurateTrig: device === 'webgpu',
    sessionOptions: { executionProviders: [device], externalData: files.externalData, graphOptimizationLevel: 'all' },
  });
  await warmUp(tokenizer, scorer);
  const fallback = scorer.fallbackReason ? `scoring in JavaScript: ${scorer.fallbackReason}` : undefined;
  return {
    name: modelName(request.model),
    dtype,
    device,
    tokenizer,
    scorer,
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
