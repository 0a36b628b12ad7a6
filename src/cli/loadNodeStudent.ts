import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Student } from '../core/run/scoreTrajectories';
import type { Dtype } from '../core/score/dtype';
import { StudentError } from '../core/score/studentError';
import { type Scorer, createOrtScorer } from '../core/score/ortScorer';
import { type StudentFiles, readStudentFiles, studentTokenizer } from '../core/score/studentFiles';
import { BUNDLED_MODEL_DIR, dirFileGetter, dirFileLocator, hubFiles, isLocalModel, listModelDir } from './nodeFileGetter';
import { nodeSession } from './nodeSession';

/** Where onnxruntime-node runs: the CPU, or an NVIDIA GPU with a CUDA build of onnxruntime-node. */
export type NodeDevice = 'cpu' | 'cuda';

export interface NodeStudentOptions {
  /** A model folder or a Hub id; the bundled student when omitted. */
  model?: string;
  /** 'auto' picks the best file the model has for the device (dtype.ts). */
  dtype: Dtype | 'auto';
  device?: NodeDevice;
  /** 'js' forces reducing full logits in JavaScript (for comparison and debugging). */
  path?: 'auto' | 'js';
  onDownload?: (file: string, loaded: number, total: number) => void;
}

export interface NodeStudent extends Student {
  scorer: Scorer;
  files: Pick<StudentFiles, 'file' | 'bytes' | 'choice'>;
}

/** The CLI's adapter around the shared core: onnxruntime-node on the CPU (or CUDA). */
export async function loadNodeStudent(options: NodeStudentOptions): Promise<NodeStudent> {
  try {
    return await load(options);
  } catch (err) {
    // Say which model, too: "<folder or Hub id>: <file>: what was found; what to do".
    if (err instanceof StudentError) throw new StudentError(`${options.model ?? 'the bundled student'}: ${err.message}`, err.kind);
    throw err;
  }
}

async function load(options: NodeStudentOptions): Promise<NodeStudent> {
  const model = options.model ?? BUNDLED_MODEL_DIR;
  const device = options.device ?? 'cpu';
  const local = await isLocalModel(model);
  const { get, locate } = local ? { get: dirFileGetter(model), locate: dirFileLocator(model) } : hubFiles(model, options.onDownload);
  const files = await readStudentFiles(get, { dtype: options.dtype, device, listing: local ? await listModelDir(model) : undefined }, locate);
  const scorer = await createOrtScorer(ort, files.modelBytes, {
    config: files.config,
    path: options.path ?? 'auto',
    file: files.file,
    externalData: files.externalData,
    modelDiskPath: files.modelDiskPath,
    createSession: nodeSession(ort),
    // The CPU kernels give each batch row the numbers it gets alone (batchScoring.test.ts); CUDA's are not checked.
    batch: device === 'cpu' ? { padTo: 1 } : undefined,
    sessionOptions: { executionProviders: device === 'cuda' ? ['cuda', 'cpu'] : ['cpu'] },
  });
  return {
    name: local ? path.basename(path.resolve(model)) : model,
    dtype: files.dtype,
    device,
    file: files.file,
    tokenizer: studentTokenizer(files),
    scorer,
    files: { file: files.file, bytes: files.bytes, choice: files.choice },
  };
}
