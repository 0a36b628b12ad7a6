import onnxProto from 'onnx-proto';

/** The ONNX protobuf schema (protobufjs); works in Node, workers and browsers alike. */
export const onnx = onnxProto.onnx;
export type ModelProto = InstanceType<typeof onnx.ModelProto>;
export type GraphProto = InstanceType<typeof onnx.GraphProto>;
export type NodeProto = InstanceType<typeof onnx.NodeProto>;

export const ELEM = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9, FLOAT16: 10 } as const;

export function decodeModel(bytes: Uint8Array): ModelProto {
  return onnx.ModelProto.decode(bytes);
}

export function encodeModel(model: ModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

/** The default-domain opset: it decides how Reduce*, Pad etc. take their axes. */
export function defaultOpset(model: ModelProto): number {
  const entry = model.opsetImport.find((o) => !o.domain || o.domain === 'ai.onnx');
  return entry ? Number(entry.version) : 1;
}

/** Shape of a graph input/output: numbers for fixed dims, strings for symbolic ones. */
export function valueShape(graph: GraphProto, name: string, where: 'input' | 'output' = 'input'): { elemType: number; dims: (number | string)[] } | undefined {
  const vi = (where === 'input' ? graph.input : graph.output).find((v) => v.name === name);
  const tensor = vi?.type?.tensorType;
  if (!tensor) return undefined;
  const dims = (tensor.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue ?? 0)));
  return { elemType: Number(tensor.elemType ?? 0), dims };
}

/** The little-endian bytes of an int64 tensor, written directly so no Long/BigInt handling is needed. */
export function int64Tensor(name: string, values: number[], dims: number[] = [values.length]): InstanceType<typeof onnx.TensorProto> {
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return onnx.TensorProto.create({ name, dataType: ELEM.INT64, dims, rawData: raw });
}

export function tensorValueInfo(name: string, elemType: number, dims: (number | string)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}
