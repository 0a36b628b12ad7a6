import { graphBuilder } from './graphBuilder';
import { ELEM, type GraphProto, type ModelProto, type NodeProto, defaultOpset, valueShape } from './onnxGraph';
import { StudentError } from './studentError';

/**
 * Rewrite every `com.microsoft.GroupQueryAttention` node into standard ONNX ops, for WebGPU.
 *
 * Why: ONNX Runtime's WebGPU GroupQueryAttention is built around the KV cache ONNX Runtime GenAI
 * feeds it (one static buffer shared by past and present, its valid length in `seqlens_k`). Fed
 * the way RSR Lens scores — a cache that grows chunk by chunk, several tokens on top of a past — it
 * gave surprisals up to 4.5 nats off the CPU's on SwiftShader, while plain attention agreed within
 * 3e-5 (measured in bench:webgpu: see the README). The ops below are the contract of ONNX Runtime's
 * CPU kernel (contrib_ops/cpu/bert/group_query_attention*.{h,cc}), written with the same standard
 * ops an eager export uses, so WebGPU computes what WASM computes:
 * - query [B, S, N·H] (key, value [B, S, KV·H]), or packed QKV [B, S, (N + 2·KV)·H] (key absent);
 * - rotary (`do_rotary`) from `cos_cache`/`sin_cache` [max positions, R/2] at the positions
 *   `seqlens_k[b] + 1 − S + s` (total length − 1 = `seqlens_k`), or at `position_ids` (input 9);
 *   halves (`rotary_interleaved` 0) or pairs (1); R = 2 · cos_cache's width may be < H (the rest passes);
 * - present = Concat(past, rotated K / V) on the sequence axis, in the cache's element type;
 * - scores = (Q · Kᵀ) · scale (default 1/√H), key j allowed for query s iff j ≤ pos(s) (and
 *   j > pos(s) − local_window_size when a window is set), softmax in float32, · V.
 * Every GQA model RSR Lens loads is fed an all-ones attention mask, so positions and cache indices agree.
 *
 * Refused (a StudentError of kind 'device': another device scores the model exactly): attention
 * softcap (WGSL's tanh is not correctly rounded), smooth_softmax and head sinks, an attention bias,
 * quantized KV caches, fused Q/K norms and the QK output — none occurs in the students RSR Lens
 * targets, and an approximation would change numbers silently.
 */
export function decomposeGroupQueryAttention(model: ModelProto, config: Record<string, any> = {}): number {
  const graph = model.graph as GraphProto | null;
  if (!graph) return 0;
  const refusal = gqaRefusal(model, config);
  if (refusal) throw refusal;
  const b = graphBuilder(graph, defaultOpset(model), 'rsr_gqa');
  const shared = new Map<string, { pos: string; mask: Map<number, string> }>();
  const kept: NodeProto[] = [];
  let replaced = 0;
  for (const node of [...graph.node] as NodeProto[]) {
    if (node.opType !== 'GroupQueryAttention' || node.domain !== 'com.microsoft') {
      kept.push(node);
      continue;
    }
    const before = graph.node.length;
    rewriteNode(b, graph, node, config, shared);
    // The builder appends: move what it added into the replaced node's place (topological order).
    kept.push(...(graph.node.splice(before) as NodeProto[]));
    replaced++;
  }
  graph.node = kept;
  return replaced;
}

type Builder = ReturnType<typeof graphBuilder>;

const refuse = (why: string) =>
  new StudentError(`GroupQueryAttention ${why}: RSR Lens cannot rewrite it into ops that WebGPU computes exactly, so this model is refused for WebGPU; score it on WASM (the same numbers as the CLI)`, 'device');

function attributes(node: NodeProto) {
  const int = (name: string, fallback: number) => {
    const a = node.attribute.find((x) => x.name === name);
    return a ? Number(a.i ?? 0) : fallback;
  };
  const float = (name: string, fallback: number) => {
    const a = node.attribute.find((x) => x.name === name);
    return a ? Number(a.f ?? 0) : fallback;
  };
  return {
    heads: int('num_heads', 0),
    kvHeads: int('kv_num_heads', 0),
    scale: float('scale', 0),
    softcap: float('softcap', 0),
    window: int('local_window_size', -1),
    rotary: int('do_rotary', 0) === 1,
    interleaved: int('rotary_interleaved', 0) === 1,
    smoothSoftmax: int('smooth_softmax', 0),
    has: (name: string) => node.attribute.some((x) => x.name === name),
  };
}

/** The head size: from the cache's declared shape, else config.json (GenAI leaves it symbolic). */
function headSize(graph: GraphProto, pastKey: string | undefined, config: Record<string, any>, heads: number): number | undefined {
  const dims = pastKey ? valueShape(graph, pastKey)?.dims : undefined;
  if (typeof dims?.[3] === 'number' && dims[3] > 0) return dims[3];
  const h = Number(config.head_dim ?? config.hidden_size / (config.num_attention_heads ?? heads));
  return Number.isInteger(h) && h > 0 ? h : undefined;
}

/**
 * Why a GroupQueryAttention cannot be rewritten exactly, as the StudentError to throw (kind
 * 'device'), or undefined when it can: checked on the graph alone, so a model can be refused before
 * its weights are downloaded (studentFiles.ts).
 */
export function gqaRefusal(model: ModelProto, config: Record<string, any> = {}): StudentError | undefined {
  const graph = model.graph as GraphProto | null;
  const nodes = ((graph?.node ?? []) as NodeProto[]).filter((n) => n.opType === 'GroupQueryAttention' && n.domain === 'com.microsoft');
  if (!graph || !nodes.length) return undefined;
  if (defaultOpset(model) < 13) return refuse(`in an opset ${defaultOpset(model)} graph (the rewrite needs opset 13's Split, Squeeze and Unsqueeze)`);
  for (const node of nodes) {
    const why = nodeRefusal(graph, node, config);
    if (why) return refuse(why);
  }
  return undefined;
}

function nodeRefusal(graph: GraphProto, node: NodeProto, config: Record<string, any>): string | undefined {
  const a = attributes(node);
  const input = (i: number) => (node.input[i] ? node.input[i] : undefined);
  if (a.softcap !== 0) return `with softcap ${a.softcap} (WGSL's tanh is not correctly rounded)`;
  if (a.smoothSoftmax) return 'with smooth_softmax';
  for (const attr of ['k_quant_type', 'v_quant_type', 'kv_cache_bit_width', 'qk_norm_epsilon']) {
    if (a.has(attr)) return `with ${attr} (a quantized cache or fused Q/K norms)`;
  }
  if (node.output.length > 3 && node.output[3]) return 'with a QK output';
  if (input(10)) return 'with an attention bias';
  if (input(11)) return 'with head sinks';
  if (node.input.slice(12).some(Boolean)) return 'with inputs past head_sink (quantized cache scales or Q/K norm weights)';
  if (!a.heads || !a.kvHeads) return 'without num_heads / kv_num_heads';
  if (!input(5)) return 'without seqlens_k';
  if (!input(3) || !input(4)) return 'without a past key/value';
  if (a.rotary && (!input(7) || !input(8))) return 'with do_rotary but no cos_cache/sin_cache';
  if (input(1) && !input(2)) return 'with a key but no value';
  if (!headSize(graph, input(3), config, a.heads)) return 'whose head size the graph leaves symbolic and config.json does not give (head_dim, hidden_size)';
  return undefined;
}

function rewriteNode(b: Builder, graph: GraphProto, node: NodeProto, config: Record<string, any>, shared: Map<string, { pos: string; mask: Map<number, string> }>) {
  const a = attributes(node);
  const input = (i: number) => (node.input[i] ? node.input[i] : undefined);
  const [query, key, value, pastKey, pastValue, seqlensK, , cosCache, sinCache, positionIds] = Array.from({ length: 10 }, (_, i) => input(i)) as (string | undefined)[];
  if (!pastKey || !pastValue || !seqlensK) throw refuse('without a past key/value or seqlens_k');
  const H = headSize(graph, pastKey, config, a.heads)!;
  const N = a.heads;
  const KV = a.kvHeads;
  // The cache's element type is the compute type (the kernel requires Q, K, V and the caches alike).
  const cacheType = elemTypeOf(graph, pastKey) ?? ELEM.FLOAT;
  const f32 = (x: string) => (cacheType === ELEM.FLOAT ? x : b.node('Cast', [x], { to: ELEM.FLOAT }));

  // Q, K, V as [B, heads, S, H] in float32 (every kernel of the CPU's float16 path accumulates in float32).
  const toHeads = (x: string, n: number) => b.node('Transpose', [b.node('Reshape', [x, b.constInt64([0, 0, n, H])])], { perm: [0, 2, 1, 3] });
  let q: string;
  let k: string;
  let v: string;
  if (!key) {
    const all = b.node('Reshape', [f32(query!), b.constInt64([0, 0, N + 2 * KV, H])]);
    [q, k, v] = b.multi('Split', [all, b.constInt64([N, KV, KV])], 3, { axis: 2 }).map((t) => b.node('Transpose', [t], { perm: [0, 2, 1, 3] }));
  } else {
    [q, k, v] = [toHeads(f32(query!), N), toHeads(f32(key), KV), toHeads(f32(value!), KV)];
  }

  // Positions (for rotary and the causal mask), built once per seqlens_k: seqlens_k + 1 − S + s.
  const S = b.node('Slice', [b.node('Shape', [query!]), b.constInt64([1]), b.constInt64([2])]);
  if (!shared.has(seqlensK + '|' + (positionIds ?? ''))) {
    const s = b.node('Range', [b.constInt64Scalar(0), b.node('Squeeze', [S, b.constInt64([0])]), b.constInt64Scalar(1)]);
    const last = b.node('Unsqueeze', [b.node('Cast', [seqlensK], { to: ELEM.INT64 }), b.constInt64([1])]);
    const fromSeqlens = b.node('Add', [b.node('Sub', [b.node('Add', [last, b.constInt64([1])]), S]), b.node('Unsqueeze', [s, b.constInt64([0])])]);
    shared.set(seqlensK + '|' + (positionIds ?? ''), { pos: positionIds ?? fromSeqlens, mask: new Map() });
  }
  const memo = shared.get(seqlensK + '|' + (positionIds ?? ''))!;
  // position_ids (input 9) place the rotary only; the causal mask always follows seqlens_k.
  const maskPos = shared.get(seqlensK + '|')?.pos ?? memo.pos;

  if (a.rotary) {
    const angle = (cache: string) => b.node('Unsqueeze', [b.node('Gather', [f32(cache), memo.pos], { axis: 0 }), b.constInt64([1])]);
    const cos = angle(cosCache!);
    const sin = angle(sinCache!);
    const half = b.node('Slice', [b.node('Shape', [cosCache!]), b.constInt64([1]), b.constInt64([2])]);
    q = rotate(b, q, cos, sin, half, a.interleaved);
    k = rotate(b, k, cos, sin, half, a.interleaved);
  }

  // Present = past ++ new, in the cache's element type (the CPU writes rotated K into the cache).
  const asCache = (x: string) => (cacheType === ELEM.FLOAT ? x : b.node('Cast', [x], { to: cacheType }));
  const presentK = b.node('Concat', [pastKey, asCache(k)], { axis: 2 }, node.output[1] || undefined);
  const presentV = b.node('Concat', [pastValue, asCache(v)], { axis: 2 }, node.output[2] || undefined);
  const kAll = cacheType === ELEM.FLOAT ? presentK : f32(presentK);
  const vAll = cacheType === ELEM.FLOAT ? presentV : f32(presentV);

  // Mask [B, 1, S, T]: key j is seen from query s iff j ≤ pos(s) (and within the window).
  if (!memo.mask.has(a.window)) {
    const T = b.node('Squeeze', [b.node('Slice', [b.node('Shape', [kAll]), b.constInt64([2]), b.constInt64([3])]), b.constInt64([0])]);
    const j = b.node('Range', [b.constInt64Scalar(0), T, b.constInt64Scalar(1)]);
    const p = b.node('Unsqueeze', [maskPos, b.constInt64([1, 3])]);
    let allowed = b.node('LessOrEqual', [j, p]);
    // The window holds the last w keys, the query's own included: j > pos − w (measured against the
    // CPU kernel of onnxruntime-node 1.30; a window of w + 1 keys moved surprisals by up to 5.7 nats).
    if (a.window > 0) allowed = b.node('And', [allowed, b.node('Greater', [j, b.node('Sub', [p, b.constInt64([a.window])])])]);
    memo.mask.set(a.window, b.node('Where', [allowed, b.constFloat(0), b.constFloat(-3.4028234663852886e38)]));
  }

  // Each KV head serves N / KV query heads in a row: repeat it as the eager exports do.
  const groups = N / KV;
  const repeat = (t: string) =>
    groups === 1 ? t : b.node('Reshape', [b.node('Expand', [b.node('Unsqueeze', [t, b.constInt64([2])]), b.constInt64([1, 1, groups, 1, 1])]), b.constInt64([0, N, -1, H])]);
  const scale = a.scale || 1 / Math.sqrt(H);
  const scores = b.node('Mul', [b.node('MatMul', [q, b.node('Transpose', [repeat(kAll)], { perm: [0, 1, 3, 2] })]), b.constFloat(Math.fround(scale))]);
  const probs = b.node('Softmax', [b.node('Add', [scores, memo.mask.get(a.window)!])], { axis: -1 });
  const out = b.node('Reshape', [b.node('Transpose', [b.node('MatMul', [probs, repeat(vAll)])], { perm: [0, 2, 1, 3] }), b.constInt64([0, 0, N * H])]);
  b.node(cacheType === ELEM.FLOAT ? 'Identity' : 'Cast', [out], cacheType === ELEM.FLOAT ? {} : { to: cacheType }, node.output[0]);
}

/** RoPE on [B, heads, S, H]: the first R dims rotated (R/2 = `half`), by halves or by pairs; the rest passes. */
function rotate(b: Builder, x: string, cos: string, sin: string, half: string, interleaved: boolean): string {
  const axis = b.constInt64([3]);
  const R = b.node('Mul', [half, b.constInt64([2])]);
  const rotated = b.node('Slice', [x, b.constInt64([0]), R, axis]);
  const pass = b.node('Slice', [x, R, b.constInt64([2 ** 31 - 1]), axis]);
  let out: string;
  if (!interleaved) {
    const x1 = b.node('Slice', [rotated, b.constInt64([0]), half, axis]);
    const x2 = b.node('Slice', [rotated, half, R, axis]);
    const y1 = b.node('Sub', [b.node('Mul', [x1, cos]), b.node('Mul', [x2, sin])]);
    const y2 = b.node('Add', [b.node('Mul', [x2, cos]), b.node('Mul', [x1, sin])]);
    out = b.node('Concat', [y1, y2], { axis: 3 });
  } else {
    // Pairs (x[2i], x[2i+1]): [.., R] → [.., R/2, 2], rotate, and back.
    const pairs = b.node('Reshape', [rotated, b.constInt64([0, 0, 0, -1, 2])]);
    const [even, odd] = b.multi('Split', [pairs, b.constInt64([1, 1])], 2, { axis: 4 }).map((t) => b.node('Squeeze', [t, b.constInt64([4])]));
    const y1 = b.node('Sub', [b.node('Mul', [even, cos]), b.node('Mul', [odd, sin])]);
    const y2 = b.node('Add', [b.node('Mul', [odd, cos]), b.node('Mul', [even, sin])]);
    const stacked = b.node('Concat', [b.node('Unsqueeze', [y1, b.constInt64([4])]), b.node('Unsqueeze', [y2, b.constInt64([4])])], { axis: 4 });
    out = b.node('Reshape', [stacked, b.constInt64([0, 0, 0, -1])]);
  }
  return b.node('Concat', [out, pass], { axis: 3 });
}

/** The declared element type of a graph input (the caches always are one). */
function elemTypeOf(graph: GraphProto, name: string): number | undefined {
  const declared = [...graph.input, ...graph.valueInfo].find((v) => v.name === name)?.type?.tensorType?.elemType;
  return declared ? Number(declared) : undefined;
}
