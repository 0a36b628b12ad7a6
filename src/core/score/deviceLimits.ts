import type { ScoringDevice } from './dtype';

/** What a device can hold of a student, checked before anything large is downloaded. */
export interface DeviceLimits {
  /** The largest single file: one ArrayBuffer in a browser. */
  maxFileBytes: number;
  /** Graph plus external data: what fits the runtime's memory with room left to score. */
  maxModelBytes: number;
  /** The largest single weight (WebGPU: the adapter's maxBufferSize / maxStorageBufferBindingSize). */
  maxTensorBytes?: number;
  /** Named in the refusal: "WASM's 4 GiB memory", … */
  what: string;
}

const GiB = 2 ** 30;

/**
 * A browser keeps each downloaded file in one ArrayBuffer: 2 GiB is what every engine allows
 * (this project's Chromium 156 takes 4 GiB, older and other engines less), and the Hub's split
 * exports (`_data`, `_data_1`, …) stay below it. WASM's memory tops out at 4 GiB and must also hold
 * what ONNX Runtime builds while loading (a transposed tied lm_head, packed matrices), the KV cache
 * and a chunk's working set: 2.5 GB of weights leaves room for that (measured: bench:students).
 */
export const DEVICE_LIMITS: Record<ScoringDevice, DeviceLimits> = {
  cpu: { maxFileBytes: Infinity, maxModelBytes: Infinity, what: 'this machine' },
  cuda: { maxFileBytes: Infinity, maxModelBytes: Infinity, what: 'this GPU' },
  wasm: { maxFileBytes: 2 * GiB, maxModelBytes: 2.5e9, what: "WASM's 4 GiB memory" },
  webgpu: { maxFileBytes: 2 * GiB, maxModelBytes: 2.5e9, what: 'a browser tab' },
  'webgpu-f16': { maxFileBytes: 2 * GiB, maxModelBytes: 2.5e9, what: 'a browser tab' },
};

/** What to do about a student that does not fit the device. */
export const FIT_ADVICE = 'pick a smaller dtype (q4f16 or q4), or score it with the CLI (npx rsr-lens score FILES --model ID), which has no such limit';

/** 2.47 GB, 550 MB, 12 kB. */
export const formatSize = (bytes: number) => (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : bytes >= 1e6 ? `${Math.round(bytes / 1e6)} MB` : `${Math.ceil(bytes / 1e3)} kB`);

/**
 * Why these files cannot be loaded on the device, or undefined when they can. `largestTensorBytes`,
 * when known (vocabulary × hidden × bytes, the embedding table), is checked against maxTensorBytes.
 */
export function fitProblem(files: readonly { path: string; bytes: number }[], limits: DeviceLimits, largestTensorBytes?: number): string | undefined {
  const big = files.find((f) => f.bytes > limits.maxFileBytes);
  if (big) return `${big.path} is ${formatSize(big.bytes)}, more than a browser holds in one file (${formatSize(limits.maxFileBytes)})`;
  const total = files.reduce((n, f) => n + f.bytes, 0);
  if (total > limits.maxModelBytes) return `${files.map((f) => f.path).join(' + ')} = ${formatSize(total)}, more than ${limits.what} can score with (${formatSize(limits.maxModelBytes)} of weights)`;
  if (largestTensorBytes !== undefined && limits.maxTensorBytes !== undefined && largestTensorBytes > limits.maxTensorBytes) {
    return `its largest weight is ${formatSize(largestTensorBytes)}, more than this GPU's largest buffer (${formatSize(limits.maxTensorBytes)})`;
  }
  return undefined;
}
