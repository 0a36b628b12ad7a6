import { ELEM, type GraphProto, type ModelProto, valueShape } from './onnxGraph';

/** The KV-cache contract of a decoder-only ONNX export (transformers.js / Optimum layout). */
export interface ModelSignature {
  /** Every graph input name, in order. */
  inputs: string[];
  hasPositionIds: boolean;
  /** past_key_values.* input → the present.* output that feeds it next chunk. */
  cache: { past: string; present: string; dims: number[]; float16: boolean }[];
  vocabSize: number;
}

const KNOWN = new Set(['input_ids', 'attention_mask', 'position_ids']);

/**
 * Read the inputs a chunked forward pass must feed. Cache shapes are [batch, kv_heads, past, head_dim]
 * with the head counts fixed in the graph (or taken from config.json when symbolic).
 */
export function modelSignature(model: ModelProto, config: Record<string, any> = {}): ModelSignature {
  const graph = model.graph as GraphProto;
  const inputs = graph.input.map((i) => i.name!);
  const initializers = new Set(graph.initializer.map((t) => t.name));
  const cache: ModelSignature['cache'] = [];
  for (const name of inputs) {
    if (initializers.has(name) || KNOWN.has(name)) continue;
    const m = /^past_key_values\.(\d+)\.(key|value)$/.exec(name);
    if (!m) throw new Error(`unsupported model input "${name}": RSR Lens feeds input_ids, attention_mask, position_ids and past_key_values.*`);
    const shape = valueShape(graph, name)!;
    const heads = typeof shape.dims[1] === 'number' ? shape.dims[1] : config.num_key_value_heads;
    const headDim =
      typeof shape.dims[3] === 'number' ? shape.dims[3] : (config.head_dim ?? config.hidden_size / config.num_attention_heads);
    if (!heads || !headDim) throw new Error(`cannot tell the cache shape of "${name}"`);
    cache.push({ past: name, present: `present.${m[1]}.${m[2]}`, dims: [1, heads, 0, headDim], float16: shape.elemType === ELEM.FLOAT16 });
  }
  if (!inputs.includes('input_ids') || !inputs.includes('attention_mask')) throw new Error('the model needs input_ids and attention_mask inputs');
  const logits = valueShape(graph, 'logits', 'output');
  const vocabSize = typeof logits?.dims[2] === 'number' && logits.dims[2] > 0 ? logits.dims[2] : Number(config.vocab_size);
  if (!vocabSize) throw new Error('cannot tell the vocabulary width (logits output and config.vocab_size both unknown)');
  return { inputs, hasPositionIds: inputs.includes('position_ids'), cache, vocabSize };
}
