import type { GraphProto, ModelProto } from './onnxGraph';

/**
 * Files an ONNX model keeps its weights in (`model.onnx_data` and the like): large Hub exports
 * store initializers outside the protobuf, and the runtime must be handed those files by name.
 */
export function externalDataFiles(model: ModelProto): string[] {
  const files = new Set<string>();
  for (const t of (model.graph as GraphProto | null)?.initializer ?? []) {
    if (Number(t.dataLocation) !== 1) continue; // TensorProto.DataLocation.EXTERNAL
    const location = t.externalData?.find((e) => e.key === 'location')?.value;
    if (location) files.add(location);
  }
  return [...files];
}
