import type { Device } from './protocol';

export interface DeviceChoice {
  device: Device;
  hasF16: boolean;
  /** WebGPU: the largest buffer a weight may take (the adapter's maxBufferSize and maxStorageBufferBindingSize). */
  maxBufferBytes?: number;
  /** Why WebGPU is not used, if it is not. */
  note?: string;
}

/**
 * `navigator.gpu` existing does not mean an adapter exists (headless browsers, blocklisted GPUs):
 * only `requestAdapter()` tells.
 */
export async function detectDevice(wanted: Device | 'auto'): Promise<DeviceChoice> {
  if (wanted === 'wasm') return { device: 'wasm', hasF16: false };
  type Adapter = { features: Set<string>; limits: { maxBufferSize: number; maxStorageBufferBindingSize: number } };
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<Adapter | null> } }).gpu;
  if (!gpu) return { device: 'wasm', hasF16: false, note: 'this browser has no WebGPU; using WASM' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { device: 'wasm', hasF16: false, note: 'no WebGPU adapter is available; using WASM' };
    return {
      device: 'webgpu',
      hasF16: adapter.features.has('shader-f16'),
      maxBufferBytes: Math.min(adapter.limits.maxBufferSize, adapter.limits.maxStorageBufferBindingSize),
    };
  } catch (err) {
    return { device: 'wasm', hasF16: false, note: `WebGPU failed (${String(err)}); using WASM` };
  }
}
