import { DEVICE_LIMITS } from './deviceLimits';
import { DTYPES, DTYPE_PREFERENCE, type Dtype, type ScoringDevice } from './dtype';

/** The shapes that decide a decoder's download size (from each model's config.json). */
export interface PresetShape {
  hidden: number;
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  intermediate: number;
  vocab: number;
}

/** A real student that fits a browser, as the app offers it. */
export interface HubPreset {
  /** Hugging Face Hub id of a repo in the transformers.js layout. */
  id: string;
  label: string;
  /** The chat template family, which decides the response markers. */
  template: 'qwen' | 'llama3';
  shape: PresetShape;
  /** The dtype files the repo ships. */
  dtypes: readonly Dtype[];
  /**
   * Bytes per dtype file (graph + external data) as the repo lists them, where known; the rest
   * are estimated by presetBytes.
   */
  listed?: Partial<Record<Dtype, number>>;
}

const QWEN_VOCAB = 151936;

export const HUB_PRESETS: readonly HubPreset[] = [
  {
    id: 'onnx-community/Qwen3-0.6B-ONNX',
    label: 'Qwen3 0.6B',
    template: 'qwen',
    shape: { hidden: 1024, layers: 28, heads: 16, kvHeads: 8, headDim: 128, intermediate: 3072, vocab: QWEN_VOCAB },
    dtypes: DTYPES,
  },
  {
    id: 'onnx-community/Qwen2.5-0.5B-Instruct',
    label: 'Qwen2.5 0.5B Instruct',
    template: 'qwen',
    shape: { hidden: 896, layers: 24, heads: 14, kvHeads: 2, headDim: 64, intermediate: 4864, vocab: QWEN_VOCAB },
    dtypes: DTYPES,
  },
  {
    id: 'onnx-community/Qwen2.5-1.5B-Instruct',
    label: 'Qwen2.5 1.5B Instruct',
    template: 'qwen',
    shape: { hidden: 1536, layers: 28, heads: 12, kvHeads: 2, headDim: 128, intermediate: 8960, vocab: QWEN_VOCAB },
    dtypes: DTYPES,
  },
  {
    id: 'HuggingFaceTB/SmolLM2-360M-Instruct',
    label: 'SmolLM2 360M Instruct',
    template: 'qwen',
    shape: { hidden: 960, layers: 32, heads: 15, kvHeads: 5, headDim: 64, intermediate: 2560, vocab: 49152 },
    dtypes: ['fp32', 'fp16', 'q4', 'q4f16'],
    // The LFS sizes of the commit that added onnx/ (HuggingFaceTB/SmolLM2-360M-Instruct, 276c40b).
    listed: { fp32: 1638675174, fp16: 819612409, q4: 417376345, q4f16: 299634248 },
  },
  {
    id: 'HuggingFaceTB/SmolLM2-1.7B-Instruct',
    label: 'SmolLM2 1.7B Instruct',
    template: 'qwen',
    shape: { hidden: 2048, layers: 24, heads: 32, kvHeads: 32, headDim: 64, intermediate: 8192, vocab: 49152 },
    dtypes: ['fp32', 'fp16', 'q4', 'q4f16'],
  },
  {
    id: 'onnx-community/Llama-3.2-1B-Instruct',
    label: 'Llama 3.2 1B Instruct',
    template: 'llama3',
    shape: { hidden: 2048, layers: 16, heads: 32, kvHeads: 8, headDim: 64, intermediate: 8192, vocab: 128256 },
    dtypes: DTYPES,
  },
  {
    id: 'onnx-community/DeepSeek-R1-Distill-Qwen-1.5B-ONNX',
    label: 'DeepSeek-R1-Distill-Qwen 1.5B',
    template: 'qwen',
    shape: { hidden: 1536, layers: 28, heads: 12, kvHeads: 2, headDim: 128, intermediate: 8960, vocab: QWEN_VOCAB },
    dtypes: DTYPES,
  },
];

/**
 * Download bytes of a dtype file, estimated from the shapes the way transformers.js' exports store
 * weights: the decoder layers and a separate lm_head in the dtype's encoding, the embedding table
 * in float (fp32 for q4/bnb4, fp16 for q4f16; q8 quantizes it too). 4-bit weights carry a float
 * scale per block (32 for MatMulNBits, 64 for bnb4). Within 1% of the one repo listed above.
 */
export function estimateBytes(shape: PresetShape, dtype: Dtype): number {
  const { hidden: h, layers, heads, kvHeads, headDim: d, intermediate } = shape;
  const body = layers * (2 * h * heads * d + 2 * h * kvHeads * d + 3 * h * intermediate);
  const table = shape.vocab * h;
  const linear = body + table; // decoder layers + lm_head
  switch (dtype) {
    case 'fp32':
      return 4 * (linear + table);
    case 'fp16':
      return 2 * (linear + table);
    case 'q8':
    case 'int8':
    case 'uint8':
      return linear + table;
    case 'q4':
      return (0.5 + 4 / 32) * linear + 4 * table;
    case 'q4f16':
      return (0.5 + 2 / 32) * linear + 2 * table;
    case 'bnb4':
      return (0.5 + 4 / 64) * linear + 4 * table;
  }
}

/** Bytes per dtype the preset ships: listed where known, else estimated. */
export function presetBytes(preset: HubPreset): Partial<Record<Dtype, { bytes: number; estimated: boolean }>> {
  return Object.fromEntries(
    preset.dtypes.map((d) => [d, preset.listed?.[d] !== undefined ? { bytes: preset.listed[d]!, estimated: false } : { bytes: Math.round(estimateBytes(preset.shape, d)), estimated: true }]),
  );
}

/** Whether a preset's dtype fits a device (deviceLimits.ts), from its download size. */
export function presetFits(preset: HubPreset, dtype: Dtype, device: ScoringDevice): boolean {
  const size = presetBytes(preset)[dtype];
  return !!size && size.bytes <= DEVICE_LIMITS[device].maxModelBytes;
}

/** The dtype 'auto' would take for this preset on a device: the first the repo ships that fits. */
export function presetDefaultDtype(preset: HubPreset, device: ScoringDevice): Dtype | undefined {
  return DTYPE_PREFERENCE[device].find((d) => presetFits(preset, d, device));
}
