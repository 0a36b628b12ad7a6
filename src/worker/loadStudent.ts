import type * as Ort from 'onnxruntime-web';
import webgpuWasm from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import plainWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import type { Student } from '../core/run/scoreTrajectories';
import { externalDataFiles } from '../core/score/externalData';
import { decodeModel } from '../core/score/onnxGraph';
import { createOrtScorer } from '../core/score/ortScorer';
import { scoreConversation } from '../core/score/scoreConversation';
import { MARKER_PRESETS } from '../core/tokenize/responseMarkers';
import { createStudentTokenizer } from '../core/tokenize/studentTokenizer';
import { tokenizeContext, tokenizeTrajectory } from '../core/tokenize/tokenizeTrajectory';
import { detectDevice } from './detectDevice';
import { ONNX_FILE, modelFileGetter, modelName } from './modelFiles';
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

const json = (bytes: Uint8Array | undefined) => (bytes ? JSON.parse(new TextDecoder().decode(bytes)) : undefined);

export async function loadStudent(request: LoadRequest, hooks: LoadHooks): Promise<LoadedStudent> {
  const { device, hasF16, note } = await detectDevice(request.device);
  const dtype = chooseDtype(request, device, hasF16);
  const get = modelFileGetter(request.model, hooks.onDownload);
  const [config, tokenizerJson, tokenizerConfig, chatTemplate, modelBytes, ort] = await Promise.all([
    get('config.json').then(json),
    get('tokenizer.json').then(json),
    get('tokenizer_config.json').then(json),
    get('chat_template.jinja', true).then((b) => (b ? new TextDecoder().decode(b) : undefined)),
    get(ONNX_FILE[dtype]),
    loadOrt(device),
  ]);
  const dir = ONNX_FILE[dtype].slice(0, ONNX_FILE[dtype].lastIndexOf('/') + 1);
  const externalData = await Promise.all(
    externalDataFiles(decodeModel(modelBytes!)).map(async (path) => ({ path, data: (await get(dir + path))! })),
  );

  hooks.onWarmup();
  const tokenizer = createStudentTokenizer({ tokenizerJson, tokenizerConfig, chatTemplate });
  const scorer = await createOrtScorer(ort, modelBytes!, {
    config,
    sessionOptions: { executionProviders: [device], externalData, graphOptimizationLevel: 'all' },
  });
  await warmUp(tokenizer, scorer);
  const fallback = scorer.fallbackReason ? `scoring in JavaScript: ${scorer.fallbackReason}` : undefined;
  return {
    name: modelName(request.model),
    dtype,
    device,
    tokenizer,
    scorer,
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
