import { type StudentTokenizer, type TokenizerFiles, createStudentTokenizer } from '../tokenize/studentTokenizer';
import { type LayoutInfo, describeLayout } from './describeLayout';
import { type DeviceLimits, FIT_ADVICE, fitProblem, formatSize } from './deviceLimits';
import { DTYPE_PREFERENCE, type Dtype, type ScoringDevice, dtypeFiles, dtypeOfFile } from './dtype';
import { type ExternalDataFile, externalDataExtents, externalDataFiles, externalLocations, inlineSmallExternalData } from './externalData';
import { checkModelPath } from './modelPath';
import { type ModelProto, decodeModel, encodeModel } from './onnxGraph';
import { StudentError } from './studentError';

/**
 * One file of a model repo as bytes; undefined only for an optional file that does not exist.
 * `path` is always a plain relative path (modelPath.ts). With `maxBytes`, a file known to be larger
 * is refused before it is read (tooLargeError): a JSON file is parsed whole, in memory.
 */
export type FileGetter = (path: string, optional?: boolean, maxBytes?: number) => Promise<Uint8Array | undefined>;

/**
 * The most a model's JSON file (tokenizer.json, the configs) may weigh. It is parsed whole, and a
 * 350 MB tokenizer.json ran the CLI out of heap; the largest real ones are ~35 MB (Gemma 3's
 * 262k-token vocabulary), so 128 MiB leaves room and still refuses a file that is not a tokenizer.
 */
export const MAX_JSON_BYTES = 128 * 2 ** 20;

/** The refusal of a file larger than what may be read of it: one line, with its size and the limit. */
export function tooLargeError(path: string, bytes: number, maxBytes: number): StudentError {
  return new StudentError(`${path} is ${formatSize(bytes)}, more than the ${formatSize(maxBytes)} such a file may have: it is not one this app reads (is it the right file?); refused before reading it`, 'refused');
}

/**
 * Where a file of the model folder is on disk and how big it is, without reading it (Node: a local
 * folder, the Hub cache); undefined when it is not on disk. External data found this way is handed
 * to ONNX Runtime by path and never read into JavaScript.
 */
export type FileLocator = (path: string) => Promise<{ diskPath: string; bytes: number } | undefined>;

export interface StudentRequest {
  /** A dtype names its file (transformers.js convention); 'auto' takes the best one that exists. */
  dtype: Dtype | 'auto';
  /** Whose preference order 'auto' follows (dtype.ts). */
  device: ScoringDevice;
  /**
   * Every file path of the model folder, when the source can list them (disk, a dropped folder,
   * the Hub's tree API); without it candidates are requested in order and a 404 means absent.
   */
  listing?: readonly string[];
  /** Bytes per path of the listing, where known (the Hub's tree API): a file that cannot fit is never downloaded. */
  sizes?: ReadonlyMap<string, number>;
  /** What the device holds (deviceLimits.ts); checked before a large file is fetched. */
  limits?: DeviceLimits;
  /**
   * Why the device cannot score this graph (e.g. WebGPU: a GroupQueryAttention decomposeGqa.ts
   * cannot rewrite), read from the graph before its external data is fetched.
   */
  refusal?: (model: ModelProto, config: Record<string, any>) => StudentError | undefined;
}

export interface StudentFiles {
  /** config.json, or the fields RSR Lens needs from GenAI's genai_config.json. */
  config: Record<string, any>;
  tokenizer: TokenizerFiles;
  modelBytes: Uint8Array;
  /** Where `modelBytes` are on disk, byte for byte, when they are (Node): weights inside the graph are mapped from there. */
  modelDiskPath?: string;
  /** Weights stored beside the graph (`model.onnx_data`, …), handed to the runtime by name. */
  externalData: ExternalDataFile[];
  /** The ONNX file used, relative to the model folder (e.g. `onnx/model_q4.onnx`). */
  file: string;
  dtype: Dtype;
  /** Bytes of the graph plus its external data. */
  bytes: number;
  /** How the file was chosen, in words. */
  choice: string;
  /** What the graph is made of (dtype read from its ops, distinctive ops, approximate or not). */
  layout: LayoutInfo;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** A JSON file of the model that must hold an object (a config, the tokenizer). */
function parseJson(path: string, bytes: Uint8Array): Record<string, any> {
  if (bytes.length > MAX_JSON_BYTES) throw tooLargeError(path, bytes.length, MAX_JSON_BYTES);
  let value: unknown;
  try {
    value = JSON.parse(text(bytes));
  } catch (err) {
    throw new StudentError(`${path} is not valid JSON (${(err as Error).message}): the file is damaged or truncated; download it again`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StudentError(`${path} holds ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}, not a JSON object: the file is damaged or not what its name says`);
  }
  return value as Record<string, any>;
}

/**
 * GenAI folders carry genai_config.json instead of config.json: map the fields the scorer reads
 * (cache heads and size, vocabulary width) to config.json's names.
 */
function configFromGenai(genai: Record<string, any>): Record<string, any> {
  const m = genai.model ?? {};
  const d = m.decoder ?? {};
  return {
    model_type: m.type,
    vocab_size: m.vocab_size,
    hidden_size: d.hidden_size,
    num_attention_heads: d.num_attention_heads,
    num_hidden_layers: d.num_hidden_layers,
    num_key_value_heads: d.num_key_value_heads,
    head_dim: d.head_size,
    max_position_embeddings: m.context_length,
  };
}

/**
 * The tokenizer's files alone, no weights: for a student whose model runs elsewhere (a server) or
 * was run elsewhere (imported results). `chat_template.jinja` where newer repos keep the template.
 */
export async function readTokenizerFiles(get: FileGetter): Promise<TokenizerFiles> {
  const required = async (path: string) => parseJson(path, (await get(path, false, MAX_JSON_BYTES))!);
  const [tokenizerJson, tokenizerConfig, chatTemplate] = await Promise.all([
    required('tokenizer.json'),
    required('tokenizer_config.json'),
    get('chat_template.jinja', true, MAX_JSON_BYTES).then((b) => (b ? text(b) : undefined)),
  ]);
  return { tokenizerJson, tokenizerConfig, chatTemplate };
}

/**
 * What a student scored elsewhere (a server) needs here: its tokenizer files, and its config.json
 * where there is one (for max_position_embeddings), both within the JSON size limit.
 */
export async function readTokenizerAndConfig(get: FileGetter): Promise<{ tokenizer: TokenizerFiles; config?: Record<string, any> }> {
  const [tokenizer, configBytes] = await Promise.all([readTokenizerFiles(get), get('config.json', true, MAX_JSON_BYTES)]);
  return { tokenizer, ...(configBytes && { config: parseJson('config.json', configBytes) }) };
}

/**
 * Everything a student needs, from wherever `get` reads (app server, Hub, dropped folder, disk).
 * With `locate`, external data on disk is checked by its size and left there for the runtime.
 */
export async function readStudentFiles(get: FileGetter, request: StudentRequest, locate?: FileLocator): Promise<StudentFiles> {
  const tokenizer = readTokenizerFiles(get);
  // Settled in the background so a failed download is reported once, where it is awaited.
  tokenizer.catch(() => {});
  const [configBytes, genaiBytes] = await Promise.all([get('config.json', true, MAX_JSON_BYTES), get('genai_config.json', true, MAX_JSON_BYTES)]);
  const genai = genaiBytes && parseJson('genai_config.json', genaiBytes);
  if (!configBytes && !genai) throw new StudentError('config.json is missing: a model folder needs config.json (or genai_config.json), tokenizer.json, tokenizer_config.json and an ONNX decoder');
  const config = configBytes ? parseJson('config.json', configBytes) : configFromGenai(genai!);
  // GenAI names its decoder: a file name from the model, so it must stay inside the folder.
  const genaiDecoder = genai?.model?.decoder?.filename;
  if (genaiDecoder !== undefined) checkModelPath(genaiDecoder, 'genai_config.json', 'model.decoder.filename');

  const { file, modelBytes, choice } = await chooseModelFile(get, request, config, genaiDecoder);
  let model: ModelProto;
  try {
    model = decodeModel(modelBytes);
  } catch (err) {
    throw new StudentError(`${file} is not a readable ONNX model (${(err as Error).message}): the file is truncated or damaged; download or export it again`);
  }
  if (!model.graph) throw new StudentError(`${file} is ${modelBytes.length ? 'an ONNX file with no graph' : 'empty (0 bytes)'}: the file is truncated or damaged; download or export it again`);
  // Every file the graph names for its weights, checked before any of them is opened or fetched.
  for (const { tensor, location } of externalLocations(model)) checkModelPath(location, file, `tensor "${tensor}" external data location`);
  let layout: LayoutInfo;
  try {
    layout = describeLayout(model);
  } catch (err) {
    if (err instanceof StudentError) throw new StudentError(`${file}: ${err.message}`, err.kind);
    throw err;
  }
  const refused = request.refusal?.(model, config);
  if (refused) throw new StudentError(`${file}: ${refused.message}`, refused.kind);
  const dtype = dtypeOfFile(file) ?? layout.dtype;
  if (request.dtype !== 'auto' && dtype !== request.dtype) throw new StudentError(`${file} computes in ${layout.dtype}, not ${request.dtype}: ask for ${layout.dtype} or auto`);

  // External data is named by each initializer's `location`, relative to the .onnx file: that covers
  // model.onnx_data, the split _1 … _N of transformers.js_config.use_external_data_format, and
  // GenAI's model.onnx.data alike, whatever the config announces.
  const dir = file.slice(0, file.lastIndexOf('/') + 1);
  const extents = externalDataExtents(model);
  // The graph says how much external data it reads: refuse before fetching any of it.
  const problem =
    request.limits && fitProblem([{ path: file, bytes: modelBytes.length }, ...[...extents].map(([p, bytes]) => ({ path: dir + p, bytes }))], request.limits, largestWeightBytes(model));
  if (problem) throw new StudentError(`${problem}: ${FIT_ADVICE}`, 'refused');
  const externalData = await Promise.all(
    [...extents].map(async ([path, needed]): Promise<ExternalDataFile> => {
      const onDisk = await locate?.(dir + path);
      const data = onDisk ? undefined : await get(dir + path, true);
      const bytes = onDisk?.bytes ?? data?.length;
      if (bytes === undefined) throw new StudentError(`${dir + path} is missing: ${file} keeps its weights there; put it beside ${file}`);
      if (bytes < needed) throw new StudentError(`${dir + path} is truncated: it has ${bytes.toLocaleString('en-US')} bytes and ${file} needs ${needed.toLocaleString('en-US')}; download it again`);
      return onDisk ? { path, bytes, diskPath: onDisk.diskPath } : { path, bytes, data };
    }),
  );
  // Shapes and axes stored outside must be back in the graph for the runtime to load it from
  // bytes; from disk (a path) the runtime reads them itself.
  let graphBytes = modelBytes;
  const inMemory = new Map(externalData.filter((d) => d.data).map((d) => [d.path, d.data!]));
  if (inlineSmallExternalData(model, inMemory)) graphBytes = encodeModel(model);
  const stillExternal = new Set(externalDataFiles(model));
  const modelDiskPath = graphBytes === modelBytes ? (await locate?.(file))?.diskPath : undefined;
  return {
    config,
    tokenizer: await tokenizer,
    modelBytes: graphBytes,
    ...(modelDiskPath && { modelDiskPath }),
    externalData: externalData.filter((d) => stillExternal.has(d.path)),
    file,
    dtype,
    bytes: modelBytes.length + externalData.reduce((n, d) => n + d.bytes, 0),
    choice,
    layout,
  };
}

/**
 * Pick the decoder file: the asked dtype's file, or with 'auto' the first dtype of the device's
 * preference that exists (transformers.js_config.dtype, when the repo names one, goes first).
 * GenAI folders keep one decoder, named in genai_config.json (model.onnx at the top).
 */
async function chooseModelFile(
  get: FileGetter,
  request: StudentRequest,
  config: Record<string, any>,
  genaiFile: string | undefined,
): Promise<{ file: string; modelBytes: Uint8Array; choice: string }> {
  const jsConfig = config['transformers.js_config'] ?? {};
  const hinted = typeof jsConfig.dtype === 'string' ? [jsConfig.dtype as Dtype] : typeof jsConfig.dtype?.model === 'string' ? [jsConfig.dtype.model as Dtype] : [];
  const dtypes = request.dtype === 'auto' ? [...new Set([...hinted, ...DTYPE_PREFERENCE[request.device]])].filter((d) => DTYPE_PREFERENCE[request.device].includes(d)) : [request.dtype];
  const candidates = [...dtypes.flatMap(dtypeFiles), genaiFile ?? 'model.onnx'];
  const listed = request.listing && new Set(request.listing.map((p) => p.replace(/^\.?\//, '')));
  const how = (file: string) =>
    request.dtype !== 'auto'
      ? `asked for ${request.dtype}`
      : dtypeOfFile(file)
        ? `auto for ${request.device}: the first of ${dtypes.join(', ')} that the repo has`
        : 'auto: the repo has no onnx/model*.onnx, so its ONNX Runtime GenAI decoder';
  const tooBig: string[] = [];
  for (const file of candidates) {
    if (listed && !listed.has(file)) continue;
    // With sizes (the Hub's tree API), a file that cannot fit is passed over (auto) or refused before its download.
    const problem = request.limits && request.sizes && fitProblem(withDataFiles(file, request.sizes), request.limits);
    if (problem) {
      if (request.dtype !== 'auto') throw new StudentError(`${problem}: ${FIT_ADVICE}`, 'refused');
      tooBig.push(problem);
      continue;
    }
    const modelBytes = await get(file, !listed);
    if (modelBytes) return { file, modelBytes, choice: how(file) + (tooBig.length ? ` (larger ones do not fit: ${tooBig.join('; ')})` : '') };
  }
  if (tooBig.length) throw new StudentError(`no dtype of this model fits: ${tooBig.join('; ')}; score it with the CLI (npx rsr-lens score FILES --model ID), which has no such limit`, 'refused');
  const present = listed ? [...listed].filter((p) => p.endsWith('.onnx')) : [];
  const asked = request.dtype === 'auto' ? 'any dtype' : `dtype ${request.dtype}`;
  throw new StudentError(
    `no ONNX decoder for ${asked}: looked for ${candidates.join(', ')}` +
      (listed ? (present.length ? `; the folder has ${present.join(', ')} (pick its dtype, or auto)` : '; the folder has no .onnx file') : ''),
  );
}

const ELEMENT_BYTES: Record<number, number> = { 1: 4, 2: 1, 3: 1, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 16: 2 };

/** The largest initializer, from its dims and element type (what one GPU buffer must hold). */
function largestWeightBytes(model: ModelProto): number {
  let largest = 0;
  for (const t of model.graph?.initializer ?? []) {
    const elements = (t.dims ?? []).reduce((n, d) => n * Number(d), 1);
    largest = Math.max(largest, elements * (ELEMENT_BYTES[Number(t.dataType)] ?? 4));
  }
  return largest;
}

/** A decoder file and the external data files a listing has for it (`<file>_data`, `_data_N`, GenAI's `<file>.data`), with their sizes. */
function withDataFiles(file: string, sizes: ReadonlyMap<string, number>): { path: string; bytes: number }[] {
  return [...sizes]
    .filter(([p]) => p === file || p === `${file}_data` || p.startsWith(`${file}_data_`) || p === `${file}.data`)
    .map(([path, bytes]) => ({ path, bytes }));
}

/** The student's tokenizer; one that cannot be built from its files is reported by name. */
export function studentTokenizer(files: Pick<StudentFiles, 'tokenizer'>): StudentTokenizer {
  try {
    return createStudentTokenizer(files.tokenizer);
  } catch (err) {
    throw new StudentError(`tokenizer.json / tokenizer_config.json do not make a tokenizer (${(err as Error).message}): the files are damaged or not a Hugging Face tokenizer`);
  }
}
