import { ELEM, type GraphProto, int64Tensor, onnx, tensorValueInfo } from './onnxGraph';

/** A node attribute: an int, ints, or a subgraph (a Scan's body). */
type Attribute = number | number[] | GraphProto;

/** Appends nodes to the graph with unique names, hiding the opset differences of Reduce* and friends. */
export function graphBuilder(graph: GraphProto, opset: number, prefix: string) {
  let counter = 0;
  const outputs: ReturnType<typeof tensorValueInfo>[] = [];
  const fresh = (hint: string) => `${prefix}/${hint}_${counter++}`;

  function multi(opType: string, inputs: string[], nOut: number, attrs: Record<string, Attribute> = {}, names?: string[]): string[] {
    const out = names ?? Array.from({ length: nOut }, () => fresh(opType));
    const AT = onnx.AttributeProto.AttributeType;
    graph.node.push(
      onnx.NodeProto.create({
        name: fresh(`${opType}_node`),
        opType,
        input: inputs,
        output: out,
        attribute: Object.entries(attrs).map(([name, v]) =>
          Array.isArray(v)
            ? onnx.AttributeProto.create({ name, type: AT.INTS, ints: v })
            : typeof v === 'number'
              ? onnx.AttributeProto.create({ name, type: AT.INT, i: v })
              : onnx.AttributeProto.create({ name, type: AT.GRAPH, g: v }),
        ),
      }),
    );
    return out;
  }
  const node = (opType: string, inputs: string[], attrs: Record<string, Attribute> = {}, name?: string) =>
    multi(opType, inputs, 1, attrs, name ? [name] : undefined)[0];

  function constInt64(values: number[]): string {
    const name = fresh('const');
    graph.initializer.push(int64Tensor(name, values));
    return name;
  }

  /** An int64 scalar (rank 0), as Range takes its bounds. */
  function constInt64Scalar(value: number): string {
    const name = fresh('const');
    graph.initializer.push(int64Tensor(name, [value], []));
    return name;
  }

  function constFloat(value: number): string {
    const name = fresh('const');
    graph.initializer.push(onnx.TensorProto.create({ name, dataType: ELEM.FLOAT, dims: [], floatData: [value] }));
    return name;
  }

  /** ReduceSum takes axes as an input from opset 13, ReduceMax only from opset 18. */
  function reduce(op: 'ReduceSum' | 'ReduceMax', input: string, axis: number, keepdims: boolean, name?: string): string {
    const axesAsInput = op === 'ReduceSum' ? opset >= 13 : opset >= 18;
    return axesAsInput
      ? node(op, [input, constInt64([axis])], { keepdims: keepdims ? 1 : 0 }, name)
      : node(op, [input], { axes: [axis], keepdims: keepdims ? 1 : 0 }, name);
  }

  /**
   * The first level of a two-level float32 sum over the last axis (`axis`: 2 for [1, P, V], 1 for
   * rows [B, V]): the sums of each block of `block` values, [..., V / block]. Summing those is the
   * second level: one float32 sum over 151,936 terms loses ~1e-3 nats, two levels do not.
   */
  function blockSums(input: string, vocab: number, block: number, axis: number): string {
    const rank = axis + 1;
    const pads = Array.from({ length: 2 * rank }, (_, i) => (i === 2 * rank - 1 ? block - (vocab % block) : 0));
    const padded = vocab % block === 0 ? input : node('Pad', [input, constInt64(pads)]);
    const blocks = node('Reshape', [padded, constInt64([...Array(axis).fill(0), -1, block])]);
    const sums = reduce('ReduceSum', blocks, axis + 1, false);
    // Zeros up to a multiple of 16 sums, so that every row of them starts 64-byte aligned: ONNX
    // Runtime's CPU sum peels an unaligned head, and without this a row's second-level sum (and its
    // surprisal) changed in the last bit with the row's place among the others.
    const count = Math.ceil(vocab / block);
    const aligned = Math.ceil(count / 16) * 16;
    return aligned === count ? sums : node('Pad', [sums, constInt64(Array.from({ length: 2 * rank }, (_, i) => (i === 2 * rank - 1 ? aligned - count : 0)))]);
  }

  function output(name: string, elemType: number = ELEM.FLOAT) {
    outputs.push(tensorValueInfo(name, elemType, []));
    // Shapes are left to the runtime: declared rank 0 would be wrong, so drop the shape entirely.
    outputs[outputs.length - 1].type!.tensorType!.shape = null;
  }

  return { node, multi, constInt64, constInt64Scalar, constFloat, reduce, blockSums, output, outputs };
}
