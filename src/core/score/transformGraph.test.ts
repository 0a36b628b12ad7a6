import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../stats/mulberry32';
import { ELEM, type GraphProto, type NodeProto, decodeModel, encodeModel, onnx, tensorValueInfo } from './onnxGraph';
import { reduceLogits } from './reduceLogits';
import { SCORING_IO, UnsupportedGraphError, transformForScoring } from './transformGraph';

const H = 4;

function floatTensor(name: string, values: number[], dims: number[]) {
  return onnx.TensorProto.create({ name, dataType: ELEM.FLOAT, dims, rawData: new Uint8Array(Float32Array.from(values).buffer) });
}

function node(opType: string, input: string[], output: string[], attrs: Record<string, number> = {}) {
  return onnx.NodeProto.create({
    opType,
    input,
    output,
    name: `${opType}_${output[0]}`,
    attribute: Object.entries(attrs).map(([name, i]) => onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i })),
  });
}

interface TinyOptions {
  vocab?: number;
  opset?: number;
  /** What sits between the projection "mm" and "logits". */
  head?: 'plain' | 'bias' | 'softcap' | 'float16' | 'tied' | 'masked' | 'softmax' | 'dynamicWeight';
  /** Declared width of the logits output (a name for a symbolic dim). */
  logitsDim?: number | string;
  /** Name of the graph output (to build a graph without "logits"). */
  outputName?: string;
}

/**
 * A tiny "language model": hidden [1, S, 4] in, logits [1, S, V] out through a MatMul with small
 * integer weights, so the logits are small integers, exact in float32, with plenty of ties.
 */
function tinyLm({ vocab = 6, opset = 17, head = 'plain', logitsDim = vocab, outputName = 'logits' }: TinyOptions = {}) {
  const rand = mulberry32(vocab * 31 + opset);
  const weights = Array.from({ length: H * vocab }, () => Math.floor(rand() * 5) - 2);
  // Two identical columns: their logits tie exactly in every row.
  for (let h = 0; h < H; h++) weights[h * vocab + 1] = weights[h * vocab + 0];
  const initializer = [floatTensor('W', weights, [H, vocab])];
  const nodes: NodeProto[] = [];
  const out = (name: string) => (name === 'logits' ? outputName : name);
  const inputs = [tensorValueInfo('hidden', ELEM.FLOAT, [1, 'S', H])];
  let logitsType: number = ELEM.FLOAT;
  switch (head) {
    case 'plain':
      nodes.push(node('MatMul', ['hidden', 'W'], [out('logits')]));
      break;
    case 'bias':
      initializer.push(floatTensor('b', Array.from({ length: vocab }, (_, i) => i % 3), [vocab]));
      nodes.push(node('MatMul', ['hidden', 'W'], ['mm']), node('Add', ['mm', 'b'], [out('logits')]));
      break;
    case 'softcap': // Gemma 2: cap · tanh(z / cap)
      initializer.push(floatTensor('cap', [30], []));
      nodes.push(node('MatMul', ['hidden', 'W'], ['mm']), node('Div', ['mm', 'cap'], ['d']), node('Tanh', ['d'], ['t']), node('Mul', ['t', 'cap'], [out('logits')]));
      break;
    case 'float16':
      logitsType = ELEM.FLOAT16;
      nodes.push(node('MatMul', ['hidden', 'W'], ['mm']), node('Cast', ['mm'], [out('logits')], { to: ELEM.FLOAT16 }));
      break;
    case 'tied': // weight = Transpose(embedding): static, though not an initializer itself
      initializer[0] = floatTensor('E', transpose(weights, H, vocab), [vocab, H]);
      nodes.push(node('Transpose', ['E'], ['W']), node('MatMul', ['hidden', 'W'], [out('logits')]));
      break;
    case 'masked': // a −∞ bias on the last id, as models that mask padding ids do
      initializer.push(floatTensor('mask', Array.from({ length: vocab }, (_, i) => (i === vocab - 1 ? -Infinity : 0)), [vocab]));
      nodes.push(node('MatMul', ['hidden', 'W'], ['mm']), node('Add', ['mm', 'mask'], [out('logits')]));
      break;
    case 'softmax':
      nodes.push(node('MatMul', ['hidden', 'W'], ['mm']), node('Softmax', ['mm'], [out('logits')], { axis: -1 }));
      break;
    case 'dynamicWeight':
      inputs.push(tensorValueInfo('W2', ELEM.FLOAT, [H, vocab]));
      nodes.push(node('MatMul', ['hidden', 'W2'], [out('logits')]));
      break;
  }
  const graph = onnx.GraphProto.create({
    name: 'tiny',
    node: nodes,
    initializer,
    input: inputs,
    output: [tensorValueInfo(outputName, logitsType, [1, 'S', logitsDim])],
  });
  const model = onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: opset }], graph });
  return { bytes: encodeModel(model), weights, head };
}

function transpose(m: number[], rows: number, cols: number): number[] {
  return Array.from({ length: rows * cols }, (_, i) => m[(i % rows) * cols + Math.floor(i / rows)]);
}

/** The logits the tiny model computes, in float64 (exact: small integers). */
function referenceLogits(hidden: number[], weights: number[], vocab: number, head: TinyOptions['head']): Float64Array[] {
  const s = hidden.length / H;
  return Array.from({ length: s }, (_, r) =>
    Float64Array.from({ length: vocab }, (_, v) => {
      let z = 0;
      for (let h = 0; h < H; h++) z += hidden[r * H + h] * weights[h * vocab + v];
      if (head === 'bias') z += v % 3;
      if (head === 'softcap') z = 30 * Math.tanh(z / 30);
      if (head === 'masked' && v === vocab - 1) z = -Infinity;
      return z;
    }),
  );
}

/** Run a transformed tiny model and compare every output with reduceLogits on the untouched logits. */
async function expectScoresMatch(options: TinyOptions & { block?: number; topK?: number; passVocabSize?: boolean }) {
  const vocab = options.vocab ?? 6;
  const { bytes, weights, head } = tinyLm(options);
  const transformed = transformForScoring(bytes, { block: options.block, topK: options.topK ?? 3, vocabSize: options.passVocabSize ? vocab : undefined });
  const session = await ort.InferenceSession.create(transformed.bytes);
  try {
    const S = 5;
    const rand = mulberry32(99);
    const hidden = Array.from({ length: S * H }, () => Math.floor(rand() * 5) - 2);
    const rows = [0, 2, 3, 4];
    const labels = rows.map((_, j) => (j * 7 + 1) % vocab);
    labels[1] = 0; // column 0 ties with column 1 in every row
    const out = await session.run({
      hidden: new ort.Tensor('float32', Float32Array.from(hidden), [1, S, H]),
      [SCORING_IO.positions]: new ort.Tensor('int64', BigInt64Array.from(rows, BigInt), [rows.length]),
      [SCORING_IO.labels]: new ort.Tensor('int64', BigInt64Array.from(labels, BigInt), [labels.length]),
    });
    const logits = referenceLogits(hidden, weights, vocab, head);
    const k = transformed.topK;
    rows.forEach((r, j) => {
      const want = reduceLogits(logits[r], labels[j], k);
      const label = `row ${r}`;
      expect(Number(out[SCORING_IO.greater].data[j]), label).toBe(want.greater);
      expect(Number(out[SCORING_IO.surprisal].data[j]), label).toBeCloseTo(want.surprisal, 4);
      expect(Number(out[SCORING_IO.entropy].data[j]), label).toBeCloseTo(want.entropy, 4);
      const topIds = Array.from((out[SCORING_IO.topIds].data as BigInt64Array).subarray(j * k, (j + 1) * k), Number);
      const topLogProbs = Array.from((out[SCORING_IO.topLogProbs].data as Float32Array).subarray(j * k, (j + 1) * k));
      // Among tied logits ORT's TopK order is its own: compare the values, and the ids where no tie.
      topLogProbs.forEach((lp, q) => expect(lp, label).toBeCloseTo(want.topLogProbs[q], 4));
      topIds.forEach((id, q) => expect(logits[r][id], label).toBe(logits[r][want.topIds[q]]));
    });
    expect(session.outputNames).not.toContain('logits');
  } finally {
    await session.release();
  }
}

describe('transformForScoring on the bundled model', () => {
  const bytes = readFileSync(new URL('../../../public/models/rsr-tiny-qwen3/onnx/model.onnx', import.meta.url));
  const result = transformForScoring(bytes);
  const before = decodeModel(bytes).graph as GraphProto;
  const graph = decodeModel(result.bytes).graph as GraphProto;
  const names = (vs: { name?: string | null }[]) => vs.map((v) => v.name!);

  it('adds the inputs rsr_positions and rsr_labels after the original inputs', () => {
    expect(names(graph.input)).toEqual([...names(before.input), SCORING_IO.positions, SCORING_IO.labels]);
    for (const name of [SCORING_IO.positions, SCORING_IO.labels]) {
      expect(graph.input.find((i) => i.name === name)!.type!.tensorType!.elemType).toBe(ELEM.INT64);
    }
  });

  it('outputs the rsr_* scores and every present.*, and no longer logits', () => {
    const outputs = names(graph.output);
    expect(outputs).not.toContain('logits');
    expect(outputs.slice(0, 5)).toEqual([SCORING_IO.surprisal, SCORING_IO.greater, SCORING_IO.entropy, SCORING_IO.topLogProbs, SCORING_IO.topIds]);
    const presents = names(before.output).filter((n) => n.startsWith('present.'));
    expect(presents).toHaveLength(8); // 4 layers × key/value
    expect(outputs.slice(5)).toEqual(presents);
  });

  it('reads V = 151,936 from the logits output and keeps the top 5 by default', () => {
    expect(result.vocabSize).toBe(151936);
    expect(result.topK).toBe(5);
  });

  it('gathers the scored rows on the sequence axis right before the lm_head', () => {
    const head = (graph.node as NodeProto[]).find((n) => n.name === result.lmHead)!;
    expect(head.opType).toBe('MatMul');
    const gather = (graph.node as NodeProto[]).find((n) => n.output.includes(head.input[0]))!;
    expect(gather.opType).toBe('Gather');
    expect(gather.input[1]).toBe(SCORING_IO.positions);
    expect(Number(gather.attribute.find((a) => a.name === 'axis')!.i)).toBe(1);
  });
});

describe('transformForScoring computes the scores inside the graph (tiny models run in onnxruntime-node)', () => {
  it('surprisal, strict rank, entropy and top-k equal reduceLogits on the untouched logits', async () => {
    await expectScoresMatch({});
  });

  it('the blockwise sum pads V to a multiple of the block, or not when it divides', async () => {
    await expectScoresMatch({ vocab: 10, block: 4 });
    await expectScoresMatch({ vocab: 12, block: 4 });
    await expectScoresMatch({ vocab: 300, block: 128 });
  });

  it('works at opset 13 (ReduceMax axes as attribute) and opset 18 (axes as input)', async () => {
    await expectScoresMatch({ opset: 13 });
    await expectScoresMatch({ opset: 18 });
  });

  it('walks back through a bias, a tanh soft-cap and a float16 cast to the projection', async () => {
    await expectScoresMatch({ head: 'bias' });
    await expectScoresMatch({ head: 'softcap' });
    await expectScoresMatch({ head: 'float16' });
  });

  it('a −∞ (masked) logit adds nothing to the entropy and never outranks the target', async () => {
    await expectScoresMatch({ head: 'masked' });
  });

  it('clamps −∞ before the entropy only where the head can produce it (the clamp is a full pass)', () => {
    // The reductions run in the Scan's body (one row at a time): count there.
    const nodes = (g: GraphProto): NodeProto[] => (g.node as NodeProto[]).flatMap((n) => [n, ...n.attribute.flatMap((a) => (a.g ? nodes(a.g as GraphProto) : []))]);
    const clamps = (head: TinyOptions['head']) => nodes(decodeModel(transformForScoring(tinyLm({ head }).bytes).bytes).graph as GraphProto).filter((n) => n.opType === 'Max').length;
    expect(clamps('masked')).toBe(1);
    expect(clamps('plain')).toBe(0);
    expect(clamps('bias')).toBe(0);
    expect(clamps('tied')).toBe(0);
  });

  it('accepts a tied embedding (a transposed initializer) as the lm_head weight', async () => {
    await expectScoresMatch({ head: 'tied' });
  });

  it('top-k with k = 1 and with k = V', async () => {
    await expectScoresMatch({ topK: 1 });
    await expectScoresMatch({ topK: 6 });
  });

  it('takes vocabSize from the options when the logits width is symbolic', async () => {
    await expectScoresMatch({ logitsDim: 'vocab', vocab: 10, block: 4, passVocabSize: true });
  });
});

describe('the whole-tensor reductions (rowLoop: false, WebGPU) take the top k in rounds of ArgMax, not a sort', () => {
  /** Both graphs of one tiny model on the same rows: every output, as numbers. */
  async function runBoth(options: TinyOptions, topK: number) {
    const { bytes } = tinyLm(options);
    const S = 5;
    const rand = mulberry32(7);
    const hidden = Float32Array.from({ length: S * 4 }, () => Math.floor(rand() * 5) - 2);
    // Eight rows: the Scan takes them in blocks of four.
    const rows = [0, 1, 2, 3, 4, 4, 2, 0];
    const run = async (rowLoop: boolean) => {
      const t = transformForScoring(bytes, { topK, rowLoop });
      const session = await ort.InferenceSession.create(t.bytes);
      try {
        const out = await session.run({
          hidden: new ort.Tensor('float32', hidden, [1, S, 4]),
          [SCORING_IO.positions]: new ort.Tensor('int64', BigInt64Array.from(rows, BigInt), [rows.length]),
          [SCORING_IO.labels]: new ort.Tensor('int64', BigInt64Array.from(rows, (r) => BigInt(r % 3)), [rows.length]),
        });
        const ops = (decodeModel(t.bytes).graph as GraphProto).node.map((n) => n.opType);
        return { ops, out: Object.fromEntries(Object.values(SCORING_IO).filter((n) => out[n]).map((n) => [n, Array.from(out[n].data as ArrayLike<number | bigint>, Number)])) };
      } finally {
        await session.release();
      }
    };
    return { scan: await run(true), whole: await run(false) };
  }

  it('gives the Scan path’s numbers to the bit, top-k values and ids included, ties included (lower id first)', async () => {
    // The tiny model's columns 0 and 1 tie in every row; V = 300 spreads the rest.
    for (const [options, k] of [[{}, 3], [{ vocab: 300 }, 5], [{ head: 'tied' }, 3], [{}, 6]] as const) {
      const { scan, whole } = await runBoth(options, k);
      expect(whole.ops).not.toContain('TopK');
      expect(whole.ops.filter((op) => op === 'ArgMax')).toHaveLength(k);
      expect(whole.out, JSON.stringify(options)).toEqual(scan.out);
    }
  });

  it('keeps TopK where a logit may be −∞ (a masked −∞ could be picked twice)', async () => {
    const { whole } = await runBoth({ head: 'masked' }, 3);
    expect(whole.ops).toContain('TopK');
    expect(whole.ops).not.toContain('ArgMax');
  });
});

describe('transformForScoring refuses graphs it cannot transform safely (UnsupportedGraphError)', () => {
  const refuses = (options: TinyOptions, message: RegExp) => {
    const { bytes } = tinyLm(options);
    expect(() => transformForScoring(bytes)).toThrow(UnsupportedGraphError);
    expect(() => transformForScoring(bytes)).toThrow(message);
  };

  it('a graph without a logits output', () => refuses({ outputName: 'scores' }, /no "logits" output/));

  it('logits produced by an unsupported op (Softmax)', () => refuses({ head: 'softmax' }, /no lm_head projection/));

  it('an lm_head MatMul whose weight is not static', () => refuses({ head: 'dynamicWeight' }, /no weight input/));

  it('an opset older than 13', () => refuses({ opset: 12 }, /opset 12/));

  it('an unknown vocabulary width (symbolic logits dim, no vocabSize option)', () => refuses({ logitsDim: 'vocab' }, /vocabulary width is unknown/));

  it('a model without a graph', () => {
    const bytes = encodeModel(onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }] }));
    expect(() => transformForScoring(bytes)).toThrow(UnsupportedGraphError);
  });
});
