import { resultPath } from '../../core/import/resultPath';
import type { DroppedFile } from './collectDroppedFiles';

/** What a drop holds: trajectory files, results of the reference's output tree, and at most one model folder (the one around a config.json). */
export interface SplitDrop {
  /** Trajectory files with their paths in the drop (folders walked recursively). */
  trajectoryFiles: DroppedFile[];
  /** Files of the reference's output tree (`_inferred_data/…`, `_sample_metrics/…`, `rsr_<model>.tsv`): results to import. */
  resultFiles: DroppedFile[];
  /**
   * Model files with paths relative to the model folder, or null when no config.json (or GenAI's
   * genai_config.json) was dropped. `handle`: the folder's File System Access handle, when it was
   * dropped itself (not inside another folder) and the browser gave one.
   */
  model: { name: string; files: DroppedFile[]; handle?: FileSystemDirectoryHandle } | null;
  /** Paths of files outside a model folder that hold no trajectories (a `.txt`, a `.csv`): the user is told, not left guessing. */
  ignored: string[];
}

/**
 * What a student needs from its folder: configs, tokenizer, and ONNX files with their external data
 * (`model.onnx_data`, split `_data_1…N`, GenAI's `model.onnx.data`) — under `onnx/` (transformers.js,
 * optimum) or at the top (ONNX Runtime GenAI, whose folder has genai_config.json and no config.json).
 */
const MODEL_FILE =
  /^(config\.json|genai_config\.json|generation_config\.json|tokenizer\.json|tokenizer_config\.json|special_tokens_map\.json|chat_template\.jinja|(onnx\/)?[^/]+\.onnx(_data(_\d+)?|\.data)?)$/;
/** The file that marks a model folder's root. */
const CONFIG = /(^|\/)(genai_)?config\.json$/;
/** As the CLI reads folders: JSON, JSONL and parquet, gzipped or not. */
const DATA_FILE = /\.(jsonl|ndjson|json|parquet)(\.gz)?$/i;
/** The CLI's journal of an interrupted run: not trajectories. */
const JOURNAL = /\.partial\.jsonl$/i;

export function splitDroppedFiles(files: DroppedFile[]): SplitDrop {
  const config = files.filter((f) => CONFIG.test(f.path)).sort((a, b) => a.path.length - b.path.length)[0];
  const root = config ? config.path.slice(0, config.path.lastIndexOf('/') + 1) : null;
  const model: DroppedFile[] = [];
  const trajectoryFiles: DroppedFile[] = [];
  const resultFiles: DroppedFile[] = [];
  const ignored: string[] = [];
  for (const f of files) {
    const rel = root !== null && f.path.startsWith(root) ? f.path.slice(root.length) : null;
    const isHidden = f.path.split('/').some((part) => part.startsWith('.'));
    if (rel !== null) {
      // Anything else inside a model folder (README, weights of other formats) is not needed.
      if (MODEL_FILE.test(rel)) model.push({ path: rel, file: f.file });
    } else if (isHidden || JOURNAL.test(f.path)) continue;
    else if (resultPath(f.path)) resultFiles.push(f);
    else if (DATA_FILE.test(f.path)) trajectoryFiles.push(f);
    else ignored.push(f.path);
  }
  const name = root ? root.replace(/\/$/, '').split('/').pop() || 'dropped-model' : 'dropped-model';
  const handle = config?.root && root === `${config.root.name}/` ? config.root : undefined;
  return { trajectoryFiles, resultFiles, model: root !== null ? { name, files: model, ...(handle && { handle }) } : null, ignored };
}
