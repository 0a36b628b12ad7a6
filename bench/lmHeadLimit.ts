/**
 * The least any exact scorer does per response token: the lm_head MatMul and one pass over its
 * row (ReduceMax), timed on one ONNX Runtime build. Shared by `npm run bench` (against the CLI's
 * scoring) and `npm run bench:browser` (the same graph on the WASM build against the native one,
 * which bounds how close the browser can come to the CLI).
 */
import type * as Ort from 'onnxruntime-common';
import { ELEM, encodeModel, onnx, tensorValueInfo } from '../src/core/score/onnxGraph';

/** Rows per lm_head call: about what the scorer's calls carry on the demo data. */
export const LMHEAD_ROWS = 256;

/** Rows per second of MatMul [rows, H] × [H, V] then ReduceMax, at the bundled student's shape (the values do not matter for its speed). */
export async function lmHeadRowsPerSecond(ort: typeof Ort, options: Ort.InferenceSession.SessionOptions, H: number, V: number, calls = 80): Promise<number> {
  const weight = Float32Array.from({ length: H * V }, (_, i) => Math.sin(i) * 0.1);
  const graph = onnx.GraphProto.create({
    name: 'lm_head',
    input: [tensorValueInfo('hidden', ELEM.FLOAT, [1, 'rows', H])],
    output: [tensorValueInfo('max', ELEM.FLOAT, [1, 'rows', 1])],
    initializer: [onnx.TensorProto.create({ name: 'weight', dataType: ELEM.FLOAT, dims: [H, V], rawData: new Uint8Array(weight.buffer) })],
    node: [
      onnx.NodeProto.create({ opType: 'MatMul', input: ['hidden', 'weight'], output: ['logits'] }),
      onnx.NodeProto.create({
        opType: 'ReduceMax',
        input: ['logits'],
        output: ['max'],
        attribute: [onnx.AttributeProto.create({ name: 'axes', type: onnx.AttributeProto.AttributeType.INTS, ints: [2] }), onnx.AttributeProto.create({ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 1 })],
      }),
    ],
  });
  const model = onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph });
  const session = await ort.InferenceSession.create(encodeModel(model as never), options);
  const hidden = new ort.Tensor('float32', Float32Array.from({ length: LMHEAD_ROWS * H }, (_, i) => Math.sin(i)), [1, LMHEAD_ROWS, H]);
  await session.run({ hidden });
  const start = performance.now();
  for (let i = 0; i < calls; i++) await session.run({ hidden });
  const rate = (calls * LMHEAD_ROWS) / ((performance.now() - start) / 1000);
  await session.release();
  return rate;
}
