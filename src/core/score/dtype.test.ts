import { describe, expect, it } from 'vitest';
import { DTYPES, DTYPE_PREFERENCE, dtypeFiles, dtypeOfFile } from './dtype';

describe('dtype files (transformers.js naming)', () => {
  it('dtypeFiles(dtype) is onnx/model{suffix}.onnx, then the older decoder_model_merged{suffix}.onnx', () => {
    expect(dtypeFiles('fp32')).toEqual(['onnx/model.onnx', 'onnx/decoder_model_merged.onnx']);
    expect(dtypeFiles('q8')).toEqual(['onnx/model_quantized.onnx', 'onnx/decoder_model_merged_quantized.onnx']);
    expect(DTYPES.map((d) => dtypeFiles(d)[0])).toEqual([
      'onnx/model.onnx',
      'onnx/model_fp16.onnx',
      'onnx/model_quantized.onnx',
      'onnx/model_int8.onnx',
      'onnx/model_uint8.onnx',
      'onnx/model_q4.onnx',
      'onnx/model_q4f16.onnx',
      'onnx/model_bnb4.onnx',
    ]);
  });

  it('dtypeOfFile inverts dtypeFiles, and knows nothing of names outside onnx/ (a GenAI model.onnx)', () => {
    for (const d of DTYPES) for (const f of dtypeFiles(d)) expect(dtypeOfFile(f)).toBe(d);
    expect(dtypeOfFile('model.onnx')).toBeUndefined();
    expect(dtypeOfFile('onnx/model_q2.onnx')).toBeUndefined();
    expect(dtypeOfFile('onnx/encoder_model.onnx')).toBeUndefined();
  });

  it('every device ranks every dtype exactly once, except WebGPU without shader-f16, which ranks none of the float16 ones', () => {
    for (const [device, order] of Object.entries(DTYPE_PREFERENCE)) {
      const expected = device === 'webgpu' ? DTYPES.filter((d) => d !== 'fp16' && d !== 'q4f16') : DTYPES;
      expect([...order].sort(), device).toEqual([...expected].sort());
    }
  });

  it('the CPU prefers the reference precision; WASM prefers 4-bit (memory) and puts the approximate q8 after it', () => {
    expect(DTYPE_PREFERENCE.cpu[0]).toBe('fp32');
    expect(DTYPE_PREFERENCE.wasm.slice(0, 2)).toEqual(['q4', 'q8']);
    expect(DTYPE_PREFERENCE['webgpu-f16'][0]).toBe('q4f16');
    expect(DTYPE_PREFERENCE.webgpu[0]).toBe('q4');
  });
});
