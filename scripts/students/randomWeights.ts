import { mulberry32 } from '../../src/core/stats/mulberry32';
import { type ModelDescription, type WeightSource, layerBias, layerWeight } from './modelDescription';

/**
 * Deterministic random weights for a real-size shape, made one tensor at a time when asked for (a
 * 1.7B-parameter float32 model is 7 GB: it is never held whole). Each tensor's values come from a
 * PRNG seeded by its name, so every dtype file of a shape holds the same model.
 *
 * Random weights predict nothing, but they are scaled so that the numbers look like a language
 * model's rather than a flat or exploding one: embedding dimension 0 carries a unigram prior
 * (larger for lower token ids, as BPE ids roughly follow merge frequency), no layer writes to that
 * dimension, and the final norm amplifies it, so logits span ~15 nats with noise of about one nat
 * on top, and surprisal depends on the token (frequent tokens cheap, rare ones dear), as in a real
 * LM. Layer outputs are scaled by 1.4/√layers so the residual stream stays near unit RMS at any
 * depth (float16 never overflows). See the README's "Real-size students".
 */
export function randomWeights(desc: ModelDescription, seed = 11): WeightSource {
  const { hidden: H, heads, kvHeads, headDim: hd, intermediate: I, vocab: V, layers } = desc;
  const gain = 1.4 / Math.sqrt(layers);
  const shapes = new Map<string, { dims: number[]; make: (data: Float32Array, rand: () => number) => void }>();
  const uniform = (std: number) => (data: Float32Array, rand: () => number) => {
    // Uniform on [−a, a) has standard deviation a/√3.
    const a = 2 * std * Math.sqrt(3);
    for (let i = 0; i < data.length; i++) data[i] = (rand() - 0.5) * a;
  };
  const ones = (data: Float32Array) => data.fill(1);
  /** A projection into the residual stream: row 0 (output dimension 0, the prior) stays zero. */
  const intoResidual = (std: number) => (data: Float32Array, rand: () => number) => {
    uniform(std)(data, rand);
    data.fill(0, 0, data.length / H);
  };

  shapes.set('model.embed_tokens.weight', {
    dims: [V, H],
    make: (data, rand) => {
      uniform(EMBEDDING_STD)(data, rand);
      const logV = Math.log(V);
      for (let v = 0; v < V; v++) data[v * H] = 1 - Math.log(v + 1) / logV + PRIOR_FLOOR;
    },
  });
  shapes.set('model.norm.weight', {
    dims: [H],
    make: (data) => {
      data.fill(1);
      data[0] = PRIOR_GAIN;
    },
  });
  for (let l = 0; l < layers; l++) {
    shapes.set(layerWeight(l, 'input_layernorm'), { dims: [H], make: ones });
    shapes.set(layerWeight(l, 'post_attention_layernorm'), { dims: [H], make: ones });
    shapes.set(layerWeight(l, 'self_attn.q_proj'), { dims: [heads * hd, H], make: uniform(1 / Math.sqrt(H)) });
    shapes.set(layerWeight(l, 'self_attn.k_proj'), { dims: [kvHeads * hd, H], make: uniform(1 / Math.sqrt(H)) });
    shapes.set(layerWeight(l, 'self_attn.v_proj'), { dims: [kvHeads * hd, H], make: uniform(1 / Math.sqrt(H)) });
    shapes.set(layerWeight(l, 'self_attn.o_proj'), { dims: [H, heads * hd], make: intoResidual(gain / Math.sqrt(heads * hd)) });
    shapes.set(layerWeight(l, 'mlp.gate_proj'), { dims: [I, H], make: uniform(1 / Math.sqrt(H)) });
    shapes.set(layerWeight(l, 'mlp.up_proj'), { dims: [I, H], make: uniform(1 / Math.sqrt(H)) });
    shapes.set(layerWeight(l, 'mlp.down_proj'), { dims: [H, I], make: intoResidual((2 * gain) / Math.sqrt(I)) });
    if (desc.qkNorm) {
      shapes.set(layerWeight(l, 'self_attn.q_norm'), { dims: [hd], make: ones });
      shapes.set(layerWeight(l, 'self_attn.k_norm'), { dims: [hd], make: ones });
    }
    if (desc.qkvBias) {
      shapes.set(layerBias(l, 'self_attn.q_proj'), { dims: [heads * hd], make: uniform(0.1) });
      shapes.set(layerBias(l, 'self_attn.k_proj'), { dims: [kvHeads * hd], make: uniform(0.1) });
      shapes.set(layerBias(l, 'self_attn.v_proj'), { dims: [kvHeads * hd], make: uniform(0.1) });
    }
  }

  return {
    get(name) {
      const shape = shapes.get(name);
      if (!shape) return undefined;
      const data = new Float32Array(shape.dims.reduce((a, b) => a * b, 1));
      shape.make(data, mulberry32(seed ^ fnv1a(name)));
      return { dims: shape.dims, data };
    },
    has: (name) => shapes.has(name),
  };
}

/** Standard deviation of the embedding's other dimensions: with the prior they give ~1 nat of noise. */
const EMBEDDING_STD = 0.03;
/** Added to every token's prior so that dimension 0 of the residual stream is always positive. */
const PRIOR_FLOOR = 0.1;
/** The final norm's weight on dimension 0: the prior's spread in logits (~15 nats). */
const PRIOR_GAIN = 40;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
