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
    expect(split.trajectoryFiles.map((t) => t.path)).toEqual(['teacher_a.jsonl']);
  });

  it('splitDroppedFiles without a config.json: JSON, JSONL and parquet (gzipped or not) are data, kept with their paths', () => {
    const split = splitDroppedFiles([f('a.jsonl'), f('b.json'), f('notes.txt'), f('runs/c.JSONL'), f('hf/train.parquet'), f('d.jsonl.gz'), f('.hidden/e.jsonl'), f('out.jsonl.partial.jsonl')]);
    expect(split.model).toBeNull();
    expect(split.trajectoryFiles.map((t) => t.path)).toEqual(['a.jsonl', 'b.json', 'runs/c.JSONL', 'hf/train.parquet', 'd.jsonl.gz']);
  });

  it('splitDroppedFiles sends the reference’s output tree to the import, the data beside it to the table', () => {
    const split = splitDroppedFiles([
      f('run/_inferred_data/qwen-7b/math/gen1.parquet'),
      f('run/_sample_metrics/qwen-7b/math/gen1.jsonl'),
      f('run/rsr_qwen-7b.tsv'),
      f('run/data/math/gen1.json'),
    ]);
    expect(split.resultFiles.map((r) => r.path)).toEqual(['run/_inferred_data/qwen-7b/math/gen1.parquet', 'run/_sample_metrics/qwen-7b/math/gen1.jsonl', 'run/rsr_qwen-7b.tsv']);
    expect(split.trajectoryFiles.map((t) => t.path)).toEqual(['run/data/math/gen1.json']);
  });

  it('splitDroppedFiles lists the files it will not load (outside a model folder), so the user can be told', () => {
    const split = splitDroppedFiles([f('a.jsonl'), f('notes.txt'), f('m/config.json'), f('m/README.md')]);
    expect(split.ignored).toEqual(['notes.txt']);
  });

  it('splitDroppedFiles keeps split external data (onnx/model.onnx_data_1…N) with the model', () => {
    const split = splitDroppedFiles(['config.json', 'tokenizer.json', 'onnx/model.onnx', 'onnx/model.onnx_data', 'onnx/model.onnx_data_1', 'onnx/model.onnx_data_2'].map((p) => f(`m/${p}`)));
    expect(split.model?.files.map((m) => m.path)).toEqual(['config.json', 'tokenizer.json', 'onnx/model.onnx', 'onnx/model.onnx_data', 'onnx/model.onnx_data_1', 'onnx/model.onnx_data_2']);
  });

  it('splitDroppedFiles finds an ONNX Runtime GenAI folder by its genai_config.json, with model.onnx and model.onnx.data at the top', () => {
    const split = splitDroppedFiles([...['genai_config.json', 'tokenizer.json', 'tokenizer_config.json', 'model.onnx', 'model.onnx.data', 'chat_template.jinja'].map((p) => f(`phi/${p}`)), f('t.jsonl')]);
    expect(split.model?.name).toBe('phi');
    expect(split.model?.files.map((m) => m.path)).toEqual(['genai_config.json', 'tokenizer.json', 'tokenizer_config.json', 'model.onnx', 'model.onnx.data', 'chat_template.jinja']);
    expect(split.trajectoryFiles.map((t) => t.path)).toEqual(['t.jsonl']);
  });
});
