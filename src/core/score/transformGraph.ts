import { graphBuilder } from './graphBuilder';
import { inlineCacheBranch } from './inlineCacheBranch';
import { ELEM, type GraphProto, type ModelProto, type NodeProto, decodeModel, defaultOpset, encodeModel, onnx, tensorValueInfo, valueShape } from './onnxGraph';

/** Names of what the scoring graph adds: two inputs, five outputs. */
export const SCORING_IO = {
  positions: 'rsr_positions',
  labels: 'rsr_labels',
  surprisal: 'rsr_surprisal',
  greater: 'rsr_greater',
  entropy: 'rsr_entropy',
  topLogProbs: 'rsr_top_logprobs',
  topIds: 'rsr_top_ids',
} as const;

/** Raised when the graph's lm_head cannot be located safely; callers fall back to reducing logits in JS. */
export class UnsupportedGraphError extends Error {}

export interface TransformOptions {
  /** Width of the logits row; read from the graph's `logits` output when omitted. */
  vocabSize?: number;
  /** Alternatives kept per position (top-k). */
  topK?: number;
  /**
   * Sum exp(z − max) over blocks of this many logits first, then over the blocks: one float32 sum
   * over 151,936 terms loses ~1e-3 nats, two levels keep the reference's precision (DESIGN.md).
   */
  block?: number;
}

export interface TransformResult {
  bytes: Uint8Array;
  vocabSize: number;
  topK: number;
  /** The node whose input now goes through the position Gather. */
  lmHead: string;
}

// Ops that act on each sequence row independently: safe to run after the row Gather. (LogSoftmax
// over the vocabulary only shifts a row: log-probabilities give the same surprisal, rank and entropy.)
const ROWWISE = new Set(['Cast', 'Mul', 'Div', 'Add', 'Sub', 'Tanh', 'Identity', 'Where', 'LogSoftmax']);
// Projections whose first input holds one row per position: float, 4-bit (MatMulNBits, MatMulBnb4),
// and 8-bit on an already quantized input (MatMulInteger, ORT's fused MatMulIntegerToFloat).
const LM_HEAD = new Set(['MatMul', 'MatMulNBits', 'MatMulBnb4', 'MatMulInteger', 'MatMulIntegerToFloat']);

/**
 * Rewrite a causal LM so that it scores instead of emitting logits.
 *
 * (1) A Gather on the sequence axis, before the lm_head, keeps only the rows named by `rsr_positions`
 *     (chunk-relative), so the [T, V] projection runs on response rows only.
 * (2) Per kept row, with `rsr_labels` the target ids: surprisal = (max − z_t) + log Σ exp(z − max),
 *     rank − 1 = #{v : z_v > z_t} (strict, over the full width), entropy and the top-k log-probs.
 * (3) The session returns those few numbers plus `present.*`, never the logits.
 * Batch size must be 1 (labels are reshaped to [1, P, 1]).
 */
export function transformForScoring(modelBytes: Uint8Array, options: TransformOptions = {}): TransformResult {
  const model = decodeModel(modelBytes);
  const result = transformModel(model, options);
  return { ...result, bytes: encodeModel(model) };
}

export function transformModel(model: ModelProto, options: TransformOptions = {}): Omit<TransformResult, 'bytes'> {
  const graph = model.graph as GraphProto | null;
  if (!graph) throw new UnsupportedGraphError('the model has no graph');
  inlineCacheBranch(model);
  const opset = defaultOpset(model);
  if (opset < 13) throw new UnsupportedGraphError(`opset ${opset} is older than 13`);
  const logitsOut = graph.output.find((o) => o.name === 'logits');
  if (!logitsOut) throw new UnsupportedGraphError('the graph has no "logits" output');

  const vocabSize = options.vocabSize ?? Number(valueShape(graph, 'logits', 'output')?.dims[2]);
  if (!Number.isInteger(vocabSize) || vocabSize <= 0) throw new UnsupportedGraphError('the vocabulary width is unknown');
  const topK = options.topK ?? 5;
  const block = options.block ?? 128;

  const { head, path, mayMask } = findLmHead(graph);
  const logitsType = Number(logitsOut.type?.tensorType?.elemType ?? ELEM.FLOAT);
  const b = graphBuilder(graph, opset, 'rsr');

  // (1) keep only the rows to score.
  const hidden = head.input[0];
  head.input[0] = b.node('Gather', [hidden, SCORING_IO.positions], { axis: 1 });
  // Shapes recorded for the old [B, S, V] tensors no longer hold.
  const stale = new Set(path);
  graph.valueInfo = graph.valueInfo.filter((v) => !stale.has(v.name ?? ''));

  // (2) the reductions, in float32 whatever the model computes in. Node order matters for memory:
  // everything that reads z runs before z − max is formed, so at most three [P, V] tensors are alive.
  // float16 logits are cast up only after a Reshape to their own shape. On CPU, ONNX Runtime runs a
  // float16 MatMul in float32 between inserted Casts and drops a Cast(→float16)·Cast(→float32) pair,
  // which would skip the model's rounding of its logits: in-graph scores were 7e-3 nats (RSR 2.5%)
  // off the same model's float16 logits reduced in JavaScript. The Reshape keeps the pair apart.
  const z = logitsType === ELEM.FLOAT ? 'logits' : b.node('Cast', [b.node('Reshape', ['logits', b.node('Shape', ['logits'])])], { to: ELEM.FLOAT });
  const labels = b.node('Reshape', [SCORING_IO.labels, b.constInt64([1, -1, 1])]);
  const target = b.node('GatherElements', [z, labels], { axis: 2 });
  const max = b.reduce('ReduceMax', z, 2, true);
  // Counts stay exact in float32: every partial sum is an integer below 2^24.
  const greater = b.reduce('ReduceSum', b.node('Cast', [b.node('Greater', [z, target])], { to: ELEM.FLOAT }), 2, true, SCORING_IO.greater);
  const [topValues, topIds] = b.multi('TopK', [z, b.constInt64([topK])], 2, { axis: -1, largest: 1, sorted: 1 });
  const shifted = b.node('Sub', [z, max]);
  const exp = b.node('Exp', [shifted]);
  const sumExp = b.blockSum(exp, vocabSize, block);
  const logSumExp = b.node('Log', [sumExp]);
  // H = log Σe − Σ(e·(z − max)) / Σe. A −∞ (masked) logit would give 0 · −∞ = NaN: clamp to the
  // lowest float32 first, which changes nothing else (its exp is 0 either way). The clamp is a full
  // pass over [P, V] (17% of a run in ORT's CPU profile), so it is only added where −∞ can occur.
  const finite = mayMask ? b.node('Max', [shifted, b.constFloat(-3.4028234663852886e38)]) : shifted;
  const weighted = b.blockSum(b.node('Mul', [exp, finite]), vocabSize, block);
  b.output(b.node('Add', [b.node('Sub', [max, target]), logSumExp], {}, SCORING_IO.surprisal));
  b.output(greater);
  b.output(b.node('Sub', [logSumExp, b.node('Div', [weighted, sumExp])], {}, SCORING_IO.entropy));
  b.output(b.node('Sub', [b.node('Sub', [topValues, max]), logSumExp], {}, SCORING_IO.topLogProbs));
  b.output(b.node('Identity', [topIds], {}, SCORING_IO.topIds), ELEM.INT64);

  // (3) inputs in, logits out.
  graph.input.push(tensorValueInfo(SCORING_IO.positions, ELEM.INT64, ['rsr_rows']));
  graph.input.push(tensorValueInfo(SCORING_IO.labels, ELEM.INT64, ['rsr_rows']));
  graph.output = graph.output.filter((o) => o.name !== 'logits');
  graph.output.unshift(...b.outputs);
  return { vocabSize, topK, lmHead: head.name ?? head.opType ?? 'lm_head' };
}

/**
 * Walk back from `logits` through row-wise ops (bias, soft-capping, masking, casts) to the projection
 * whose first input is the hidden state [B, S, H] (or, for 8-bit, its quantized rows). Anything else
 * is not safe to transform.
 */
function findLmHead(graph: GraphProto): { head: NodeProto; path: string[]; mayMask: boolean } {
  const producer = new Map<string, NodeProto>();
  for (const n of graph.node as NodeProto[]) for (const o of n.output) producer.set(o, n);
  const isStatic = staticTensors(graph, producer);
  const initializers = new Map(graph.initializer.map((t) => [t.name ?? '', t]));
  // quantize_dynamic's output scale: Mul(x_scale, w_scale), x_scale one number for the whole
  // tensor (DynamicQuantizeLinear's second output). Multiplying by it keeps rows independent.
  const isTensorScale = (name: string): boolean => {
    const n = producer.get(name);
    if (!n) return false;
    if (n.opType === 'DynamicQuantizeLinear') return n.output[1] === name;
    return n.opType === 'Mul' && n.input.every((i) => isStatic(i) || isTensorScale(i));
  };
  const path: string[] = [];
  let mayMask = false;
  let name = 'logits';
  for (let depth = 0; depth < 8; depth++) {
    path.push(name);
    const node = producer.get(name);
    if (!node) break;
    const op = node.opType ?? '';
    if (LM_HEAD.has(op)) {
      if (!isStatic(node.input[1])) throw new UnsupportedGraphError(`${op} before logits has no weight input`);
      return { head: node, path, mayMask };
    }
    if (op === 'DynamicQuantizeMatMul') {
      throw new UnsupportedGraphError('the lm_head is a DynamicQuantizeMatMul, which quantizes its whole input with one scale: keeping only the scored rows would change the numbers');
    }
    if (!ROWWISE.has(op)) break;
    const scale = op === 'Mul' ? node.input.find((i) => i && !isStatic(i) && isTensorScale(i)) : undefined;
    const dynamic = node.input.filter((i) => i && !isStatic(i) && i !== scale);
    if (dynamic.length !== 1) break;
    // A projection of finite weights is finite; only a static operand on the way can bring −∞
    // (a mask bias). One that cannot be read here counts as a mask.
    mayMask ||= node.input.some((i) => i && i !== dynamic[0] && i !== scale && !isFiniteTensor(initializers.get(i)));
    name = dynamic[0];
  }
  throw new UnsupportedGraphError(`no lm_head projection (MatMul, MatMulNBits, MatMulBnb4, MatMulInteger) found before "logits"`);
}

/** Whether an initializer holds only finite values; false when it cannot be read here (external data). */
function isFiniteTensor(t: GraphProto['initializer'][number] | undefined): boolean {
  if (!t || t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) return false;
  const type = Number(t.dataType);
  // A copy, aligned: in Node rawData is a Buffer whose slice() is a view into a shared pool.
  const raw = t.rawData?.length ? new Uint8Array(t.rawData).buffer : undefined;
  if (type === ELEM.FLOAT) {
    const values = raw ? new Float32Array(raw) : Float32Array.from(t.floatData ?? []);
    return values.every(Number.isFinite);
  }
  if (type === ELEM.FLOAT16) {
    // float16 in raw bytes, or as int32Data (one value per element): exponent bits all set = inf/NaN.
    const bits = raw ? new Uint16Array(raw) : Uint16Array.from(t.int32Data ?? []);
    return bits.every((h) => (h & 0x7c00) !== 0x7c00);
  }
  // Integer and boolean operands (a Where's condition) are finite by nature.
  return type === ELEM.INT32 || type === ELEM.INT64 || type === ELEM.BOOL || type === 2 || type === 3;
}

/** A tensor is static when it derives from initializers and constants only (e.g. a transposed tied embedding). */
function staticTensors(graph: GraphProto, producer: Map<string, NodeProto>): (name: string) => boolean {
  const initializers = new Set(graph.initializer.map((t) => t.name));
  const memo = new Map<string, boolean>();
  const isStatic = (name: string): boolean => {
    if (initializers.has(name)) return true;
    if (memo.has(name)) return memo.get(name)!;
    memo.set(name, false);
    const node = producer.get(name);
    const value = !!node && (node.opType === 'Constant' || node.input.every((i) => !i || isStatic(i)));
    memo.set(name, value);
    return value;
  };
  return isStatic;
}
