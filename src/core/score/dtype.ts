/**
 * The dtypes of a transformers.js model repo and the file each one lives in
 * (transformers.js `src/utils/dtypes.js`, `scripts/quantize.py`):
 * fp32 `model.onnx`, fp16 `model_fp16.onnx`, q8 `model_quantized.onnx`, int8/uint8 `model_int8.onnx` /
 * `model_uint8.onnx`, q4 `model_q4.onnx`, q4f16 `model_q4f16.onnx`, bnb4 `model_bnb4.onnx`.
 */
export const DTYPES = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'] as const;
export type Dtype = (typeof DTYPES)[number];

const SUFFIX: Record<Dtype, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/** Where a dtype's decoder can be: today's `onnx/model*.onnx`, then optimum's older merged decoder name. */
export function dtypeFiles(dtype: Dtype): string[] {
  return [`onnx/model${SUFFIX[dtype]}.onnx`, `onnx/decoder_model_merged${SUFFIX[dtype]}.onnx`];
}

/** The dtype a file name stands for, or undefined outside the convention (e.g. GenAI's top-level model.onnx). */
export function dtypeOfFile(path: string): Dtype | undefined {
  const m = /^onnx\/(?:model|decoder_model_merged)(_[a-z0-9]+)?\.onnx$/.exec(path);
  if (!m) return undefined;
  return DTYPES.find((d) => SUFFIX[d] === (m[1] ?? ''));
}

/** What the student runs on: the CLI's CPU or CUDA, the browser's WASM or WebGPU (with or without shader-f16). */
export type ScoringDevice = 'cpu' | 'cuda' | 'wasm' | 'webgpu' | 'webgpu-f16';

/**
 * With no dtype asked for, the first of these that the repo has. Why this order:
 * - cpu: float32 is the reference precision and exact; then float16; then 4-bit (exact for what it
 *   computes, and fast); q8 last, because its per-tensor activation scales make results depend on
 *   the chunking (see describeLayout.ts).
 * - cuda / webgpu-f16: float16 kernels are native there, so fp16 and q4f16 come first.
 * - wasm / webgpu: memory is the limit (a 4 GiB wasm heap; fp16 has no native kernels and is
 *   upcast), so 4-bit first, then q8 (what transformers.js picks for WASM), then the float files.
 * - webgpu without shader-f16: never a float16 file (fp16, q4f16): its shaders cannot compute in
 *   float16, and asked for by name such a file is refused for WebGPU (loadStudent.ts).
 */
export const DTYPE_PREFERENCE: Record<ScoringDevice, readonly Dtype[]> = {
  cpu: ['fp32', 'fp16', 'q4', 'q4f16', 'bnb4', 'q8', 'int8', 'uint8'],
  cuda: ['fp16', 'fp32', 'q4f16', 'q4', 'bnb4', 'q8', 'int8', 'uint8'],
  wasm: ['q4', 'q8', 'int8', 'uint8', 'fp32', 'bnb4', 'fp16', 'q4f16'],
  webgpu: ['q4', 'fp32', 'q8', 'int8', 'uint8', 'bnb4'],
  'webgpu-f16': ['q4f16', 'fp16', 'q4', 'fp32', 'q8', 'int8', 'uint8', 'bnb4'],
};
