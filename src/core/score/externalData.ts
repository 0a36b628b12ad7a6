import { type GraphProto, type ModelProto, onnx } from './onnxGraph';

/**
 * Files an ONNX model keeps its weights in (`model.onnx_data` and the like): large Hub exports
 * store initializers outside the protobuf, and the runtime must be handed those files by name.
 */
export function externalDataFiles(model: ModelProto): string[] {
  return [...externalDataExtents(model).keys()];
}

/**
 * Each external data file with the bytes the graph reads from it (the largest offset + length), so
 * a truncated download is reported by name before the runtime trips over it.
 */
export function externalDataExtents(model: ModelProto): Map<string, number> {
  const files = new Map<string, number>();
  for (const t of (model.graph as GraphProto | null)?.initializer ?? []) {
    if (Number(t.dataLocation) !== onnx.TensorProto.DataLocation.EXTERNAL) continue;
    const entry = (key: string) => t.externalData?.find((e) => e.key === key)?.value;
    const location = entry('location');
    if (!location) continue;
    const end = Number(entry('offset') ?? 0) + Number(entry('length') ?? 0);
    files.set(location, Math.max(files.get(location) ?? 0, end));
  }
  return files;
}

/**
 * Tensors this small are copied from the external files back into the graph. ONNX Runtime reads
 * shapes and axes (Reshape, ReduceSum …) while it loads a graph, and cannot read them from external
 * data when the graph comes as bytes ("Cannot parse data from external tensors"): exports that
 * store every initializer outside (GenAI's size threshold is 0) would not load. Weights stay out.
 */
const INLINE_EXTERNAL_BYTES = 4096;

/** Inline the small external tensors; returns how many were inlined. */
export function inlineSmallExternalData(model: ModelProto, files: ReadonlyMap<string, Uint8Array>): number {
  let inlined = 0;
  for (const t of (model.graph as GraphProto | null)?.initializer ?? []) {
    if (Number(t.dataLocation) !== onnx.TensorProto.DataLocation.EXTERNAL) continue;
    const entry = (key: string) => t.externalData?.find((e) => e.key === key)?.value;
    const data = files.get(entry('location') ?? '');
    const offset = Number(entry('offset') ?? 0);
    const length = entry('length') === undefined ? (data?.length ?? 0) - offset : Number(entry('length'));
    if (!data || length > INLINE_EXTERNAL_BYTES) continue;
    t.rawData = data.slice(offset, offset + length);
    t.dataLocation = onnx.TensorProto.DataLocation.DEFAULT;
    t.externalData = [];
    inlined++;
  }
  return inlined;
}
