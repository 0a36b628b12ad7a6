import type { GraphLayout } from './buildDecoder';

/** config.json of Qwen/Qwen2.5-0.5B-Instruct. */
const QWEN25_05B = {
  architectures: ['Qwen2ForCausalLM'],
  bos_token_id: 151643,
  eos_token_id: 151645,
  hidden_act: 'silu',
  hidden_size: 896,
  intermediate_size: 4864,
  max_position_embeddings: 32768,
  model_type: 'qwen2',
  num_attention_heads: 14,
  num_hidden_layers: 24,
  num_key_value_heads: 2,
  rms_norm_eps: 1e-6,
  rope_theta: 1000000.0,
  tie_word_embeddings: true,
  use_cache: true,
  vocab_size: 151936,
} as const;

/**
 * Real students' shapes, with random weights (randomWeights.ts): what a browser-sized student costs
 * in memory and time. config.json as the Hub repos have it (Qwen/Qwen2.5-0.5B-Instruct,
 * Qwen/Qwen3-1.7B); the tokenizer is the bundled student's (Qwen3's: same 151,643 + 26 ids).
 */
export const REAL_SHAPES = {
  'qwen2.5-0.5b': {
    about: 'Qwen2.5-0.5B: 24 layers, hidden 896, 14 heads / 2 KV heads × 64, MLP 4864, tied, q/k/v bias',
    config: QWEN25_05B,
  },
  'qwen2.5-0.5b-gqa': {
    about: 'Qwen2.5-0.5B as the Hub GQA exports have it: packed-QKV GroupQueryAttention with do_rotary, no position_ids; q4f16 (float16 KV cache) and q4',
    dtypes: ['q4f16', 'q4'],
    attention: 'gqa',
    config: QWEN25_05B,
  },
  'qwen3-1.7b': {
    about: 'Qwen3-1.7B: 28 layers, hidden 2048, 16 heads / 8 KV heads × 128, MLP 6144, tied, q/k norm',
    config: {
      architectures: ['Qwen3ForCausalLM'],
      bos_token_id: 151643,
      eos_token_id: 151645,
      head_dim: 128,
      hidden_act: 'silu',
      hidden_size: 2048,
      intermediate_size: 6144,
      max_position_embeddings: 40960,
      model_type: 'qwen3',
      num_attention_heads: 16,
      num_hidden_layers: 28,
      num_key_value_heads: 8,
      rms_norm_eps: 1e-6,
      rope_theta: 1000000,
      tie_word_embeddings: true,
      use_cache: true,
      vocab_size: 151936,
    },
  },
} as const;

export type RealShape = keyof typeof REAL_SHAPES;
export type RealDtype = 'fp32' | 'fp16' | 'q4f16' | 'q4';
/** What `--real SHAPE` builds when no dtype is named. */
export const REAL_DTYPES: readonly RealDtype[] = ['fp32', 'fp16', 'q4f16'];
export const ALL_REAL_DTYPES: readonly RealDtype[] = [...REAL_DTYPES, 'q4'];
/** The dtypes a shape is built in by default. */
export const realDtypes = (shape: RealShape): readonly RealDtype[] => (REAL_SHAPES[shape] as { dtypes?: readonly RealDtype[] }).dtypes ?? REAL_DTYPES;

const fp32: GraphLayout = { precision: 'float32', linear: 'float', lmHead: 'tied', attention: 'eager' };

/**
 * Each dtype's file as transformers.js exports write it: float32 and float16 with their weights in
 * `<file>_data` (split past 2 GB), q4f16 with 4-bit MatMulNBits (lm_head too) and a float16
 * embedding — inside the .onnx for the 0.5B (550 MB, as the Hub has it), in `_data` for the 1.7B.
 */
export function realFile(shape: RealShape, dtype: RealDtype): { path: string; layout: GraphLayout; external: boolean } {
  if ('attention' in REAL_SHAPES[shape]) {
    // The GQA shape: 4-bit only (the Hub's q4f16 is 0.55 GB inside the .onnx, q4 0.85 GB beside it).
    const gqa: GraphLayout = { ...fp32, attention: 'gqa', packedQkv: true, linear: 'nbits4' };
    if (dtype === 'q4f16') return { path: 'onnx/model_q4f16.onnx', layout: { ...gqa, precision: 'float16', lmHead: 'untied' }, external: false };
    if (dtype === 'q4') return { path: 'onnx/model_q4.onnx', layout: gqa, external: true };
    throw new Error(`${shape} is built in q4f16 and q4 only`);
  }
  switch (dtype) {
    case 'q4':
      return { path: 'onnx/model_q4.onnx', layout: { ...fp32, linear: 'nbits4' }, external: true };
    case 'fp32':
      return { path: 'onnx/model.onnx', layout: fp32, external: true };
    case 'fp16':
      return { path: 'onnx/model_fp16.onnx', layout: { ...fp32, precision: 'float16' }, external: true };
    case 'q4f16':
      return { path: 'onnx/model_q4f16.onnx', layout: { ...fp32, precision: 'float16', linear: 'nbits4', lmHead: 'untied' }, external: shape !== 'qwen2.5-0.5b' };
  }
}
