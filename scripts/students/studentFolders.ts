import type { GraphLayout } from './buildDecoder';

/** Where an ONNX file keeps its weights: inside, or beside it the way each exporter names the files. */
export type ExternalData =
  /** transformers.js / optimum: `<file>_data` (use_external_data_format: true). */
  | { kind: 'single' }
  /** transformers.js split: `<file>_data`, `<file>_data_1`, … (use_external_data_format: N). */
  | { kind: 'split'; chunks: number }
  /** ONNX Runtime GenAI: every initializer in `<file>.data`. */
  | { kind: 'genai' };

export interface StudentFile {
  /** Path inside the folder, e.g. `onnx/model_q4.onnx`. */
  path: string;
  layout: GraphLayout;
  external?: ExternalData;
}

export interface StudentFolder {
  name: string;
  /** What the folder stands for (README table, bench output). */
  about: string;
  /** config.json with `transformers.js_config` (Hub repos), or only GenAI's genai_config.json. */
  config: 'transformers.js' | 'genai';
  files: StudentFile[];
  /** Only the first N layers of the bundled student (its config says so): WebGPU tests on a software GPU, where every layer of attention over 4k tokens costs seconds. */
  layers?: number;
}

const base: GraphLayout = { precision: 'float32', linear: 'float', lmHead: 'tied', attention: 'eager' };
const fp16: GraphLayout = { ...base, precision: 'float16' };
const genai: GraphLayout = { ...base, attention: 'gqa', fusedNorms: true, symbolicCacheDim: true };
const gqaPacked: GraphLayout = { ...base, attention: 'gqa', packedQkv: true };

/**
 * The bundled student rewritten in every layout real students ship in (see the README's table).
 * Each folder is loadable as is: by the CLI, as a dropped folder, or served as a Hub repo.
 */
export const STUDENT_FOLDERS: StudentFolder[] = [
  {
    name: 'fp32-external',
    about: 'float32, weights in onnx/model.onnx_data',
    config: 'transformers.js',
    files: [{ path: 'onnx/model.onnx', layout: base, external: { kind: 'single' } }],
  },
  {
    name: 'fp32-split',
    about: 'float32, weights split over model.onnx_data, _1, _2',
    config: 'transformers.js',
    files: [{ path: 'onnx/model.onnx', layout: base, external: { kind: 'split', chunks: 3 } }],
  },
  {
    name: 'fp16',
    about: 'only onnx/model_fp16.onnx: float16 weights, logits and KV cache',
    config: 'transformers.js',
    files: [{ path: 'onnx/model_fp16.onnx', layout: fp16 }],
  },
  {
    name: 'q4',
    about: 'only onnx/model_q4.onnx: MatMulNBits 4-bit (block 32), lm_head 4-bit',
    config: 'transformers.js',
    files: [{ path: 'onnx/model_q4.onnx', layout: { ...base, linear: 'nbits4', lmHead: 'untied' } }],
  },
  {
    name: 'mixed',
    about: 'a repo with several dtypes: fp32, q4 (tied float lm_head), q4f16, bnb4',
    config: 'transformers.js',
    files: [
      { path: 'onnx/model.onnx', layout: base },
      { path: 'onnx/model_q4.onnx', layout: { ...base, linear: 'nbits4' } },
      { path: 'onnx/model_q4f16.onnx', layout: { ...fp16, linear: 'nbits4', lmHead: 'untied' } },
      { path: 'onnx/model_bnb4.onnx', layout: { ...base, linear: 'bnb4', lmHead: 'untied' } },
    ],
  },
  {
    name: 'q8',
    about: 'DynamicQuantizeLinear → MatMulInteger: uint8 (model_quantized) and int8 weights',
    config: 'transformers.js',
    files: [
      { path: 'onnx/model_quantized.onnx', layout: { ...base, linear: 'q8-uint8', lmHead: 'untied' } },
      { path: 'onnx/model_int8.onnx', layout: { ...base, linear: 'q8-int8', lmHead: 'untied' } },
    ],
  },
  {
    name: 'head-tail',
    about: 'lm_head followed by softcapping (Div/Tanh/Mul) and a −∞ Where; float16 with a final Cast',
    config: 'transformers.js',
    files: [
      { path: 'onnx/model.onnx', layout: { ...base, tail: ['softcap', 'mask'] } },
      { path: 'onnx/model_fp16.onnx', layout: { ...fp16, tail: ['mask', 'cast'] } },
    ],
  },
  {
    name: 'logits-to-keep',
    about: 'a num_logits_to_keep input (newer exports)',
    config: 'transformers.js',
    files: [{ path: 'onnx/model.onnx', layout: { ...base, logitsToKeep: true } }],
  },
  {
    name: 'merged',
    about: "optimum's old decoder_model_merged.onnx: If on use_cache_branch",
    config: 'transformers.js',
    files: [{ path: 'onnx/decoder_model_merged.onnx', layout: { ...base, merged: true } }],
  },
  {
    name: 'genai-fp32',
    about: 'ONNX Runtime GenAI float32: GroupQueryAttention (fused rotary), model.onnx + model.onnx.data',
    config: 'genai',
    files: [{ path: 'model.onnx', layout: genai, external: { kind: 'genai' } }],
  },
  {
    name: 'genai-int4',
    about: 'ONNX Runtime GenAI int4: GQA, MatMulNBits (accuracy 4), GatherBlockQuantized shared embedding',
    config: 'genai',
    files: [{ path: 'model.onnx', layout: { ...genai, linear: 'nbits4', lmHead: 'shared', accuracyLevel: 4 }, external: { kind: 'genai' } }],
  },
  {
    name: 'gqa-packed',
    about: 'the Hub GQA exports: packed-QKV GroupQueryAttention, do_rotary, no position_ids (no Q/K norm); fp32, q4, q4f16 with a float16 KV cache',
    config: 'transformers.js',
    files: [
      { path: 'onnx/model.onnx', layout: gqaPacked },
      { path: 'onnx/model_q4.onnx', layout: { ...gqaPacked, linear: 'nbits4' } },
      { path: 'onnx/model_q4f16.onnx', layout: { ...gqaPacked, precision: 'float16', linear: 'nbits4', lmHead: 'untied' } },
    ],
  },
  {
    name: 'gqa-position-ids',
    about: 'GroupQueryAttention (separate Q/K/V, Q/K norms) with a position_ids input fed to its position_ids',
    config: 'transformers.js',
    files: [{ path: 'onnx/model.onnx', layout: { ...base, attention: 'gqa', positionIds: true } }],
  },
  {
    name: 'no-cache',
    about: 'a decoder exported without a KV cache: refused',
    config: 'transformers.js',
    files: [{ path: 'onnx/model.onnx', layout: { ...base, noCache: true } }],
  },
  {
    name: 'probabilities',
    about: '"logits" that come out of a Softmax: refused',
    config: 'transformers.js',
    files: [{ path: 'onnx/model_fp16.onnx', layout: { ...fp16, softmaxOutput: true } }],
  },
];

/**
 * One layer of each GQA folder (`gqa1-*`): e2e/gqaWebgpu.spec.ts scores 4,000-token conversations on
 * SwiftShader, where every layer of attention over the context costs seconds.
 */
STUDENT_FOLDERS.push(
  ...['genai-fp32', 'genai-int4', 'gqa-packed', 'gqa-position-ids'].map((name): StudentFolder => {
    const folder = STUDENT_FOLDERS.find((f) => f.name === name)!;
    return { ...folder, name: name.replace(/^(gqa-)?/, 'gqa1-'), about: `one layer of ${name}, for WebGPU tests`, layers: 1 };
  }),
);
