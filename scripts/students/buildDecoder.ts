import { type GraphProto, type ModelProto, type NodeProto, onnx, tensorValueInfo } from '../../src/core/score/onnxGraph';
import { type ModelDescription, type WeightSource, layerBias, layerWeight } from './modelDescription';
import { type Graph, TYPE, type TensorSink, createGraph, tensor } from './onnxBuilder';
import { quantizeBnb4, quantizeNBits, quantizeQ8, toFloat16Bits, transpose } from './quantize';

/** How one ONNX file of a student is laid out: the ways real exports differ from the bundled toy. */
export interface GraphLayout {
  /** Weights, activations, logits and KV cache in float32, or in float16 (transformers.js fp16 / q4f16). */
  precision: 'float32' | 'float16';
  /** How the linear layers store their weights. */
  linear: 'float' | 'nbits4' | 'bnb4' | 'q8-uint8' | 'q8-int8';
  /**
   * The lm_head: `tied` = MatMul by Transpose(embedding) (what a tied export keeps), `untied` = its
   * own [H, V] weight, encoded like the linear layers, `shared` = GenAI's int4 shared embedding: the
   * MatMulNBits weight also feeds a GatherBlockQuantized embedding.
   */
  lmHead: 'tied' | 'untied' | 'shared';
  /** Ops after the lm_head projection, in order. */
  tail?: ('softcap' | 'mask' | 'cast')[];
  /** Eager attention (MatMul, Softmax, RoPE from position_ids) or GenAI's GroupQueryAttention. */
  attention: 'eager' | 'gqa';
  /**
   * GQA: one projection for Q, K and V, fed to GroupQueryAttention packed (its key and value inputs
   * empty), as GenAI's builder and the Hub's GQA exports write it (`use_packed_matmul`). Q/K norms
   * (Qwen3) cannot act on a packed input, so this layout leaves them out.
   */
  packedQkv?: boolean;
  /** GQA: keep a `position_ids` input and feed it to GroupQueryAttention's position_ids (input 9). */
  positionIds?: boolean;
  /** GenAI's fused SimplifiedLayerNormalization instead of Pow/ReduceMean/Sqrt. */
  fusedNorms?: boolean;
  /** MatMulNBits accuracy_level (GenAI's CPU int4 uses 4: int8 activations per block). */
  accuracyLevel?: number;
  /** A `num_logits_to_keep` input slicing the hidden rows before the lm_head (0 keeps all). */
  logitsToKeep?: boolean;
  /** Optimum's old merged decoder: an If on `use_cache_branch` chooses the with-past branch. */
  merged?: boolean;
  /** No KV cache at all (an export without past): RSR Lens refuses it. */
  noCache?: boolean;
  /** logits = Softmax(projection): probabilities, which RSR Lens refuses. */
  softmaxOutput?: boolean;
  /** Symbolic head size in the cache inputs, as GenAI writes it (`kv_cache_dim`). */
  symbolicCacheDim?: boolean;
}

const SOFTCAP = 30;
/** Qwen3's tokenizer has 151,669 ids; the rows above are padding that a masked export sets to −∞. */
const REAL_VOCAB = 151669;

/**
 * Build a complete decoder-only model from its description, its weights and a layout. With a
 * `sink`, every initializer goes to it as soon as it is made (real sizes stream to external data).
 */
export function buildDecoder(desc: ModelDescription, weights: WeightSource, layout: GraphLayout, sink?: TensorSink): ModelProto {
  const main = createGraph('rsr-student', { sink });
  const F = layout.precision === 'float16' ? TYPE.FLOAT16 : TYPE.FLOAT;
  const kvDim = layout.symbolicCacheDim ? 'kv_cache_dim' : desc.headDim;

  main.input('input_ids', TYPE.INT64, ['batch_size', 'sequence_length']);
  main.input('attention_mask', TYPE.INT64, ['batch_size', 'total_sequence_length']);
  if (layout.attention === 'eager' || layout.positionIds) main.input('position_ids', TYPE.INT64, ['batch_size', 'sequence_length']);
  const cache = layout.noCache ? [] : Array.from({ length: desc.layers }, (_, i) => i);
  for (const i of cache) {
    for (const kind of ['key', 'value']) main.input(`past_key_values.${i}.${kind}`, F, ['batch_size', desc.kvHeads, 'past_sequence_length', kvDim]);
  }
  if (layout.logitsToKeep) main.input('num_logits_to_keep', TYPE.INT64, []);
  if (layout.merged) main.input('use_cache_branch', TYPE.BOOL, [1]);

  const logitsType = layout.tail?.includes('cast') ? TYPE.FLOAT : F;
  const outputs = ['logits', ...cache.flatMap((i) => [`present.${i}.key`, `present.${i}.value`])];
  main.output('logits', logitsType, ['batch_size', 'sequence_length', desc.vocab]);
  for (const name of outputs.slice(1)) main.output(name, F, ['batch_size', desc.kvHeads, 'total_sequence_length', kvDim]);

  if (!layout.merged) {
    decoderBody(main, main, desc, weights, layout, { withPast: !layout.noCache, outputs });
  } else {
    // Optimum's merge: both branches compute the same decoder, one from the past, one without it;
    // the branches read the main graph's inputs and initializers from the outer scope.
    const branch = (withPast: boolean) => {
      const sub = createGraph(withPast ? 'with_past' : 'without_past');
      const names = outputs.map((o) => `${sub.graph.name}/${o}`);
      decoderBody(sub, main, desc, weights, layout, { withPast, outputs: names });
      names.forEach((n, i) => sub.graph.output.push(tensorValueInfo(n, i === 0 ? logitsType : F, [])));
      for (const o of sub.graph.output) o.type!.tensorType!.shape = null;
      return sub.graph;
    };
    main.nodeN('If', ['use_cache_branch'], outputs.length, { then_branch: { graph: branch(true) }, else_branch: { graph: branch(false) } }, { outputs });
  }
  return onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'rsr-lens make-students',
    opsetImport: [
      { domain: '', version: 17 },
      { domain: 'com.microsoft', version: 1 },
    ],
    graph: main.graph,
  }) as ModelProto;
}

/**
 * The decoder's nodes, written into `g` (the main graph or an If branch) with initializers in
 * `store` (always the main graph, so both branches of a merged decoder share them).
 */
function decoderBody(g: Graph, store: Graph, desc: ModelDescription, W: WeightSource, layout: GraphLayout, io: { withPast: boolean; outputs: string[] }) {
  const F = layout.precision === 'float16' ? TYPE.FLOAT16 : TYPE.FLOAT;
  const half = F === TYPE.FLOAT16;
  const { hidden: H, heads, kvHeads, headDim: hd, vocab: V } = desc;
  const weight = (name: string) => {
    const w = W.get(name);
    if (!w) throw new Error(`missing weight ${name}`);
    return w;
  };
  /** An initializer made once under `name`: the two branches of a merged decoder share it. */
  const initOnce = (name: string, make: () => ReturnType<typeof tensor>) => (store.graph.initializer.some((t) => t.name === name) ? name : store.init(make()));
  /** A float initializer in the compute precision. */
  const floatInit = (name: string, dims: number[], data: Float32Array) =>
    initOnce(name, () => (half ? tensor(name, TYPE.FLOAT16, dims, toFloat16Bits(data)) : tensor(name, TYPE.FLOAT, dims, data)));
  const scalar = (v: number) => (half ? store.constant(TYPE.FLOAT16, [], toFloat16Bits(Float32Array.of(v))) : store.float(v));
  const toF32 = (x: string) => (half ? g.op('Cast', [x], { to: TYPE.FLOAT }) : x);
  const toF = (x: string) => (half ? g.op('Cast', [x], { to: TYPE.FLOAT16 }) : x);

  /** RMSNorm as Qwen computes it: in float32, the weight applied after casting back. */
  function rmsNorm(x: string, w: string): string {
    const gamma = floatInit(w, [weight(w).dims[0]], weight(w).data);
    if (layout.fusedNorms) return g.op('SimplifiedLayerNormalization', [x, gamma], { axis: -1, epsilon: { float: desc.rmsEps }, stash_type: 1 });
    const x32 = toF32(x);
    const variance = g.op('ReduceMean', [g.op('Pow', [x32, store.float(2)])], { axes: [-1], keepdims: 1 });
    const inv = g.op('Div', [store.float(1), g.op('Sqrt', [g.op('Add', [variance, store.float(desc.rmsEps)])])]);
    return g.op('Mul', [gamma, toF(g.op('Mul', [x32, inv]))]);
  }

  /** y = x · Wᵀ for a PyTorch [out, in] weight, in the layout's encoding. */
  function linear(x: string, name: string, encoding: GraphLayout['linear'] = layout.linear, w = weight(name)): string {
    const [n, k] = w.dims;
    switch (encoding) {
      case 'float':
        return g.op('MatMul', [x, floatInit(`${name}.T`, [k, n], transpose(w.data, n, k))]);
      case 'nbits4': {
        const q = quantizeNBits(w.data, n, k);
        const B = initOnce(`${name}.nbits`, () => tensor(`${name}.nbits`, TYPE.UINT8, [n, q.blocks, 16], q.packed));
        const scales = floatInit(`${name}.nbits_scales`, [n * q.blocks], q.scales);
        const attrs: Record<string, number> = { K: k, N: n, bits: 4, block_size: 32 };
        if (layout.accuracyLevel) attrs.accuracy_level = layout.accuracyLevel;
        return g.ms('MatMulNBits', [x, B, scales], attrs);
      }
      case 'bnb4': {
        const q = quantizeBnb4(w.data, 64);
        const B = initOnce(`${name}.bnb4`, () => tensor(`${name}.bnb4`, TYPE.UINT8, [q.packed.length], q.packed));
        const absmax = floatInit(`${name}.bnb4_absmax`, [q.absmax.length], q.absmax);
        return g.ms('MatMulBnb4', [x, B, absmax], { K: k, N: n, block_size: 64, quant_type: 1 });
      }
      case 'q8-uint8':
      case 'q8-int8': {
        // quantize_dynamic's pattern: the activation's scale and zero point come from the whole tensor.
        const type = encoding === 'q8-int8' ? 'int8' : 'uint8';
        const q = quantizeQ8(w.data, n, k, type);
        const elem = type === 'int8' ? TYPE.INT8 : TYPE.UINT8;
        const B = initOnce(`${name}_quantized`, () => tensor(`${name}_quantized`, elem, [k, n], q.data));
        const wScale = initOnce(`${name}_scale`, () => tensor(`${name}_scale`, TYPE.FLOAT, [], Float32Array.of(q.scale)));
        const wZero = initOnce(`${name}_zero_point`, () => tensor(`${name}_zero_point`, elem, [], type === 'int8' ? Int8Array.of(q.zeroPoint) : Uint8Array.of(q.zeroPoint)));
        const [xq, xScale, xZero] = g.nodeN('DynamicQuantizeLinear', [x], 3);
        const product = g.op('MatMulInteger', [xq, B, xZero, wZero]);
        const scales = g.op('Mul', [xScale, wScale]);
        return g.op('Mul', [g.op('Cast', [product], { to: TYPE.FLOAT }), scales]);
      }
    }
  }

  // Embedding (and, for GenAI's shared int4 layout, the quantized weight the lm_head reuses).
  const E = weight('model.embed_tokens.weight');
  let embedded: string;
  let sharedHead: { B: string; scales: string } | undefined;
  if (layout.lmHead === 'shared') {
    const q = quantizeNBits(E.data, V, H);
    const B = store.init(tensor('lm_head.MatMul.weight_Q4', TYPE.UINT8, [V, q.blocks, 16], q.packed));
    const scales = floatInit('lm_head.MatMul.weight_scales', [V, q.blocks], q.scales);
    const flat = g.op('Reshape', [B, store.int64s([V, H / 2])]);
    embedded = g.ms('GatherBlockQuantized', [flat, 'input_ids', scales], { bits: 4, block_size: 32, gather_axis: 0, quantize_axis: 1 });
    sharedHead = { B, scales };
  } else if (layout.linear.startsWith('q8')) {
    // quantize_dynamic also quantizes the embedding table (DequantizeLinear → Gather).
    const q = quantizeQ8(transpose(E.data, V, H), H, V, 'uint8');
    const Eq = store.init(tensor('model.embed_tokens.weight_quantized', TYPE.UINT8, [V, H], q.data));
    const s = store.init(tensor('model.embed_tokens.weight_scale', TYPE.FLOAT, [], Float32Array.of(q.scale)));
    const z = store.init(tensor('model.embed_tokens.weight_zero_point', TYPE.UINT8, [], Uint8Array.of(q.zeroPoint)));
    embedded = g.op('Gather', [g.op('DequantizeLinear', [Eq, s, z]), 'input_ids']);
  } else {
    embedded = g.op('Gather', [floatInit('model.embed_tokens.weight', E.dims, E.data), 'input_ids']);
  }

  // Positions, mask and rotary tables shared by every layer.
  const pastLength = io.withPast ? g.op('Gather', [g.op('Shape', ['past_key_values.0.key']), store.int64s([2], [])], { axis: 0 }) : store.int64s([0], []);
  const rotaryInv = Float32Array.from({ length: hd / 2 }, (_, i) => 1 / desc.ropeTheta ** ((2 * i) / hd));
  let eager: { cos: string; sin: string; mask: string } | undefined;
  let gqa: { seqlensK: string; total: string; cos: string; sin: string } | undefined;
  if (layout.attention === 'eager') {
    const positions = g.op('Unsqueeze', [g.op('Cast', ['position_ids'], { to: TYPE.FLOAT }), store.int64s([-1])]);
    const freqs = g.op('Mul', [positions, store.constant(TYPE.FLOAT, [hd / 2], rotaryInv)]);
    const angles = g.op('Concat', [freqs, freqs], { axis: -1 });
    const expand = (x: string) => toF(g.op('Unsqueeze', [x, store.int64s([1])]));
    const seq = g.op('Gather', [g.op('Shape', ['input_ids']), store.int64s([1], [])], { axis: 0 });
    const total = g.op('Gather', [g.op('Shape', ['attention_mask']), store.int64s([1], [])], { axis: 0 });
    const one = store.int64s([1], []);
    const queryPos = g.op('Unsqueeze', [g.op('Add', [g.op('Range', [store.int64s([0], []), seq, one]), pastLength]), store.int64s([1])]);
    const keyPos = g.op('Unsqueeze', [g.op('Range', [store.int64s([0], []), total, one]), store.int64s([0])]);
    const causal = g.op('Unsqueeze', [g.op('LessOrEqual', [keyPos, queryPos]), store.int64s([0, 1])]);
    const padding = g.op('Greater', [g.op('Unsqueeze', ['attention_mask', store.int64s([1, 2])]), store.int64s([0], [])]);
    const mask = g.op('Where', [g.op('And', [causal, padding]), store.float(0), store.float(-3.4028234663852886e38)]);
    eager = { cos: expand(g.op('Cos', [angles])), sin: expand(g.op('Sin', [angles])), mask };
  } else {
    // GenAI's attention-mask subgraph: seqlens_k = Σ mask − 1, total_sequence_length = its width.
    const seqlensK = g.op('Cast', [g.op('Sub', [g.op('ReduceSum', ['attention_mask', store.int64s([1])], { keepdims: 0 }), store.int64s([1])])], { to: TYPE.INT32 });
    const total = g.op('Cast', [g.op('Gather', [g.op('Shape', ['attention_mask']), store.int64s([1], [])], { axis: 0 })], { to: TYPE.INT32 });
    // cos/sin caches [max positions, head_dim / 2], from the same float32 angles the eager graph computes.
    const rows = desc.maxPositions;
    const cos = new Float32Array(rows * (hd / 2));
    const sin = new Float32Array(rows * (hd / 2));
    for (let p = 0; p < rows; p++) {
      for (let i = 0; i < hd / 2; i++) {
        const angle = Math.fround(p * rotaryInv[i]);
        cos[p * (hd / 2) + i] = Math.cos(angle);
        sin[p * (hd / 2) + i] = Math.sin(angle);
      }
    }
    gqa = { seqlensK, total, cos: floatInit('cos_cache', [rows, hd / 2], cos), sin: floatInit('sin_cache', [rows, hd / 2], sin) };
  }

  const rotateHalf = (x: string) => {
    const first = g.op('Slice', [x, store.int64s([0]), store.int64s([hd / 2]), store.int64s([3])]);
    const second = g.op('Slice', [x, store.int64s([hd / 2]), store.int64s([hd]), store.int64s([3])]);
    return g.op('Concat', [g.op('Neg', [second]), first], { axis: -1 });
  };
  const rope = (x: string) => g.op('Add', [g.op('Mul', [x, eager!.cos]), g.op('Mul', [rotateHalf(x), eager!.sin])]);

  /** The post-attention norm and SwiGLU MLP of layer `l`, with its residual. */
  const mlp = (h: string, l: number) => {
    const y = rmsNorm(h, layerWeight(l, 'post_attention_layernorm'));
    const gate = linear(y, layerWeight(l, 'mlp.gate_proj'));
    const up = linear(y, layerWeight(l, 'mlp.up_proj'));
    return g.op('Add', [h, linear(g.op('Mul', [g.op('Mul', [gate, g.op('Sigmoid', [gate])]), up]), layerWeight(l, 'mlp.down_proj'))]);
  };

  let h = embedded;
  for (let l = 0; l < desc.layers; l++) {
    const x = rmsNorm(h, layerWeight(l, 'input_layernorm'));
    // Qwen2 adds a bias to q, k and v (an Add after the projection, as exports write it).
    const projection = (part: string) => {
      const y = linear(x, layerWeight(l, part));
      if (!desc.qkvBias) return y;
      const b = weight(layerBias(l, part));
      return g.op('Add', [y, floatInit(layerBias(l, part), b.dims, b.data)]);
    };
    const perHead = (t: string, n: number) => g.op('Reshape', [t, store.int64s([0, 0, n, hd])]);
    const [presentK, presentV] = [io.outputs[1 + 2 * l], io.outputs[2 + 2 * l]];
    let attended: string;
    if (gqa && layout.packedQkv) {
      // One [(N + 2·KV)·hd, H] weight (and bias): the rows of q_proj, k_proj and v_proj in that order.
      const parts = ['self_attn.q_proj', 'self_attn.k_proj', 'self_attn.v_proj'];
      const stack = (names: string[]) => {
        const ws = names.map(weight);
        const data = new Float32Array(ws.reduce((n, w) => n + w.data.length, 0));
        ws.reduce((at, w) => (data.set(w.data, at), at + w.data.length), 0);
        return { dims: [ws.reduce((n, w) => n + w.dims[0], 0), ...ws[0].dims.slice(1)], data };
      };
      let qkv = linear(x, layerWeight(l, 'self_attn.qkv_proj'), layout.linear, stack(parts.map((p) => layerWeight(l, p))));
      if (desc.qkvBias) {
        const bias = stack(parts.map((p) => layerBias(l, p)));
        qkv = g.op('Add', [qkv, floatInit(layerBias(l, 'self_attn.qkv_proj'), bias.dims, bias.data)]);
      }
      const inputs = [qkv, '', '', `past_key_values.${l}.key`, `past_key_values.${l}.value`, gqa.seqlensK, gqa.total, gqa.cos, gqa.sin, ...(layout.positionIds ? ['position_ids'] : [])];
      const attrs = { num_heads: heads, kv_num_heads: kvHeads, do_rotary: 1, rotary_interleaved: 0, local_window_size: -1, scale: { float: 1 / Math.sqrt(hd) } };
      [attended] = g.nodeN('GroupQueryAttention', inputs, 3, attrs, { domain: 'com.microsoft', outputs: [g.fresh('GroupQueryAttention/output'), presentK, presentV] });
      h = g.op('Add', [h, linear(attended, layerWeight(l, 'self_attn.o_proj'))]);
      h = mlp(h, l);
      continue;
    }
    let q = projection('self_attn.q_proj');
    let k = projection('self_attn.k_proj');
    const v = projection('self_attn.v_proj');
    if (gqa) {
      if (desc.qkNorm) {
        q = g.op('Reshape', [rmsNorm(perHead(q, heads), layerWeight(l, 'self_attn.q_norm')), store.int64s([0, 0, heads * hd])]);
        k = g.op('Reshape', [rmsNorm(perHead(k, kvHeads), layerWeight(l, 'self_attn.k_norm')), store.int64s([0, 0, kvHeads * hd])]);
      }
      const inputs = [q, k, v, `past_key_values.${l}.key`, `past_key_values.${l}.value`, gqa.seqlensK, gqa.total, gqa.cos, gqa.sin, ...(layout.positionIds ? ['position_ids'] : [])];
      const attrs = { num_heads: heads, kv_num_heads: kvHeads, do_rotary: 1, rotary_interleaved: 0, local_window_size: -1, scale: { float: 1 / Math.sqrt(hd) } };
      [attended] = g.nodeN('GroupQueryAttention', inputs, 3, attrs, { domain: 'com.microsoft', outputs: [g.fresh('GroupQueryAttention/output'), presentK, presentV] });
    } else {
      const toHeads = (t: string) => g.op('Transpose', [t], { perm: [0, 2, 1, 3] });
      let qh = perHead(q, heads);
      let kh = perHead(k, kvHeads);
      if (desc.qkNorm) {
        qh = rmsNorm(qh, layerWeight(l, 'self_attn.q_norm'));
        kh = rmsNorm(kh, layerWeight(l, 'self_attn.k_norm'));
      }
      const qr = rope(toHeads(qh));
      const kr = rope(toHeads(kh));
      const vh = toHeads(perHead(v, kvHeads));
      const kAll = io.withPast ? g.op('Concat', [`past_key_values.${l}.key`, kr], { axis: 2 }, { output: presentK }) : g.op('Identity', [kr], {}, { output: presentK });
      const vAll = io.withPast ? g.op('Concat', [`past_key_values.${l}.value`, vh], { axis: 2 }, { output: presentV }) : g.op('Identity', [vh], {}, { output: presentV });
      const groups = heads / kvHeads;
      const repeat = (t: string) =>
        groups === 1 ? t : g.op('Reshape', [g.op('Expand', [g.op('Unsqueeze', [t, store.int64s([2])]), store.int64s([1, 1, groups, 1, 1])]), store.int64s([0, heads, -1, hd])]);
      const scores = g.op('Mul', [g.op('MatMul', [qr, g.op('Transpose', [repeat(kAll)], { perm: [0, 1, 3, 2] })]), scalar(1 / Math.sqrt(hd))]);
      // Softmax in float32, as Hugging Face's eager attention does for float16 models.
      const probs = toF(g.op('Softmax', [g.op('Add', [toF32(scores), eager!.mask])], { axis: -1 }));
      attended = g.op('Reshape', [g.op('Transpose', [g.op('MatMul', [probs, repeat(vAll)])], { perm: [0, 2, 1, 3] }), store.int64s([0, 0, heads * hd])]);
    }
    h = g.op('Add', [h, linear(attended, layerWeight(l, 'self_attn.o_proj'))]);
    h = mlp(h, l);
  }
  let final = rmsNorm(h, 'model.norm.weight');
  if (layout.logitsToKeep) {
    // hidden[:, -n:, :]; n = 0 keeps every row (−0 = 0), which is what RSR Lens feeds.
    const start = g.op('Neg', [g.op('Unsqueeze', ['num_logits_to_keep', store.int64s([0])])]);
    final = g.op('Slice', [final, start, store.int64s([Number.MAX_SAFE_INTEGER]), store.int64s([1])]);
  }

  // The lm_head and what follows it.
  let z: string;
  if (sharedHead) {
    const attrs: Record<string, number> = { K: H, N: V, bits: 4, block_size: 32 };
    if (layout.accuracyLevel) attrs.accuracy_level = layout.accuracyLevel;
    z = g.ms('MatMulNBits', [final, sharedHead.B, sharedHead.scales], attrs);
  } else if (layout.lmHead === 'tied') {
    z = g.op('MatMul', [final, g.op('Transpose', ['model.embed_tokens.weight'], { perm: [1, 0] })]);
  } else {
    z = linear(final, 'lm_head.weight', layout.linear, E);
  }
  const tail = layout.tail ?? [];
  tail.forEach((step, i) => {
    const last = i === tail.length - 1 && !layout.softmaxOutput;
    const out = last ? { output: io.outputs[0] } : {};
    if (step === 'softcap') {
      const cap = scalar(SOFTCAP);
      z = g.op('Mul', [g.op('Tanh', [g.op('Div', [z, cap])]), cap], {}, out);
    } else if (step === 'mask') {
      const padding = store.constant(TYPE.BOOL, [V], Uint8Array.from({ length: V }, (_, id) => (id >= REAL_VOCAB ? 1 : 0)));
      const minusInf = half ? store.constant(TYPE.FLOAT16, [], Uint16Array.of(0xfc00)) : store.float(-Infinity);
      z = g.op('Where', [padding, minusInf, z], {}, out);
    } else {
      z = g.op('Cast', [z], { to: TYPE.FLOAT }, out);
    }
  });
  if (layout.softmaxOutput) g.op('Softmax', [z], { axis: -1 }, { output: io.outputs[0] });
  else if (!tail.length) renameOutput(g.graph, z, io.outputs[0]);
}

/** Make the node producing `from` write `to` instead (the graph output's name). */
function renameOutput(graph: GraphProto, from: string, to: string) {
  for (const n of graph.node as NodeProto[]) n.output = n.output.map((o) => (o === from ? to : o));
}
