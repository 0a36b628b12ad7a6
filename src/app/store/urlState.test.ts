import { describe, expect, it } from 'vitest';
import { readUrlState, urlSearchOf } from './urlState';
import { useLensStore } from './useLensStore';

describe('urlState', () => {
  it('readUrlState reads settings, selection, sort and the demo flag', () => {
    const u = readUrlState('?model=hub:onnx-community/Qwen3-0.6B-ONNX&device=wasm&dtype=q8&clip=50&max=4096&template=llama3&chunk=64&sel=a.jsonl:3&teacher=terse&q=p7&sort=-rsr&metric=rank&demo=1');
    expect(u.settings).toEqual({ student: 'hub', hubId: 'onnx-community/Qwen3-0.6B-ONNX', device: 'wasm', dtype: 'q8', clip: 50, maxTokens: 4096, template: 'llama3', chunkBudgetMiB: 64 });
    expect(u).toMatchObject({ selectedKey: 'a.jsonl:3', teacherFilter: 'terse', idFilter: 'p7', sort: { column: 'rsr', descending: true }, heatmapMetric: 'rank', demo: true });
  });

  it('readUrlState ignores malformed values instead of failing', () => {
    const u = readUrlState('?device=tpu&dtype=int3&clip=0&max=-5&chunk=abc&sort=bogus&metric=x&model=hub:&gqa=flash');
    expect(u.settings).toEqual({});
    expect(u.sort).toEqual({ column: null, descending: false });
    expect(u.heatmapMetric).toBe('surprisal');
  });

  it('readUrlState takes the WebGPU attention mode (gqa=, a measurement knob), and urlSearchOf writes it back only when not the rewrite', () => {
    expect(readUrlState('?gqa=shared-buffer').settings).toEqual({ attention: 'shared-buffer' });
    const s = useLensStore.getState();
    expect(urlSearchOf({ ...s, attention: 'kernel' })).toBe('gqa=kernel');
    expect(urlSearchOf({ ...s, attention: 'rewrite' })).toBe('');
  });

  it('urlSearchOf leaves defaults out, and its output reads back to the same state', () => {
    const s = useLensStore.getState();
    expect(urlSearchOf(s)).toBe('');
    const state = { ...s, device: 'wasm' as const, clip: 20, selectedKey: 'x.jsonl:7', sort: { column: 'avgSurprisal' as const, descending: false } };
    const search = urlSearchOf(state);
    expect(search).toBe('device=wasm&clip=20&sort=avgSurprisal&sel=x.jsonl%3A7');
    const back = readUrlState(`?${search}`);
    expect(back.settings).toEqual({ device: 'wasm', clip: 20 });
    expect(back.selectedKey).toBe('x.jsonl:7');
  });
});

describe('urlState: analysis views', () => {
  it('readUrlState reads the tab and the A/B comparison; urlSearchOf writes them back', () => {
    const u = readUrlState('?view=compare&a=terse&b=student&pid=p7-3');
    expect([u.view, u.compareA, u.compareB, u.compareId]).toEqual(['compare', 'terse', 'student', 'p7-3']);
    const s = { ...useLensStore.getState(), mainView: 'compare' as const, compareA: 'terse', compareB: 'student', compareId: 'p7-3' };
    expect(urlSearchOf(s)).toBe('view=compare&a=terse&b=student&pid=p7-3');
  });
  it('readUrlState falls back to the trajectory table for an unknown tab', () => {
    expect(readUrlState('?view=nope').view).toBe('trajectories');
  });
});

describe('urlState: search, slices and field columns', () => {
  it('readUrlState reads find, slice, cols and a field sort; urlSearchOf writes them back', () => {
    const u = readUrlState('?find=wait&slice=source%3Daime24&cols=source,correct&sort=-field:level');
    expect([u.textQuery, u.fieldSlice, u.fieldColumns, u.sort]).toEqual(['wait', { field: 'source', value: 'aime24' }, ['source', 'correct'], { column: 'field:level', descending: true }]);
    const s = { ...useLensStore.getState(), textQuery: 'wait', fieldSlice: { field: 'source', value: 'a=b' }, fieldColumns: ['source'] };
    const back = readUrlState(`?${urlSearchOf(s)}`);
    expect([back.textQuery, back.fieldSlice, back.fieldColumns]).toEqual(['wait', { field: 'source', value: 'a=b' }, ['source']]);
  });

  it('readUrlState reads a derived field (derive=field~pattern) and a slice of it; urlSearchOf writes them back', () => {
    const spec = { field: 'source', pattern: '(\\w+)_eval~x' };
    const s = { ...useLensStore.getState(), derivedSpec: spec, fieldSlice: { field: '@derived', value: 'aime24' } };
    const back = readUrlState(`?${urlSearchOf(s)}`);
    expect([back.derivedSpec, back.fieldSlice]).toEqual([spec, { field: '@derived', value: 'aime24' }]);
    expect(readUrlState('?derive=source~').derivedSpec).toBeNull();
    expect(readUrlState('?derive=~x').derivedSpec).toBeNull();
  });
});

describe('urlState: a server student', () => {
  it('urlSearchOf writes a server student’s URL and tokenizer, never its key; readUrlState reads them back', () => {
    const s = { ...useLensStore.getState(), student: 'server' as const, serverUrl: 'http://gpu1:8000', serverTokenizer: 'hub' as const, serverTokenizerId: 'Qwen/Qwen3-8B' };
    const search = urlSearchOf(s);
    expect(search).toBe('server=http%3A%2F%2Fgpu1%3A8000&tok=hub%3AQwen%2FQwen3-8B');
    expect(readUrlState(`?${search}`).settings).toEqual({ student: 'server', serverUrl: 'http://gpu1:8000', serverTokenizer: 'hub', serverTokenizerId: 'Qwen/Qwen3-8B' });
    expect(readUrlState('?server=http://x:1&tok=bundled').settings).toMatchObject({ serverTokenizer: 'bundled' });
  });
});
