import { describe, expect, it } from 'vitest';
import { DTYPES } from './dtype';
import { HUB_PRESETS, estimateBytes, presetBytes, presetDefaultDtype } from './hubPresets';

const smol = HUB_PRESETS.find((p) => p.id === 'HuggingFaceTB/SmolLM2-360M-Instruct')!;

describe('HUB_PRESETS', () => {
  it('lists the seven real students, each with a Hub id and shipped dtypes', () => {
    expect(HUB_PRESETS.map((p) => p.label)).toEqual([
      'Qwen3 0.6B',
      'Qwen2.5 0.5B Instruct',
      'Qwen2.5 1.5B Instruct',
      'SmolLM2 360M Instruct',
      'SmolLM2 1.7B Instruct',
      'Llama 3.2 1B Instruct',
      'DeepSeek-R1-Distill-Qwen 1.5B',
    ]);
    for (const p of HUB_PRESETS) {
      expect(p.id).toMatch(/^(onnx-community|HuggingFaceTB)\/[\w.-]+$/);
      expect(p.dtypes.every((d) => DTYPES.includes(d))).toBe(true);
    }
  });

  it('estimateBytes is within 1% of every size the SmolLM2-360M repo lists', () => {
    for (const [dtype, listed] of Object.entries(smol.listed!)) {
      expect(Math.abs(estimateBytes(smol.shape, dtype as never) - listed) / listed, dtype).toBeLessThan(0.01);
    }
  });

  it('presetBytes gives the listed size where known and says which are estimates', () => {
    expect(presetBytes(smol).q4).toEqual({ bytes: 417376345, estimated: false });
    const qwen = presetBytes(HUB_PRESETS[0]);
    expect(Object.keys(qwen).sort()).toEqual([...DTYPES].sort());
    expect(qwen.q4f16!.estimated).toBe(true);
    // Qwen3-0.6B: 0.44 B decoder parameters and a 0.16 B embedding table.
    expect(qwen.fp32!.bytes / 1e9).toBeCloseTo(3.0, 1);
    expect(qwen.q4!.bytes / 1e9).toBeCloseTo(0.99, 1);
  });

  it('presetDefaultDtype follows the device: fp32 in the CLI, q4 on WASM, q4f16 on WebGPU with shader-f16', () => {
    for (const p of HUB_PRESETS) {
      expect(presetDefaultDtype(p, 'cpu'), p.id).toBe('fp32');
      expect(presetDefaultDtype(p, 'wasm'), p.id).toBe('q4');
      expect(presetDefaultDtype(p, 'webgpu-f16'), p.id).toBe('q4f16');
    }
  });

  it('a browser default always fits one ArrayBuffer (2 GiB)', () => {
    for (const p of HUB_PRESETS) {
      for (const device of ['wasm', 'webgpu', 'webgpu-f16'] as const) expect(presetBytes(p)[presetDefaultDtype(p, device)!]!.bytes, `${p.id} ${device}`).toBeLessThanOrEqual(2 * 2 ** 30);
    }
  });
});
