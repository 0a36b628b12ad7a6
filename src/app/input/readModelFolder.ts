import type { DroppedFile } from './collectDroppedFiles';

/** A model folder the user dropped, held in memory: relative path → contents. */
export interface DroppedModel {
  name: string;
  files: Record<string, ArrayBuffer>;
}

/**
 * Read a dropped model folder into memory for the worker (it serves the files from there, so
 * nothing is uploaded). Throws with a user-facing reason when a required file is missing.
 */
export async function readModelFolder(name: string, files: DroppedFile[]): Promise<DroppedModel> {
  const paths = new Set(files.map((f) => f.path));
  const missing = ['tokenizer.json', 'tokenizer_config.json'].filter((p) => !paths.has(p));
  if (!paths.has('config.json') && !paths.has('genai_config.json')) missing.unshift('config.json (or genai_config.json)');
  if (![...paths].some((p) => /^(onnx\/)?[^/]+\.onnx$/.test(p))) missing.push('an .onnx file (onnx/*.onnx, or model.onnx beside genai_config.json)');
  if (missing.length) throw new Error(`the model folder "${name}" lacks ${missing.join(', ')}`);
  const entries = await Promise.all(files.map(async (f) => [f.path, await f.file.arrayBuffer()] as const));
  return { name, files: Object.fromEntries(entries) };
}
