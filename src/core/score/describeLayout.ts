import type { Dtype } from './dtype';
import { ELEM, type GraphProto, type ModelProto, type NodeProto } from './onnxGraph';
import { StudentError } from './studentError';

/** What a student's graph is made of, as far as precision and exactness go. */
export interface LayoutInfo {
  /** The dtype the graph computes in, read from its ops and IO (for files outside the naming convention). */
  dtype: Dtype;
  /** The distinctive ops, e.g. "MatMulNBits 4-bit, GroupQueryAttention, float16 IO". */
  summary: string;
  /** Why the numbers are approximate, when they are; undefined when they are exact. */
  approximate?: string;
  /** Every op type in the graph (its subgraphs included), sorted. */
  ops: readonly string[];
}

/**
 * 8-bit activations quantized per tensor: DynamicQuantizeLinear takes one scale and zero point from
 * all rows fed at once, so every layer's numbers depend on which rows share a chunk. RSR Lens feeds
 * whole chunks and keeps the lm_head's input whole (its rows are gathered after quantizing), so
 * in-graph and JavaScript scoring agree, but a different chunk length gives different numbers.
 * Measured on the generated q8 student (npm run bench:layouts, 25 conversations): chunks of 16
 * positions vs one pass moved surprisal by up to 4.7 nats, 22% of clipped ranks, RSR by up to 33%.
 */
export const Q8_APPROXIMATE =
  'q8 activations are quantized with one scale per chunk (DynamicQuantizeLinear), so scores depend on the chunk length; in-graph and JavaScript scoring agree for the same chunks';

const allNodes = (graph: GraphProto): NodeProto[] =>
  (graph.node as NodeProto[]).flatMap((n) => [n, ...n.attribute.flatMap((a) => (a.g ? allNodes(a.g as GraphProto) : []))]);

/**
 * Describe the layout, and refuse one that no path scores correctly: logits that are Softmax
 * probabilities would make the JavaScript path as wrong as the in-graph one.
 */
export function describeLayout(model: ModelProto): LayoutInfo {
  const graph = model.graph as GraphProto;
  const nodes = allNodes(graph);
  const ops = new Set(nodes.map((n) => n.opType ?? ''));
  const logitsProducer = nodes.find((n) => n.output.includes('logits'));
  if (logitsProducer?.opType === 'Softmax') {
    throw new StudentError(
      'its "logits" come out of a Softmax: they are probabilities, not logits, and surprisal and rank need the raw logits; export the model without the final Softmax',
      'refused',
    );
  }
  const io16 = [...graph.input, ...graph.output].some((v) => Number(v.type?.tensorType?.elemType) === ELEM.FLOAT16);
  const int8Weights = nodes.some((n) => n.opType === 'MatMulInteger' && graph.initializer.find((t) => t.name === n.input[1])?.dataType === 3);
  const dtype: Dtype = ops.has('MatMulNBits')
    ? io16
      ? 'q4f16'
      : 'q4'
    : ops.has('MatMulBnb4')
      ? 'bnb4'
      : ops.has('MatMulInteger') || ops.has('DynamicQuantizeMatMul')
        ? int8Weights
          ? 'int8'
          : 'q8'
        : io16
          ? 'fp16'
          : 'fp32';
  const parts = [
    ops.has('MatMulNBits') && 'MatMulNBits 4-bit',
    ops.has('MatMulBnb4') && 'MatMulBnb4 NF4',
    (ops.has('MatMulInteger') || ops.has('DynamicQuantizeMatMul')) && '8-bit MatMulInteger',
    ops.has('GatherBlockQuantized') && 'GatherBlockQuantized embedding',
    ops.has('GroupQueryAttention') && 'GroupQueryAttention',
    ops.has('If') && 'merged decoder (If)',
    io16 && 'float16 IO',
  ].filter(Boolean);
  const approximate = ops.has('DynamicQuantizeLinear') || ops.has('DynamicQuantizeMatMul') ? Q8_APPROXIMATE : undefined;
  return { dtype, summary: parts.join(', ') || 'float32', approximate, ops: [...ops].sort() };
}
