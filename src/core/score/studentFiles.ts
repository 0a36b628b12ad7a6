import type { TokenizerFiles } from '../tokenize/studentTokenizer';
import { externalDataFiles } from './externalData';
import { decodeModel } from './onnxGraph';

export type Dtype = 'fp32' | 'fp16' | 'q8' | 'q4';

/** transformers.js file naming of the ONNX variants in a model repo. */
export const ONNX_FILE: Record<Dtype, string> = {
  fp32: 'onnx/model.onnx',
  fp16: 'onnx/model_fp16.onnx',
  q8: 'onnx/model_quantized.onnx',
  q4: 'onnx/model_q4.onnx',
};

/** One file of a model repo as bytes; undefined only for an optional file that does not exist. */
export type FileGetter = (path: string, optional?: boolean) => Promise<Uint8Array | undefined>;

export interface StudentFiles {
  config: Record<string, any>;
  tokenizer: TokenizerFiles;
  modelBytes: Uint8Array;
  /** Weights stored beside the graph (`model.onnx_data`), handed to the runtime by name. */
  externalData: { path: string; data: Uint8Array }[];
}

const json = (bytes: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(bytes));

/** Everything a student needs, from wherever `get` reads (app server, Hub, dropped folder, disk). */
export async function readStudentFiles(get: FileGetter, dtype: Dtype): Promise<StudentFiles> {
  const onnxPath = ONNX_FILE[dtype];
  const [config, tokenizerJson, tokenizerConfig, chatTemplate, modelBytes] = await Promise.all([
    get('config.json').then(json),
    get('tokenizer.json').then(json),
    get('tokenizer_config.json').then(json),
    get('chat_template.jinja', true).then((b) => (b ? new TextDecoder().decode(b) : undefined)),
    get(onnxPath).then((b) => b!),
  ]);
  const dir = onnxPath.slice(0, onnxPath.lastIndexOf('/') + 1);
  const externalData = await Promise.all(
    externalDataFiles(decodeModel(modelBytes)).map(async (path) => ({ path, data: (await get(dir + path))! })),
  );
  return { config, tokenizer: { tokenizerJson, tokenizerConfig, chatTemplate }, modelBytes, externalData };
}
