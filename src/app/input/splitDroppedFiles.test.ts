import { describe, expect, it } from 'vitest';
import { splitDroppedFiles } from './splitDroppedFiles';

const f = (path: string) => ({ path, file: new File(['x'], path.split('/').pop()!) });

describe('splitDroppedFiles', () => {
  it('splitDroppedFiles finds the model folder around config.json, paths relative to it', () => {
    const split = splitDroppedFiles([
      f('my-model/config.json'),
      f('my-model/tokenizer.json'),
      f('my-model/tokenizer_config.json'),
      f('my-model/onnx/model.onnx'),
      f('my-model/onnx/model.onnx_data'),
      f('my-model/README.md'),
      f('teacher_a.jsonl'),
    ]);
    expect(split.model?.name).toBe('my-model');
    expect(split.model?.files.map((m) => m.path)).toEqual(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx', 'onnx/model.onnx_data']);
    expect(split.trajectoryFiles.map((t) => t.name)).toEqual(['teacher_a.jsonl']);
  });

  it('splitDroppedFiles without a config.json: every .jsonl/.json is data, nothing is a model', () => {
    const split = splitDroppedFiles([f('a.jsonl'), f('b.json'), f('notes.txt'), f('runs/c.JSONL')]);
    expect(split.model).toBeNull();
    expect(split.trajectoryFiles.map((t) => t.name)).toEqual(['a.jsonl', 'b.json', 'c.JSONL']);
  });

  it('splitDroppedFiles lists the files it will not load (outside a model folder), so the user can be told', () => {
    const split = splitDroppedFiles([f('a.jsonl'), f('notes.txt'), f('m/config.json'), f('m/README.md')]);
    expect(split.ignored).toEqual(['notes.txt']);
  });
});
