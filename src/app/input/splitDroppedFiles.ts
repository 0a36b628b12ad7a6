import type { DroppedFile } from './collectDroppedFiles';

/** What a drop holds: trajectory files, and at most one model folder (the one around a config.json). */
export interface SplitDrop {
  trajectoryFiles: File[];
  /** Model files with paths relative to the model folder, or null when no config.json was dropped. */
  model: { name: string; files: DroppedFile[] } | null;
  /** Paths of files outside a model folder that hold no trajectories (a `.txt`, a `.csv`): the user is told, not left guessing. */
  ignored: string[];
}

const MODEL_FILE = /^(config\.json|generation_config\.json|tokenizer\.json|tokenizer_config\.json|special_tokens_map\.json|onnx\/[^/]+\.onnx(_data|\.data)?)$/;
const DATA_FILE = /\.(jsonl|ndjson|json)$/i;

export function splitDroppedFiles(files: DroppedFile[]): SplitDrop {
  const config = files
    .filter((f) => f.path === 'config.json' || f.path.endsWith('/config.json'))
    .sort((a, b) => a.path.length - b.path.length)[0];
  const root = config ? config.path.slice(0, -'config.json'.length) : null;
  const model: DroppedFile[] = [];
  const trajectoryFiles: File[] = [];
  const ignored: string[] = [];
  for (const f of files) {
    const rel = root !== null && f.path.startsWith(root) ? f.path.slice(root.length) : null;
    if (rel !== null && MODEL_FILE.test(rel)) model.push({ path: rel, file: f.file });
    else if (rel === null && DATA_FILE.test(f.path)) trajectoryFiles.push(f.file);
    else if (rel === null) ignored.push(f.path);
    // Anything else inside a model folder (README, weights of other formats) is not needed.
  }
  const name = root ? root.replace(/\/$/, '').split('/').pop() || 'dropped-model' : 'dropped-model';
  return { trajectoryFiles, model: root !== null ? { name, files: model } : null, ignored };
}
