import { ELEM, type GraphProto, int64Tensor, onnx, tensorValueInfo } from './onnxGraph';

/** Appends nodes to the graph with unique names, hiding the opset differences of Reduce* and friends. */
export function graphBuilder(graph: GraphProto, opset: number, prefix: string) {
  let counter = 0;
  const outputs: ReturnType<typeof tensorValueInfo>[] = [];
  const fresh = (hint: string) => `${prefix}/${hint}_${counter++}`;

  function multi(opType: string, inputs: string[], nOut: number, attrs: Record<string, number | number[]> = {}, names?: string[]): string[] {
    const out = names ?? Array.from({ length: nOut }, () => fresh(opType));
    graph.node.push(
      onnx.NodeProto.create({
        name: fresh(`${opType}_node`),
        opType,
        input: inputs,
        output: out,
        attribute: Object.entries(attrs).map(([name, v]) =>
          Array.isArray(v)
            ? onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: v })
            : onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: v }),
        ),
      }),
    );
    return out;
  }
  const node = (opType: string, inputs: string[], attrs: Record<string, number | number[]> = {}, name?: string) =>
    multi(opType, inputs, 1, attrs, name ? [name] : undefined)[0];

  function constInt64(values: number[]): string {
    const name = fresh('const');
    graph.initializer.push(int64Tensor(name, values));
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

  /** Σ over the last axis of [1, P, V] in two float32 levels: blocks of `block`, then the block sums. */
  function blockSum(input: string, vocab: number, block: number): string {
    const padded = vocab % block === 0 ? input : node('Pad', [input, constInt64([0, 0, 0, 0, 0, block - (vocab % block)])]);
    const blocks = node('Reshape', [padded, constInt64([0, 0, -1, block])]);
    return reduce('ReduceSum', reduce('ReduceSum', blocks, 3, false), 2, true);
  }

  function output(name: string, elemType: number = ELEM.FLOAT) {
    outputs.push(tensorValueInfo(name, elemType, []));
    // Shapes are left to the runtime: declared rank 0 would be wrong, so drop the shape entirely.
    outputs[outputs.length - 1].type!.tensorType!.shape = null;
  }

  return { node, multi, constInt64, constFloat, reduce, blockSum, output, outputs };
}
