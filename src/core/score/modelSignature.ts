import { ELEM, type GraphProto, type ModelProto, valueShape } from './onnxGraph';
import { StudentError } from './studentError';

/** The KV-cache contract of a decoder-only ONNX export (transformers.js / Optimum / ONNX Runtime GenAI). */
export interface ModelSignature {
  /** Every graph input name, in order. */
  inputs: string[];
  hasPositionIds: boolean;
  /** past_key_values.* input → the present.* output that feeds it next chunk. */
  cache: { past: string; present: string; dims: number[]; float16: boolean }[];
  vocabSize: number;
  /** Whether `logits` comes out as float16 (decoded before any JavaScript reads it). */
  logitsFloat16: boolean;
  /**
   * Inputs that always get the same value: `num_logits_to_keep` / `logits_to_keep` = 0 (every row,
   * which the scorer needs), `use_cache_branch` = true (the with-past branch of a merged decoder,
   * fed an empty past on the first chunk).
   */
  constants: { name: string; value: 'zero' | 'true'; dims: number[] }[];
}

const FED = new Set(['input_ids', 'attention_mask', 'position_ids']);
const CONSTANT: Record<string, 'zero' | 'true'> = { num_logits_to_keep: 'zero', logits_to_keep: 'zero', use_cache_branch: 'true' };

/**
 * Read the inputs a chunked forward pass must feed. Cache shapes are [batch, kv_heads, past, head_dim]
 * with the head counts fixed in the graph, or taken from the model's config where the graph leaves
 * them symbolic (GenAI writes `kv_cache_dim`). Layouts no path can score exactly are refused here.
 */
export function modelSignature(model: ModelProto, config: Record<string, any> = {}): ModelSignature {
  const graph = model.graph as GraphProto;
  const inputs = graph.input.map((i) => i.name!);
  const initializers = new Set(graph.initializer.map((t) => t.name));
  const cache: ModelSignature['cache'] = [];
  const constants: ModelSignature['constants'] = [];
  for (const name of inputs) {
    if (initializers.has(name) || FED.has(name)) continue;
    if (CONSTANT[name]) {
      constants.push({ name, value: CONSTANT[name], dims: valueShape(graph, name)?.dims.length ? [1] : [] });
      continue;
    }
    const m = /^past_key_values\.(\d+)\.(key|value)$/.exec(name);
    if (!m) {
      throw new StudentError(
        `the graph has an input "${name}" that a decoder-only language model does not take: RSR Lens feeds input_ids, attention_mask, position_ids and past_key_values.* (export the decoder of a causal LM)`,
        'refused',
      );
    }
    const shape = valueShape(graph, name)!;
    const heads = typeof shape.dims[1] === 'number' ? shape.dims[1] : config.num_key_value_heads;
    const headDim =
      typeof shape.dims[3] === 'number' ? shape.dims[3] : (config.head_dim ?? config.hidden_size / config.num_attention_heads);
    if (!heads || !headDim) throw new StudentError(`cannot tell the cache shape of "${name}": the graph leaves it symbolic and the config has no num_key_value_heads / head_dim`);
    cache.push({ past: name, present: `present.${m[1]}.${m[2]}`, dims: [1, heads, 0, headDim], float16: shape.elemType === ELEM.FLOAT16 });
  }
  if (!inputs.includes('input_ids') || !inputs.includes('attention_mask')) throw new StudentError('the model needs input_ids and attention_mask inputs', 'refused');
  if (!cache.length) {
    throw new StudentError(
      'a decoder exported without a KV cache (no past_key_values.* inputs): RSR Lens scores long conversations in chunks through the cache; re-export with it (optimum-cli export onnx --task text-generation-with-past)',
      'refused',
    );
  }
  const logits = valueShape(graph, 'logits', 'output');
  if (!logits) throw new StudentError(`the graph has no "logits" output (outputs: ${graph.output.map((o) => o.name).join(', ')}): export the model with its lm_head`, 'refused');
  const vocabSize = typeof logits.dims[2] === 'number' && logits.dims[2] > 0 ? logits.dims[2] : Number(config.vocab_size);
  if (!vocabSize) throw new StudentError('cannot tell the vocabulary width (logits output and config.vocab_size both unknown)');
  if (logits.elemType !== ELEM.FLOAT && logits.elemType !== ELEM.FLOAT16) {
    throw new StudentError(`the logits are of ONNX element type ${logits.elemType}: RSR Lens reads float32 or float16 logits`, 'refused');
  }
  return { inputs, hasPositionIds: inputs.includes('position_ids'), cache, vocabSize, logitsFloat16: logits.elemType === ELEM.FLOAT16, constants };
}
