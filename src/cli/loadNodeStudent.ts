import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { maxPositionsOf, type Student } from '../core/run/scoreTrajectories';
import type { Dtype } from '../core/score/dtype';
import { StudentError } from '../core/score/studentError';
import { type Scorer, createOrtScorer } from '../core/score/ortScorer';
import { type StudentFiles, readStudentFiles, studentTokenizer } from '../core/score/studentFiles';
import { hubFiles } from './hubCache';
import { BUNDLED_MODEL_DIR, dirFileGetter, dirFileLocator, listModelDir, modelLocation } from './nodeFileGetter';
import { nodeSession } from './nodeSession';
import { ortThreads } from './ortThreads';
import { disableOrtTelemetry } from './ortTelemetry';

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
  const where = await modelLocation(options.model ?? BUNDLED_MODEL_DIR);
  const hub = where.kind === 'hub' ? hubFiles(where.id, options.onDownload) : undefined;
  try {
    return await load(options, where.kind === 'folder' ? where.dir : where.id, hub);
  } catch (err) {
    if (!(err instanceof StudentError)) throw err;
    // Say which model, too: "<folder or Hub id>: <file>: what was found; what to do". A damaged
    // download stays in the cache until it is forgotten: "download it again" says where, and how.
    const message = hub ? err.message.replace(/download (or export )?it again/, `forget the download (rsr-lens cache rm ${options.model}; its files are in ${hub.dir}) and run again`) : err.message;
    throw new StudentError(`${options.model ?? 'the bundled student'}: ${message}`, err.kind);
  }
}

async function load(options: NodeStudentOptions, model: string, hub: ReturnType<typeof hubFiles> | undefined): Promise<NodeStudent> {
  const device = options.device ?? 'cpu';
  const threads = ortThreads();
  disableOrtTelemetry();
  const { get, locate } = hub ?? { get: dirFileGetter(model), locate: dirFileLocator(model) };
  const listing = hub ? await hub.listing() : await listModelDir(model);
  const files = await readStudentFiles(get, { dtype: options.dtype, device, listing }, locate);
  const scorer = await createOrtScorer(ort, files.modelBytes, {
    config: files.config,
    path: options.path ?? 'auto',
    file: files.file,
    externalData: files.externalData,
    modelDiskPath: files.modelDiskPath,
    createSession: nodeSession(ort),
    // The CPU kernels give each batch row the numbers it gets alone (batchScoring.test.ts); CUDA's are not checked.
    batch: device === 'cpu' ? { padTo: 1 } : undefined,
    sessionOptions: { executionProviders: device === 'cuda' ? ['cuda', 'cpu'] : ['cpu'], ...(threads && { intraOpNumThreads: threads }) },
  });
  return {
    name: hub ? model : path.basename(path.resolve(model)),
    dtype: files.dtype,
    device,
    file: files.file,
    tokenizer: studentTokenizer(files),
    scorer,
    // From config.json or, for a GenAI folder, genai_config.json's context_length (the core's config).
    maxPositions: maxPositionsOf(files.config),
    files: { file: files.file, bytes: files.bytes, choice: files.choice },
  };
}
