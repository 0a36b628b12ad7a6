import { describe, expect, it } from 'vitest';
import { loadKey, modelKey } from './modelKey';

describe('modelKey', () => {
  it('modelKey(source) names each kind of student as the result cache has always keyed it', () => {
    expect(modelKey({ kind: 'bundled', name: 'rsr-tiny-qwen3' })).toBe('bundled:rsr-tiny-qwen3');
    expect(modelKey({ kind: 'hub', id: 'onnx-community/Qwen3-0.6B-ONNX' })).toBe('hub:onnx-community/Qwen3-0.6B-ONNX');
    expect(modelKey({ kind: 'files', name: 'my-model', files: { 'config.json': new Blob([new Uint8Array(2)]) } })).toBe('files:my-model');
  });

  it('modelKey(server source) names the server and the tokenizer read here', () => {
    expect(modelKey({ kind: 'server', url: 'http://gpu1:8000', tokenizer: { kind: 'hub', id: 'Qwen/Qwen3-8B' } })).toBe('server:http://gpu1:8000|hub:Qwen/Qwen3-8B');
  });

  it('modelKey(hub source) tells revisions apart', () => {
    expect(modelKey({ kind: 'hub', id: 'a/b', revision: 'v2' })).not.toBe(modelKey({ kind: 'hub', id: 'a/b' }));
  });
});

describe('loadKey', () => {
  it('loadKey(request) differs when the device or the dtype does, never for file contents', () => {
    const model = { kind: 'files' as const, name: 'm', files: {} };
    const key = loadKey({ model, device: 'auto', dtype: 'auto' });
    expect(loadKey({ model, device: 'wasm', dtype: 'auto' })).not.toBe(key);
    expect(loadKey({ model, device: 'auto', dtype: 'q8' })).not.toBe(key);
    expect(loadKey({ model: { ...model, files: { 'x.onnx': new Blob([new Uint8Array(1)]) } }, device: 'auto', dtype: 'auto' })).toBe(key);
  });

  it('loadKey(request) changes with a server’s API key, and never contains it', () => {
    const model = { kind: 'server' as const, url: 'http://gpu1:8000', tokenizer: { kind: 'bundled' as const, name: 'rsr-tiny-qwen3' } };
    const one = loadKey({ model, device: 'auto', dtype: 'auto', apiKey: 'secret-one' });
    expect(loadKey({ model, device: 'auto', dtype: 'auto', apiKey: 'secret-two' })).not.toBe(one);
    expect(one).not.toContain('secret');
  });
});
