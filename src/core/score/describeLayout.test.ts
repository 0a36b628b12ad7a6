import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureStudents } from '../../../scripts/make-students';
import { Q8_APPROXIMATE, describeLayout } from './describeLayout';
import { decodeModel } from './onnxGraph';
import { StudentError } from './studentError';

let root: string;
beforeAll(() => {
  root = ensureStudents();
}, 120_000);
const layout = (file: string) => describeLayout(decodeModel(fs.readFileSync(path.join(root, file))));

describe('describeLayout on the generated students', () => {
  it('reads the dtype from the ops and the IO types', () => {
    expect(layout('fp32-external/onnx/model.onnx').dtype).toBe('fp32');
    expect(layout('fp16/onnx/model_fp16.onnx').dtype).toBe('fp16');
    expect(layout('q4/onnx/model_q4.onnx').dtype).toBe('q4');
    expect(layout('mixed/onnx/model_q4f16.onnx').dtype).toBe('q4f16');
    expect(layout('mixed/onnx/model_bnb4.onnx').dtype).toBe('bnb4');
    expect(layout('q8/onnx/model_quantized.onnx').dtype).toBe('q8');
    expect(layout('q8/onnx/model_int8.onnx').dtype).toBe('int8');
    expect(layout('genai-int4/model.onnx').dtype).toBe('q4');
  });

  it('names the distinctive ops', () => {
    expect(layout('genai-int4/model.onnx').summary).toBe('MatMulNBits 4-bit, GatherBlockQuantized embedding, GroupQueryAttention');
    expect(layout('merged/onnx/decoder_model_merged.onnx').summary).toBe('merged decoder (If)');
    expect(layout('fp16/onnx/model_fp16.onnx').summary).toBe('float16 IO');
    expect(layout('fp32-external/onnx/model.onnx').summary).toBe('float32');
  });

  it('labels q8 (DynamicQuantizeLinear) approximate, and nothing else', () => {
    expect(layout('q8/onnx/model_quantized.onnx').approximate).toBe(Q8_APPROXIMATE);
    expect(layout('q8/onnx/model_int8.onnx').approximate).toBe(Q8_APPROXIMATE);
    for (const f of ['q4/onnx/model_q4.onnx', 'fp16/onnx/model_fp16.onnx', 'genai-int4/model.onnx', 'mixed/onnx/model_bnb4.onnx']) expect(layout(f).approximate, f).toBeUndefined();
  });

  it('refuses logits that are Softmax probabilities (no path would score them right)', () => {
    expect(() => layout('probabilities/onnx/model_fp16.onnx')).toThrow(StudentError);
    expect(() => layout('probabilities/onnx/model_fp16.onnx')).toThrow(/come out of a Softmax: they are probabilities, not logits/);
  });
});
