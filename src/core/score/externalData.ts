import { type GraphProto, type ModelProto, onnx } from './onnxGraph';

/**
 * Files an ONNX model keeps its weights in (`model.onnx_data` and the like): large Hub exports
 * store initializers outside the protobuf, and the runtime must be handed those files by name.
 */
export function externalDataFiles(model: ModelProto): string[] {
  return [...externalDataExtents(model).keys()];
}

type TensorProto = import('onnx-proto').onnx.ITensorProto;
type SparseTensorProto = import('onnx-proto').onnx.ISparseTensorProto;
type AnyGraph = import('onnx-proto').onnx.IGraphProto;

/**
 * Every external-data `location` the model names, wherever a tensor may sit: the graph's
 * initializers and sparse initializers, tensors held in node attributes (a Constant), and the same
 * inside every subgraph (If, Loop, Scan branches). ONNX Runtime opens each of them relative to the
 * model file, so all of them are checked, not only the ones scoring reads (externalDataExtents).
 */
export function externalLocations(model: ModelProto): { tensor: string; location: unknown }[] {
  const found: { tensor: string; location: unknown }[] = [];
  const tensor = (t: TensorProto | null | undefined) => {
    if (!t) return;
    const locations = (t.externalData ?? []).filter((e) => e.key === 'location');
    for (const e of locations) found.push({ tensor: t.name ?? '', location: e.value });
    // External with no location at all: nothing names a file, but nothing valid either.
    if (Number(t.dataLocation) === onnx.TensorProto.DataLocation.EXTERNAL && !locations.length) found.push({ tensor: t.name ?? '', location: undefined });
  };
  const sparse = (s: SparseTensorProto | null | undefined) => {
    tensor(s?.values);
    tensor(s?.indices);
  };
  const graph = (g: AnyGraph | null | undefined, depth: number) => {
    if (!g || depth > 64) return;
    g.initializer?.forEach(tensor);
    g.sparseInitializer?.forEach(sparse);
    for (const node of g.node ?? []) {
      for (const a of node.attribute ?? []) {
        tensor(a.t);
        a.tensors?.forEach(tensor);
        sparse(a.sparseTensor);
        a.sparseTensors?.forEach(sparse);
        graph(a.g, depth + 1);
        a.graphs?.forEach((sub) => graph(sub, depth + 1));
      }
    }
  };
  graph(model.graph, 0);
  return found;
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
export const INLINE_EXTERNAL_BYTES = 4096;

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

/**
 * A file of weights the runtime reads beside the graph: held in memory (a download, a dropped
 * file) or, in Node, on disk, where ONNX Runtime opens and maps it itself and JavaScript never
 * holds its bytes (a 7 GB float32 model is more than one Node Buffer, and a copy in JavaScript is
 * a copy too many).
 */
export interface ExternalDataFile {
  /** As the graph names it (each initializer's `location`), relative to the .onnx file. */
  path: string;
  bytes: number;
  /** The contents, when they are in memory. */
  data?: Uint8Array;
  /** Where the file is on disk (Node), when the runtime may open it itself. */
  diskPath?: string;
}

/** Weights smaller than this stay in the graph: shapes and axes must be readable while it loads. */
const MOVE_OUT_BYTES = 64 * 1024;

/**
 * Point every large initializer stored inside the graph at its own bytes in the original file
 * (`location` = the .onnx file itself, at the offset where its raw data sits), so the rewritten
 * graph that is encoded again carries no weights: the rewrite touches the graph only, and the
 * runtime reads the weights once from the original bytes (in the browser) or maps them from the
 * file (in Node) instead of parsing them out of a second copy. Works because the protobuf decoder
 * hands out raw data as views into `fileBytes`. Returns the bytes moved (0: nothing to do).
 */
export function pointWeightsAtFile(model: ModelProto, fileName: string, fileBytes: Uint8Array): number {
  let moved = 0;
  for (const t of (model.graph as GraphProto | null)?.initializer ?? []) {
    const raw = t.rawData;
    if (!raw || raw.length < MOVE_OUT_BYTES || raw.buffer !== fileBytes.buffer) continue;
    const offset = raw.byteOffset - fileBytes.byteOffset;
    if (offset < 0 || offset + raw.length > fileBytes.length) continue;
    t.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    t.externalData = [
      onnx.StringStringEntryProto.create({ key: 'location', value: fileName }),
      onnx.StringStringEntryProto.create({ key: 'offset', value: String(offset) }),
      onnx.StringStringEntryProto.create({ key: 'length', value: String(raw.length) }),
    ];
    t.rawData = new Uint8Array(0);
    moved += raw.length;
  }
  return moved;
}
