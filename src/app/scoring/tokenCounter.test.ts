import { describe, expect, it } from 'vitest';
import { countingKey } from './tokenCounter';

const base = {
  student: 'bundled' as const,
  hubId: 'onnx-community/Qwen3-0.6B-ONNX',
  droppedModel: null,
  serverUrl: '',
  serverTokenizer: 'bundled' as const,
  serverTokenizerId: '',
  template: 'auto' as const,
  loadedModel: null,
};

describe('countingKey', () => {
  it('countingKey names the tokenizer that counts: the student and the template mode', () => {
    expect(countingKey(base)).toBe('bundled:rsr-tiny-qwen3|auto');
    expect(countingKey({ ...base, template: 'qwen' })).toBe('bundled:rsr-tiny-qwen3|qwen');
  });

  it('countingKey of a Hub student is null until that student was loaded: choosing an id downloads nothing', () => {
    expect(countingKey({ ...base, student: 'hub' })).toBeNull();
    const loaded = { model: 'onnx-community/Qwen3-0.6B-ONNX', device: 'wasm', dtype: 'q4', path: 'graph' } as const;
    expect(countingKey({ ...base, student: 'hub', loadedModel: loaded })).toBe('hub:onnx-community/Qwen3-0.6B-ONNX|auto');
    expect(countingKey({ ...base, student: 'hub', hubId: 'other/model', loadedModel: loaded })).toBeNull();
  });

  it('countingKey of a server student is its tokenizer here (a Hub one once the server student was loaded), never the server', () => {
    const server = { ...base, student: 'server' as const, serverUrl: 'http://gpu1:8000' };
    expect(countingKey(server)).toBe('bundled:rsr-tiny-qwen3|auto');
    expect(countingKey({ ...server, serverUrl: '' })).toBeNull();
    const hubTokenizer = { ...server, serverTokenizer: 'hub' as const, serverTokenizerId: 'Qwen/Qwen2.5-0.5B-Instruct' };
    expect(countingKey(hubTokenizer)).toBeNull();
    const loaded = { model: 'Qwen/Qwen2.5-0.5B-Instruct', device: 'server', dtype: 'bfloat16', path: 'server' } as const;
    expect(countingKey({ ...hubTokenizer, loadedModel: loaded })).toBe('hub:Qwen/Qwen2.5-0.5B-Instruct|auto');
  });

  it('countingKey is null for a model folder not dropped yet', () => {
    expect(countingKey({ ...base, student: 'files' })).toBeNull();
  });
});
