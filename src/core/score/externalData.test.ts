import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { externalDataFiles } from './externalData';
import { ELEM, decodeModel, encodeModel, onnx } from './onnxGraph';

const EXTERNAL = 1; // TensorProto.DataLocation.EXTERNAL

function tensor(name: string, location?: string, extra: Record<string, string> = {}) {
  if (location === undefined) return onnx.TensorProto.create({ name, dataType: ELEM.FLOAT, dims: [1], floatData: [0] });
  const entries = { location, offset: '0', length: '4', ...extra };
  return onnx.TensorProto.create({
    name,
    dataType: ELEM.FLOAT,
    dims: [1],
    dataLocation: EXTERNAL,
    externalData: Object.entries(entries).map(([key, value]) => onnx.StringStringEntryProto.create({ key, value })),
  });
}

/** Built, then encoded and decoded: the way a model arrives from disk. */
const roundTrip = (initializer: ReturnType<typeof tensor>[]) =>
  decodeModel(encodeModel(onnx.ModelProto.create({ irVersion: 8, graph: onnx.GraphProto.create({ name: 'g', initializer }) })));

describe('externalDataFiles', () => {
  it('externalDataFiles(bundled model) is [] (weights inside the protobuf)', () => {
    const bytes = readFileSync(new URL('../../../public/models/rsr-tiny-qwen3/onnx/model.onnx', import.meta.url));
    expect(externalDataFiles(decodeModel(bytes))).toEqual([]);
  });

  it('externalDataFiles lists each file named by an external initializer once, in first-seen order', () => {
    const model = roundTrip([tensor('a', 'model.onnx_data'), tensor('inline'), tensor('b', 'model.onnx_data_1'), tensor('c', 'model.onnx_data')]);
    expect(externalDataFiles(model)).toEqual(['model.onnx_data', 'model.onnx_data_1']);
  });

  it('externalDataFiles ignores initializers stored inline and external entries without a location', () => {
    const noLocation = tensor('x', '');
    expect(externalDataFiles(roundTrip([tensor('inline'), noLocation]))).toEqual([]);
  });

  it('externalDataFiles of a model without a graph is []', () => {
    expect(externalDataFiles(decodeModel(encodeModel(onnx.ModelProto.create({ irVersion: 8 }))))).toEqual([]);
  });
});
