import { describe, expect, it } from 'vitest';
import type { ScoreSettings } from '../../core/run/scoreTrajectories';
import type { LoadRequest } from '../../worker/protocol';
import { MAX_RESTARTS, MiB, nextFallback, type Attempt } from './fallbackPolicy';

const settings: ScoreSettings = { clip: 100, template: 'auto', maxTokens: 0, chunkBudgetBytes: 256 * MiB };
const load = (device: LoadRequest['device']): LoadRequest => ({ type: 'load', model: { kind: 'bundled', name: 'm' }, device, dtype: 'auto' });
const attempt = (device: LoadRequest['device'], over: Partial<Attempt> = {}): Attempt => ({ load: load(device), settings, restarts: 0, ...over });

describe('nextFallback', () => {
  it('nextFallback after a WebGPU failure restarts on WASM with the same settings', () => {
    const next = nextFallback(attempt('webgpu'), 'score', 'webgpu');
    expect(next?.load).toEqual(load('wasm'));
    expect(next?.settings).toBe(settings);
    expect(next?.says).toBe('Restarted the model worker on WASM (CPU)');
  });

  it('nextFallback for a server student is nothing: another device or chunk here would ask the same server', () => {
    const server: Attempt = { load: { type: 'load', model: { kind: 'server', url: 'http://gpu1:8000', tokenizer: { kind: 'bundled', name: 'm' } }, device: 'auto', dtype: 'auto' }, settings, restarts: 0 };
    expect(nextFallback(server, 'score', 'server')).toBeNull();
    expect(nextFallback(server, 'load', null)).toBeNull();
  });

  it('nextFallback with device auto goes to WASM only when the worker did not report WASM', () => {
    expect(nextFallback(attempt('auto'), 'load', null)?.load.device).toBe('wasm');
    expect(nextFallback(attempt('auto'), 'score', 'webgpu')?.load.device).toBe('wasm');
    expect(nextFallback(attempt('auto'), 'score', 'wasm')?.load.device).toBe('auto');
  });

  it('nextFallback on WASM while scoring quarters the chunk budget, down to 16 MiB', () => {
    const next = nextFallback(attempt('wasm'), 'score', 'wasm');
    expect(next?.load).toEqual(load('wasm'));
    expect(next?.settings).toEqual({ ...settings, chunkBudgetBytes: 64 * MiB });
    expect(next?.says).toBe('Restarted the model worker with a smaller chunk budget (64 MiB)');
    expect(nextFallback(attempt('wasm', { settings: { ...settings, chunkBudgetBytes: 64 * MiB } }), 'score', 'wasm')?.settings.chunkBudgetBytes).toBe(16 * MiB);
    expect(nextFallback(attempt('wasm', { settings: { ...settings, chunkBudgetBytes: 16 * MiB } }), 'score', 'wasm')).toBeNull();
  });

  it('nextFallback on WASM while loading has nothing left to try (the chunk does not matter to a load)', () => {
    expect(nextFallback(attempt('wasm'), 'load', null)).toBeNull();
  });

  it('nextFallback gives up after MAX_RESTARTS restarts, whatever is left', () => {
    expect(nextFallback(attempt('webgpu', { restarts: MAX_RESTARTS }), 'score', 'webgpu')).toBeNull();
    expect(nextFallback(attempt('webgpu', { restarts: MAX_RESTARTS - 1 }), 'score', 'webgpu')).not.toBeNull();
  });
});
