import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { type ExternalDataFile, INLINE_EXTERNAL_BYTES, inlineSmallExternalData } from '../core/score/externalData';
import { decodeModel, encodeModel, onnx } from '../core/score/onnxGraph';
import { checkModelPath } from '../core/score/modelPath';
import type { OrtModule, SessionFactory } from '../core/score/ortScorer';

/**
 * Sessions whose weights ONNX Runtime opens on disk itself. Handed over as bytes, onnxruntime-node
 * copies every external file into its own memory (measured on the 0.5B float32 student: 5.6 GB
 * resident for a 2 GB model), and a file past 4 GiB cannot be one Node Buffer at all. From a path,
 * it maps them (2.0 GB). The rewritten graph goes into a temporary folder with hard links to the
 * weight files (the runtime refuses symbolic links that leave the model's folder); where a link
 * cannot be made (another file system), the graph is written beside the weights for the moment of
 * loading; where neither works, the files are read into memory after all.
 */
export function nodeSession(ort: OrtModule): SessionFactory {
  return async (graph, externalData, options) => {
    // Names checked when the graph was read (studentFiles.ts); checked again here, where files are linked and written by them.
    for (const d of externalData) checkModelPath(d.path, 'the scoring graph', 'external data');
    if (!externalData.some((d) => d.diskPath)) return createInMemory(ort, graph, externalData, options);
    const withShapes = inlineSmallFromDisk(graph, externalData);
    const folder = withLinks(withShapes, externalData) ?? besideWeights(withShapes, externalData);
    if (!folder) return createInMemory(ort, graph, await readAll(externalData), options);
    try {
      return await ort.InferenceSession.create(folder.model, options);
    } finally {
      folder.cleanup();
    }
  };
}

const GRAPH_NAME = 'rsr-lens-scoring.onnx';

/**
 * Shapes and axes kept in external files (GenAI stores every initializer outside) must be in the
 * graph even when it loads from a path: ONNX Runtime's optimizer reads them before it reads any
 * external data. Only those small tensors are read (INLINE_EXTERNAL_BYTES each), at their offsets.
 */
function inlineSmallFromDisk(graph: Uint8Array, externalData: readonly ExternalDataFile[]): Uint8Array {
  const model = decodeModel(graph);
  const ranges = new Map<string, Uint8Array>();
  const sizes = new Map(externalData.map((d) => [d.path, d]));
  for (const t of model.graph?.initializer ?? []) {
    if (Number(t.dataLocation) !== onnx.TensorProto.DataLocation.EXTERNAL) continue;
    const entry = (key: string) => t.externalData?.find((e) => e.key === key)?.value;
    const file = sizes.get(entry('location') ?? '');
    const length = Number(entry('length') ?? Infinity);
    if (!file?.diskPath || file.data || length > INLINE_EXTERNAL_BYTES) continue;
    const offset = Number(entry('offset') ?? 0);
    const bytes = Buffer.alloc(length);
    const fd = fs.openSync(file.diskPath, 'r');
    try {
      fs.readSync(fd, bytes, 0, length, offset);
    } finally {
      fs.closeSync(fd);
    }
    // A file of its own holding just this tensor's range, so inlineSmallExternalData finds it at offset 0.
    const key = `${file.path}@${offset}`;
    ranges.set(key, bytes);
    t.externalData = t.externalData!.map((e) => (e.key === 'location' ? onnx.StringStringEntryProto.create({ key: 'location', value: key }) : e.key === 'offset' ? onnx.StringStringEntryProto.create({ key: 'offset', value: '0' }) : e));
  }
  return ranges.size && inlineSmallExternalData(model, ranges) ? encodeModel(model) : graph;
}

/** The graph in a fresh temporary folder, each weight file hard-linked in under its own name. */
function withLinks(graph: Uint8Array, externalData: readonly ExternalDataFile[]): { model: string; cleanup: () => void } | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-lens-model-'));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    for (const d of externalData) {
      const target = path.join(dir, d.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if (d.diskPath) fs.linkSync(d.diskPath, target);
      else fs.writeFileSync(target, d.data!);
    }
    fs.writeFileSync(path.join(dir, GRAPH_NAME), graph);
    return { model: path.join(dir, GRAPH_NAME), cleanup };
  } catch {
    cleanup();
    return undefined;
  }
}

/** The graph written for a moment into the folder of the weights (all on disk, in one folder). */
function besideWeights(graph: Uint8Array, externalData: readonly ExternalDataFile[]): { model: string; cleanup: () => void } | undefined {
  const dirs = new Set(externalData.map((d) => (d.diskPath ? path.dirname(d.diskPath) : '')));
  const [dir] = dirs;
  if (dirs.size !== 1 || !dir || externalData.some((d) => path.join(dir, d.path) !== d.diskPath)) return undefined;
  const model = path.join(dir, `.${GRAPH_NAME}.${process.pid}.${Date.now()}`);
  try {
    fs.writeFileSync(model, graph);
  } catch {
    return undefined;
  }
  return { model, cleanup: () => fs.rmSync(model, { force: true }) };
}

async function readAll(externalData: readonly ExternalDataFile[]): Promise<ExternalDataFile[]> {
  return Promise.all(externalData.map(async (d) => (d.data ? d : { ...d, data: new Uint8Array(await fs.promises.readFile(d.diskPath!)) })));
}

function createInMemory(ort: OrtModule, graph: Uint8Array, externalData: readonly ExternalDataFile[], options: Ort.InferenceSession.SessionOptions) {
  // From bytes, the runtime cannot read shapes stored in external files: put the small ones back.
  const model = decodeModel(graph);
  const bytes = inlineSmallExternalData(model, new Map(externalData.map((d) => [d.path, d.data!]))) ? encodeModel(model) : graph;
  return ort.InferenceSession.create(bytes, { ...options, externalData: externalData.map((d) => ({ path: d.path, data: d.data! })) });
}
