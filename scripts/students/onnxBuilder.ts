import { ELEM, type GraphProto, onnx, tensorValueInfo } from '../../src/core/score/onnxGraph';

export type TensorProto = InstanceType<typeof onnx.TensorProto>;
type AttributeValue = number | number[] | string | { float: number } | { tensor: TensorProto } | { graph: GraphProto };

/** ONNX element types the generator writes, beyond the ones the scorer reads. */
export const TYPE = { ...ELEM, UINT8: 2, INT8: 3 } as const;

const AT = onnx.AttributeProto.AttributeType;

function attribute(name: string, v: AttributeValue) {
  if (typeof v === 'number') return onnx.AttributeProto.create({ name, type: AT.INT, i: v });
  if (typeof v === 'string') return onnx.AttributeProto.create({ name, type: AT.STRING, s: new TextEncoder().encode(v) });
  if (Array.isArray(v)) return onnx.AttributeProto.create({ name, type: AT.INTS, ints: v });
  if ('float' in v) return onnx.AttributeProto.create({ name, type: AT.FLOAT, f: v.float });
  if ('tensor' in v) return onnx.AttributeProto.create({ name, type: AT.TENSOR, t: v.tensor });
  return onnx.AttributeProto.create({ name, type: AT.GRAPH, g: v.graph });
}

/** Raw little-endian bytes of a typed array, as a tensor's rawData (a copy, so views never alias). */
const rawBytes = (a: ArrayBufferView) => new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));

export function tensor(name: string, dataType: number, dims: number[], data: ArrayBufferView): TensorProto {
  return onnx.TensorProto.create({ name, dataType, dims, rawData: rawBytes(data) });
}

export function int64Data(values: number[]): BigInt64Array {
  return BigInt64Array.from(values, (v) => BigInt(v));
}

/**
 * Called with every initializer as it is made: a real-size model moves the large ones to its
 * external data file right away, so its weights never pile up in memory (writeStudent.ts).
 */
export type TensorSink = (t: TensorProto) => void;

/**
 * A small graph-building DSL: nodes get unique names and outputs, initializers are deduplicated by
 * name. Every layout the generator writes is built through this one object.
 */
export function createGraph(name: string, options: { sink?: TensorSink } = {}) {
  const graph = onnx.GraphProto.create({ name }) as GraphProto;
  let counter = 0;
  const fresh = (hint: string) => `/${hint}_${counter++}`;
  const constants = new Map<string, string>();

  /** One node; returns its output names (`outputs` fixes them, else fresh ones). */
  function nodeN(opType: string, inputs: string[], nOut: number, attrs: Record<string, AttributeValue> = {}, opts: { domain?: string; outputs?: string[]; name?: string } = {}): string[] {
    const output = opts.outputs ?? Array.from({ length: nOut }, () => fresh(`${opType}/output`));
    graph.node.push(
      onnx.NodeProto.create({
        name: opts.name ?? fresh(opType),
        opType,
        domain: opts.domain ?? '',
        input: inputs,
        output,
        attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
      }),
    );
    return output;
  }
  const op = (opType: string, inputs: string[], attrs: Record<string, AttributeValue> = {}, opts: { domain?: string; output?: string; name?: string } = {}) =>
    nodeN(opType, inputs, 1, attrs, { ...opts, outputs: opts.output ? [opts.output] : undefined })[0];
  const ms = (opType: string, inputs: string[], attrs: Record<string, AttributeValue> = {}, output?: string) => op(opType, inputs, attrs, { domain: 'com.microsoft', output });

  function init(t: TensorProto): string {
    graph.initializer.push(t);
    options.sink?.(t);
    return t.name!;
  }

  /** A constant initializer, shared between all users of the same value. */
  function constant(dataType: number, dims: number[], data: ArrayBufferView): string {
    const key = `${dataType}|${dims.join(',')}|${Array.from(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).join(',')}`;
    const known = constants.get(key);
    if (known) return known;
    const n = `/const_${constants.size}`;
    constants.set(key, n);
    return init(tensor(n, dataType, dims, data));
  }
  const int64s = (values: number[], dims: number[] = [values.length]) => constant(TYPE.INT64, dims, int64Data(values));
  const float = (value: number) => constant(TYPE.FLOAT, [], Float32Array.of(value));

  const input = (n: string, elemType: number, dims: (number | string)[]) => {
    graph.input.push(tensorValueInfo(n, elemType, dims));
    return n;
  };
  const output = (n: string, elemType: number, dims: (number | string)[]) => {
    graph.output.push(tensorValueInfo(n, elemType, dims));
    return n;
  };

  return { graph, op, ms, nodeN, init, constant, int64s, float, input, output, fresh };
}

export type Graph = ReturnType<typeof createGraph>;
