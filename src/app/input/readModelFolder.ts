import type { DroppedFile } from './collectDroppedFiles';

/** A model folder the user dropped: relative path → its file, read only by the worker and only the files it uses. */
export interface DroppedModel {
  name: string;
  files: Record<string, Blob>;
}

/**
 * The dropped model folder for the worker (it reads the files from there, so nothing is uploaded
 * and a folder with several dtypes costs only the one used). Throws with a user-facing reason when
 * a required file is missing; `needsOnnx: false` for a server student, which takes only the tokenizer.
 */
export async function readModelFolder(name: string, files: DroppedFile[], { needsOnnx = true } = {}): Promise<DroppedModel> {
  const paths = new Set(files.map((f) => f.path));
  const missing = ['tokenizer.json', 'tokenizer_config.json'].filter((p) => !paths.has(p));
  if (!paths.has('config.json') && !paths.has('genai_config.json')) missing.unshift('config.json (or genai_config.json)');
  if (needsOnnx && ![...paths].some((p) => /^(onnx\/)?[^/]+\.onnx$/.test(p))) missing.push('an .onnx file (onnx/*.onnx, or model.onnx beside genai_config.json)');
  if (missing.length) throw new Error(`the model folder "${name}" lacks ${missing.join(', ')}`);
  return { name, files: Object.fromEntries(files.map((f) => [f.path, f.file])) };
}
