import type { Device } from './protocol';

export interface DeviceChoice {
  device: Device;
  hasF16: boolean;
  /** WebGPU: the largest buffer a weight may take (the adapter's maxBufferSize and maxStorageBufferBindingSize). */
  maxBufferBytes?: number;
  /** WebGPU: the adapter's vendor and architecture (or description), for messages and the run panel. */
  adapter?: string;
  /** Why WebGPU is not used, if it is not. */
  note?: string;
}

/**
 * `navigator.gpu` existing does not mean an adapter exists (headless browsers, blocklisted GPUs):
 * only `requestAdapter()` tells.
 */
export async function detectDevice(wanted: Device | 'auto'): Promise<DeviceChoice> {
  if (wanted === 'wasm') return { device: 'wasm', hasF16: false };
  type Adapter = {
    features: Set<string>;
    limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
    info?: { vendor?: string; architecture?: string; description?: string; device?: string };
  };
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<Adapter | null> } }).gpu;
  if (!gpu) return { device: 'wasm', hasF16: false, note: 'this browser has no WebGPU; using WASM' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { device: 'wasm', hasF16: false, note: 'no WebGPU adapter is available; using WASM' };
    return {
      device: 'webgpu',
      hasF16: adapter.features.has('shader-f16'),
      maxBufferBytes: Math.min(adapter.limits.maxBufferSize, adapter.limits.maxStorageBufferBindingSize),
      adapter: adapterName(adapter.info),
    };
  } catch (err) {
    return { device: 'wasm', hasF16: false, note: `WebGPU failed (${String(err)}); using WASM` };
  }
}

/** "google swiftshader", "nvidia ampere": what the adapter says of itself (browsers may say little). */
export function adapterName(info: { vendor?: string; architecture?: string; description?: string; device?: string } | undefined): string | undefined {
  if (!info) return undefined;
  const name = [info.vendor, info.architecture || info.device].filter(Boolean).join(' ') || info.description;
  return name || undefined;
}
