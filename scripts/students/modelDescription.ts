/**
 * The shapes of a Qwen-style decoder (Qwen2/Qwen3, Llama: RMSNorm, RoPE, GQA, SwiGLU), read from
 * config.json. The graph builder takes only this and a weight map, so the same code writes the
 * bundled toy's weights today and real-size shapes (Qwen2.5-0.5B, Qwen3-1.7B) with other weights.
 */
export interface ModelDescription {
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  intermediate: number;
  vocab: number;
  ropeTheta: number;
  rmsEps: number;
  /** Qwen3 normalises q and k per head before RoPE. */
  qkNorm: boolean;
  /** Qwen2 adds a bias to the q, k and v projections. */
  qkvBias: boolean;
  tiedEmbeddings: boolean;
  maxPositions: number;
}

export function describeModel(config: Record<string, any>): ModelDescription {
  const heads = Number(config.num_attention_heads);
  const hidden = Number(config.hidden_size);
  return {
    layers: Number(config.num_hidden_layers),
    hidden,
    heads,
    kvHeads: Number(config.num_key_value_heads ?? heads),
    headDim: Number(config.head_dim ?? hidden / heads),
    intermediate: Number(config.intermediate_size),
    vocab: Number(config.vocab_size),
    ropeTheta: Number(config.rope_parameters?.rope_theta ?? config.rope_theta ?? 10000),
    rmsEps: Number(config.rms_norm_eps ?? 1e-6),
    qkNorm: config.model_type === 'qwen3',
    qkvBias: config.model_type === 'qwen2',
    tiedEmbeddings: config.tie_word_embeddings !== false,
    maxPositions: Number(config.max_position_embeddings ?? 4096),
  };
}

/**
 * Weights by their Hugging Face names (`model.layers.0.self_attn.q_proj.weight`, …), float32,
 * row-major in PyTorch's layout (a Linear's weight is [out, in]).
 */
export type Weights = Map<string, { dims: number[]; data: Float32Array }>;

/**
 * Where the graph builder gets weights: a Map held in memory (the bundled toy), or a source that
 * makes each tensor when asked (randomWeights.ts: real sizes, never held whole).
 */
export type WeightSource = Pick<Weights, 'get' | 'has'>;

export const layerWeight = (layer: number, part: string) => `model.layers.${layer}.${part}.weight`;
export const layerBias = (layer: number, part: string) => `model.layers.${layer}.${part}.bias`;
