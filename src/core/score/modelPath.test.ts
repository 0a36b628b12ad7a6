import { describe, expect, it } from 'vitest';
import { checkModelPath, modelPathProblem } from './modelPath';
import { StudentError } from './studentError';

describe('modelPathProblem(path)', () => {
  it.each(['model.onnx', 'onnx/model_q4.onnx', 'onnx/model.onnx_data_12', 'model.onnx.data', 'sub dir/with space.bin', 'ünïcode/x.bin'])('accepts the plain relative path %j', (p) => {
    expect(modelPathProblem(p)).toBeUndefined();
  });

  it.each([
    ['../secret.bin', /climbs out/],
    ['onnx/../../x', /climbs out/],
    ['/etc/passwd', /absolute/],
    ['C:/x.bin', /drive letter/],
    ['C:x.bin', /drive letter/],
    ['a\\..\\b', /backslash/],
    ['x.bin?y=/../../z', /climbs out/],
    ['x.bin?y=z', /"\?"/],
    ['x.bin#../z', /"#"/],
    ['%2e%2e/x', /"%"/],
    ['a\u0000b', /control character/],
    ['a\nb', /control character/],
    ['./x', /"\." segment/],
    ['a//b', /empty segment/],
    ['dir/', /empty segment/],
    ['', /empty/],
  ])('refuses %j', (p, why) => {
    expect(modelPathProblem(p)).toMatch(why);
  });

  it('refuses what is not a string', () => {
    expect(modelPathProblem(5)).toBe('is number, not a path');
    expect(modelPathProblem(null)).toBe('is null, not a path');
  });
});

describe('checkModelPath(path, file, entry)', () => {
  it('returns a plain path and refuses another with a StudentError naming the file and the entry', () => {
    expect(checkModelPath('model.onnx_data', 'onnx/model.onnx', 'x')).toBe('model.onnx_data');
    expect(() => checkModelPath('../x', 'genai_config.json', 'model.decoder.filename')).toThrow(StudentError);
    expect(() => checkModelPath('../x', 'genai_config.json', 'model.decoder.filename')).toThrow(/^genai_config.json: model.decoder.filename "..\/x" climbs out of the folder/);
  });
});
