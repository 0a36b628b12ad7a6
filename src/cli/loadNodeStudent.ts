import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Student } from '../core/run/scoreTrajectories';
import { createOrtScorer } from '../core/score/ortScorer';
import { type Dtype, readStudentFiles } from '../core/score/studentFiles';
import { createStudentTokenizer } from '../core/tokenize/studentTokenizer';
import { BUNDLED_MODEL_DIR, dirFileGetter, hubFileGetter, isLocalModel } from './nodeFileGetter';

export interface NodeStudentOptions {
  /** A model folder or a Hub id; the bundled student when omitted. */
  model?: string;
  dtype: Dtype;
  /** onnxruntime-node execution provider (cpu by default; see deviceSupport.ts). */
  device?: string;
  /** 'js' forces reducing full logits in JavaScript (for comparison and debugging). */
  path?: 'auto' | 'js';
  onDownload?: (file: string, loaded: number, total: number) => void;
}

/** The CLI's adapter around the shared core: onnxruntime-node on the CPU. */
export async function loadNodeStudent(options: NodeStudentOptions): Promise<Student> {
  const model = options.model ?? BUNDLED_MODEL_DIR;
  const local = await isLocalModel(model);
  const get = local ? dirFileGetter(model) : hubFileGetter(model, options.onDownload);
  const files = await readStudentFiles(get, options.dtype);
  const scorer = await createOrtScorer(ort, files.modelBytes, {
    config: files.config,
    path: options.path ?? 'auto',
    sessionOptions: { executionProviders: [options.device ?? 'cpu'], externalData: files.externalData as never },
  });
  return {
    name: local ? path.basename(path.resolve(model)) : model,
    dtype: options.dtype,
    device: options.device ?? 'cpu',
    tokenizer: createStudentTokenizer(files.tokenizer),
    scorer,
  };
}
