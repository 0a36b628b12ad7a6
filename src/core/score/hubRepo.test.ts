import { describe, expect, it } from 'vitest';
import { hubFileUrl, hubIdProblem, hubRevisionProblem, hubTreeEntries, hubTreeUrl } from './hubRepo';

describe('hubIdProblem(id): the Hub’s own rules (huggingface_hub validate_repo_id)', () => {
  it.each(['gpt2', 'onnx-community/Qwen3-0.6B-ONNX', 'HuggingFaceTB/SmolLM2-360M-Instruct', 'a_b/c.d', 'x/' + 'n'.repeat(96)])('accepts %j', (id) => {
    expect(hubIdProblem(id)).toBeUndefined();
  });

  it.each(['a/../../b', '../x', 'a/b/c', '/abs', 'a/', '-a/b', 'a/b-', 'a--b/c', 'a/b..c', 'a/b.git', 'a b/c', 'a/b?x', 'a/b#x', 'a\\b', 'x/' + 'n'.repeat(97), ''])('refuses %j', (id) => {
    expect(hubIdProblem(id)).toBeDefined();
  });
});

describe('hubRevisionProblem(revision)', () => {
  it.each(['main', 'v1.0', 'refs/pr/1', 'refs/convert/parquet', 'a'.repeat(40)])('accepts %j', (r) => expect(hubRevisionProblem(r)).toBeUndefined());
  it.each(['', '../main', 'a/../b', '.hidden', 'x.lock', 'a//b', 'main?x', 'a b'])('refuses %j', (r) => expect(hubRevisionProblem(r)).toBeDefined());
});

describe('hubFileUrl(endpoint, id, revision, file)', () => {
  it('builds /<id>/resolve/<revision>/<file> with each part encoded, a revision with "/" as one segment', () => {
    expect(hubFileUrl('https://huggingface.co/', 'org/m', 'refs/pr/1', 'onnx/model.onnx')).toBe('https://huggingface.co/org/m/resolve/refs%2Fpr%2F1/onnx/model.onnx');
    expect(hubFileUrl('http://127.0.0.1:9', 'm', 'main', 'dir with space/x.bin')).toBe('http://127.0.0.1:9/m/resolve/main/dir%20with%20space/x.bin');
    expect(hubTreeUrl('https://huggingface.co', 'org/m', 'main')).toBe('https://huggingface.co/api/models/org/m/tree/main?recursive=true');
  });

  it('security: refuses any part that could move the URL', () => {
    expect(() => hubFileUrl('https://h', 'a/../../b', 'main', 'x')).toThrow(/not a Hub model id/);
    expect(() => hubFileUrl('https://h', 'a/b', '../../x', 'x')).toThrow(/not a Hub revision/);
    expect(() => hubFileUrl('https://h', 'a/b', 'main', '../../resolve/main/p.bin?x=/../../y')).toThrow(/climbs out of the folder/);
  });
});

describe('hubTreeEntries(json)', () => {
  it('keeps files with their size and an LFS file’s sha256; skips folders and nonsense', () => {
    const sha = 'a'.repeat(64);
    const files = hubTreeEntries([
      { type: 'directory', path: 'onnx' },
      { type: 'file', path: 'config.json', size: 12 },
      { type: 'file', path: 'onnx/model.onnx', size: 130, lfs: { size: 5000, oid: sha } },
      { type: 'file', path: 'bad', size: -1 },
      null,
    ]);
    expect([...files]).toEqual([
      ['config.json', { size: 12 }],
      ['onnx/model.onnx', { size: 5000, sha256: sha }],
    ]);
    expect(hubTreeEntries({ error: 'x' }).size).toBe(0);
  });
});
