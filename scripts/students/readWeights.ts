import { ELEM, type GraphProto, decodeModel } from '../../src/core/score/onnxGraph';
import { float16ToFloat32 } from '../../src/core/score/float16';
import type { Weights } from './modelDescription';

/**
 * The weights of an ONNX export whose initializers are named after the Hugging Face parameters
 * (the bundled student: `hf.<name>` in float32, or `hf.<name>_f16` in float16 cast up in-graph).
 */
export function readWeights(modelBytes: Uint8Array): Weights {
  const graph = decodeModel(modelBytes).graph as GraphProto;
  const weights: Weights = new Map();
  for (const t of graph.initializer) {
    const m = /^hf\.(.+?)(_f16)?$/.exec(t.name ?? '');
    if (!m) continue;
    // A copy, aligned: in Node rawData is a view into a shared pool.
    const raw = new Uint8Array(t.rawData!).buffer;
    const type = Number(t.dataType);
    const data = type === ELEM.FLOAT16 ? float16ToFloat32(new Uint16Array(raw)) : type === ELEM.FLOAT ? new Float32Array(raw) : undefined;
    if (!data) throw new Error(`weight ${t.name} has element type ${type}, expected float or float16`);
    weights.set(m[1], { dims: (t.dims ?? []).map(Number), data });
  }
  return weights;
}
