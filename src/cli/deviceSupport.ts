import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { UsageError } from './usageError';

/** The shared library an execution provider needs beside onnxruntime-node's binding, where it is not bundled. */
const PROVIDER_LIBRARY: Record<string, string> = {
  cuda: 'libonnxruntime_providers_cuda.so',
  tensorrt: 'libonnxruntime_providers_tensorrt.so',
};

function bindingDir(): string {
  const pkg = path.dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
  return path.join(pkg, 'bin', 'napi-v6', process.platform, process.arch);
}

/**
 * `--device` checked before any model is loaded, so a missing GPU provider is one clear sentence
 * (what is missing, and the command that installs it) instead of onnxruntime's native log lines.
 * onnxruntime-node lists what it can offer on this platform (`listSupportedBackends`: cpu and
 * webgpu bundled, cuda and tensorrt on Linux x64 downloaded at install time — which this project's
 * `.npmrc` skips by default).
 */
export function checkDevice(device: string): void {
  if (device === 'cpu') return;
  const backends = ort.listSupportedBackends();
  const backend = backends.find((b) => b.name === device);
  if (!backend) {
    throw new UsageError(
      `--device ${device}: onnxruntime-node offers ${backends.map((b) => b.name).join(', ')} on this machine (${process.platform} ${process.arch}); CUDA needs Linux x64`,
    );
  }
  const library = PROVIDER_LIBRARY[device];
  if (backend.bundled || !library) return;
  const dir = bindingDir();
  if (fs.existsSync(path.join(dir, library))) return;
  throw new UsageError(
    `--device ${device}: onnxruntime-node's ${device.toUpperCase()} provider is not installed (no ${library} in ${dir}). ` +
      `It is downloaded by onnxruntime-node's install script, which this project does not run (package.json's allowScripts); on a Linux x64 machine with CUDA 12 and cuDNN 9, run ` +
      `\`(cd node_modules/onnxruntime-node && ONNXRUNTIME_NODE_INSTALL=cuda12 node script/install)\`, then try again (or use --device cpu).`,
  );
}
