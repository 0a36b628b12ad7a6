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

/**
 * Rows per Scan iteration: four, so that TopK and the sums (parallel over rows) keep both threads
 * busy while the row tensors (2.4 MB) stay in cache. Measured on the demo data, best of three: 1
 * row 4,265 response tokens/s, 2: 4,822, 4: 4,887, 8: 4,653, 16: 4,477.
 */
const DEFAULT_ROW_BLOCK = 4;

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
  /**
   * Reduce the scored rows one at a time in a Scan (the default, for CPU runtimes), or as whole
   * [P, V] tensors (WebGPU, which has no Scan kernel). Same numbers either way.
   */
  rowLoop?: boolean;
  /** Rows per Scan iteration; rsr_positions must then come in multiples of it (TransformResult.rowBlock). */
  rowBlock?: number;
  /** Accept batches: rsr_positions then index the batch rows laid end to end (b · S + r). */
  batched?: boolean;
}

export interface TransformResult {
  bytes: Uint8Array;
  vocabSize: number;
  topK: number;
  /** The node whose input now goes through the position Gather. */
  lmHead: string;
  /** rsr_positions and rsr_labels must come in multiples of this many rows (pad with copies of the last one). */
  rowBlock: number;
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
 * With a batch of several conversations, rsr_positions index the batch rows laid end to end.
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

  // (1) keep only the rows to score. For batches, the batch rows are laid end to end first ([B, S, H]
  // → [1, B·S, H]), so rsr_positions are b·S + r and several conversations are scored in one call.
  // Only then: on float16 graphs that Reshape lets ONNX Runtime's CPU drop the model's rounding of
  // the hidden state (in-graph moved 0.8 nats off the same file's logits reduced in JavaScript).
  const hidden = head.input[0];
  const rowsOf = options.batched ? b.node('Reshape', [hidden, b.constInt64([1, -1, 0])]) : hidden;
  head.input[0] = b.node('Gather', [rowsOf, SCORING_IO.positions], { axis: 1 });
  // Shapes recorded for the old [B, S, V] tensors no longer hold.
  const stale = new Set(path);
  graph.valueInfo = graph.valueInfo.filter((v) => !stale.has(v.name ?? ''));

  // (2) the reductions, in float32 whatever the model computes in. float16 logits are cast up only
  // after a Reshape to their own shape. On CPU, ONNX Runtime runs a float16 MatMul in float32
  // between inserted Casts and drops a Cast(→float16)·Cast(→float32) pair, which would skip the
  // model's rounding of its logits: in-graph scores were 7e-3 nats (RSR 2.5%) off the same model's
  // float16 logits reduced in JavaScript. The Reshape keeps the pair apart.
  const z = logitsType === ELEM.FLOAT ? 'logits' : b.node('Cast', [b.node('Reshape', ['logits', b.node('Shape', ['logits'])])], { to: ELEM.FLOAT });
  const scores = [SCORING_IO.surprisal, SCORING_IO.greater, SCORING_IO.entropy, SCORING_IO.topLogProbs, SCORING_IO.topIds];
  const rowBlock = options.rowLoop ?? true ? (options.rowBlock ?? DEFAULT_ROW_BLOCK) : 1;
  if (options.rowLoop ?? true) {
    // A few rows at a time: a Scan over [P / block, block, V]. Every pass after the lm_head then reads
    // rows from cache instead of a [P, V] tensor from memory (1.55× the rows per CPU-second on the
    // bundled student), and only the logits themselves are [P, V].
    const row = onnx.GraphProto.create({
      name: 'rsr/row',
      input: [tensorValueInfo('rsr/row/z', ELEM.FLOAT, [rowBlock, vocabSize]), tensorValueInfo('rsr/row/label', ELEM.INT64, [rowBlock, 1])],
    }) as GraphProto;
    // Everything that computes runs in the loop, on tensors of the same shape whatever the number of
    // rows: ONNX Runtime's CPU kernels (Log, Exp, the sums) can round differently on tensors of
    // other lengths, which would make a row's numbers depend on its neighbours (batching).
    const r = graphBuilder(row, opset, 'rsr/row');
    const inRow = rowScores(r, rowSums(r, 'rsr/row/z', 'rsr/row/label', 1, { vocabSize, topK, block, mayMask }));
    row.output = inRow.map((name, i) => shapeless(name, i === 4 ? ELEM.INT64 : ELEM.FLOAT));
    const rows = b.node('Reshape', [z, b.constInt64([-1, rowBlock, vocabSize])]);
    const labels = b.node('Reshape', [SCORING_IO.labels, b.constInt64([-1, rowBlock, 1])]);
    // Stacked [P / block, block, n] → [1, P, n], the whole-tensor reductions' shape.
    const stacked = b.multi('Scan', [rows, labels], 5, { num_scan_inputs: 2, body: row });
    stacked.forEach((t, i) => b.output(b.node('Reshape', [t, b.constInt64([1, -1, 0])], {}, scores[i]), i === 4 ? ELEM.INT64 : ELEM.FLOAT));
  } else {
    const labels = b.node('Reshape', [SCORING_IO.labels, b.constInt64([1, -1, 1])]);
    const out = rowScores(b, rowSums(b, z, labels, 2, { vocabSize, topK, block, mayMask, topKByRounds: true }));
    out.forEach((t, i) => b.output(b.node('Identity', [t], {}, scores[i]), i === 4 ? ELEM.INT64 : ELEM.FLOAT));
  }

  // (3) inputs in, logits out.
  graph.input.push(tensorValueInfo(SCORING_IO.positions, ELEM.INT64, ['rsr_rows']));
  graph.input.push(tensorValueInfo(SCORING_IO.labels, ELEM.INT64, ['rsr_rows']));
  graph.output = graph.output.filter((o) => o.name !== 'logits');
  graph.output.unshift(...b.outputs);
  return { vocabSize, topK, lmHead: head.name ?? head.opType ?? 'lm_head', rowBlock };
}

/** What the passes over each row leave: a few numbers per row, combined into the scores by rowScores. */
interface RowSums {
  target: string;
  greater: string;
  topValues: string;
  topIds: string;
  max: string;
  /** Σ exp(z − max) and Σ exp(z − max)·(z − max), each in two float32 levels (blocks of `block`, then the block sums). */
  sumExp: string;
  weighted: string;
}

/**
 * The passes over each row of `z` (its last axis, `axis`, holds the V logits; `labels` has a 1
 * there): the target logit, the strict greater-than count, the top-k, and the sums of exp(z − max)
 * and of exp(z − max)·(z − max). One float32 sum over 151,936 terms loses ~1e-3 nats, two levels
 * (blocks, then the block sums) keep the reference's precision (DESIGN.md). Every reduction runs
 * along the row, so a row's numbers never depend on how many rows there are.
 */
function rowSums(b: Builder, z: string, labels: string, axis: number, o: { vocabSize: number; topK: number; block: number; mayMask: boolean; topKByRounds?: boolean }): RowSums {
  const target = b.node('GatherElements', [z, labels], { axis });
  // Counts stay exact in float32: every partial sum is an integer below 2^24.
  const greater = b.reduce('ReduceSum', b.node('Cast', [b.node('Greater', [z, target])], { to: ELEM.FLOAT }), axis, true);
  const [topValues, topIds] = o.topKByRounds && !o.mayMask ? topKByRounds(b, z, axis, o.topK) : b.multi('TopK', [z, b.constInt64([o.topK])], 2, { axis: -1, largest: 1, sorted: 1 });
  // The max is TopK's first value: one pass over the row fewer than a ReduceMax, the same number.
  const max = b.node('Slice', [topValues, b.constInt64([0]), b.constInt64([1]), b.constInt64([axis])]);
  const shifted = b.node('Sub', [z, max]);
  const exp = b.node('Exp', [shifted]);
  // A −∞ (masked) logit would give 0 · −∞ = NaN in the entropy: clamp to the lowest float32 first,
  // which changes nothing else (its exp is 0 either way). The clamp is a full pass over the row
  // (17% of a run in ORT's CPU profile), so it is only added where −∞ can occur.
  const finite = o.mayMask ? b.node('Max', [shifted, b.constFloat(-3.4028234663852886e38)]) : shifted;
  return {
    target,
    greater,
    topValues,
    topIds,
    max,
    sumExp: b.reduce('ReduceSum', b.blockSums(exp, o.vocabSize, o.block, axis), axis, true),
    weighted: b.reduce('ReduceSum', b.blockSums(b.node('Mul', [exp, finite]), o.vocabSize, o.block, axis), axis, true),
  };
}

/**
 * The top k of the last axis without a sort, for WebGPU: k rounds of ArgMax, the value there, and
 * that logit set to −∞. ONNX Runtime WebGPU's TopK bitonic-sorts the whole row (151,936 logits
 * padded to 2^18, 171 dispatches), which on SwiftShader took ~1.5 s a scored row, most of a call;
 * these rounds are ~3k passes fewer. The same values (each is a logit, read as it is) and the same
 * ids: ArgMax takes the first of equal values, as TopK puts the lower index first. Exact only while
 * every logit is finite (a −∞ logit could be picked twice), so not for graphs that may mask
 * (findLmHead's mayMask). Returns [values, ids] like TopK.
 */
function topKByRounds(b: Builder, z: string, axis: number, k: number): [string, string] {
  const values: string[] = [];
  const ids: string[] = [];
  let row = z;
  for (let round = 0; round < k; round++) {
    const id = b.node('ArgMax', [row], { axis, keepdims: 1, select_last_index: 0 });
    values.push(b.node('GatherElements', [row, id], { axis }));
    ids.push(id);
    if (round < k - 1) row = b.node('ScatterElements', [row, id, b.node('Expand', [b.constFloat(-Infinity), b.node('Shape', [id])])], { axis });
  }
  return [b.node('Concat', values, { axis }), b.node('Concat', ids, { axis })];
}

/**
 * The scores from the row sums, element by element: surprisal = (max − z_t) + log Σ exp(z − max),
 * entropy = log Σe − Σ(e·(z − max)) / Σe, the top-k log-probabilities; the count and the top ids as
 * they are. Returns [surprisal, greater, entropy, topLogProbs, topIds].
 */
function rowScores(b: Builder, r: RowSums): string[] {
  const logSumExp = b.node('Log', [r.sumExp]);
  const surprisal = b.node('Add', [b.node('Sub', [r.max, r.target]), logSumExp]);
  const entropy = b.node('Sub', [logSumExp, b.node('Div', [r.weighted, r.sumExp])]);
  const topLogProbs = b.node('Sub', [b.node('Sub', [r.topValues, r.max]), logSumExp]);
  return [surprisal, r.greater, entropy, topLogProbs, r.topIds];
}

type Builder = ReturnType<typeof graphBuilder>;

/** A graph output whose shape is left to the runtime (declared rank 0 would be wrong). */
function shapeless(name: string, elemType: number) {
  const info = tensorValueInfo(name, elemType, []);
  info.type!.tensorType!.shape = null;
  return info;
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
