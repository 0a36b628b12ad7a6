/**
 * npm run students — the bundled student's weights rewritten in every ONNX layout real students
 * ship in (scripts/students/studentFolders.ts), into the git-ignored generated/ folder.
 * npm run students -- --real [shape[:dtype] …] — real-size shapes (Qwen2.5-0.5B, Qwen3-1.7B) with
 * random weights, in fp32, fp16 and q4f16 (scripts/students/realShapes.ts), written streaming.
 *
 * Tests call ensureStudents() / ensureRealStudent(): the folders are built once and reused while
 * neither the generator nor the bundled model changes (the folder name carries a hash of both).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildDecoder } from './students/buildDecoder';
import { describeModel } from './students/modelDescription';
import { randomWeights } from './students/randomWeights';
import { readWeights } from './students/readWeights';
import { ALL_REAL_DTYPES, REAL_SHAPES, type RealDtype, type RealShape, realDtypes, realFile } from './students/realShapes';
import { STUDENT_FOLDERS, type StudentFolder } from './students/studentFolders';
import { externalDataSink, externalize, genaiConfig, linkFile } from './students/writeStudent';
import { encodeModel } from '../src/core/score/onnxGraph';

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCE = path.join(ROOT, 'public/models/rsr-tiny-qwen3');
const OUT = path.join(ROOT, 'generated');
const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'generation_config.json'];

/** Everything the output depends on: the generator's code and the source model's files. */
function generatorKey(): string {
  const hash = createHash('sha256');
  const files = [
    ...fs.readdirSync(path.join(ROOT, 'scripts/students')).map((f) => path.join('scripts/students', f)),
    'scripts/make-students.ts',
    'src/core/score/onnxGraph.ts',
    'src/core/score/float16.ts',
    ...['config.json', 'onnx/model.onnx', ...TOKENIZER_FILES].map((f) => path.relative(ROOT, path.join(SOURCE, f))),
  ].sort();
  for (const f of files) hash.update(f).update(fs.readFileSync(path.join(ROOT, f)));
  return hash.digest('hex').slice(0, 12);
}

function writeFolder(dir: string, folder: StudentFolder, source: Record<string, any>, weights: ReturnType<typeof readWeights>): void {
  const config = folder.layers ? { ...source, num_hidden_layers: folder.layers, layer_types: source.layer_types?.slice(0, folder.layers) } : source;
  const desc = describeModel(config);
  const jsConfig: Record<string, unknown> = {};
  for (const file of folder.files) {
    const model = buildDecoder(desc, weights, file.layout);
    const target = path.join(dir, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (!file.external) {
      fs.writeFileSync(target, encodeModel(model));
      continue;
    }
    const { graph, data } = externalize(model, path.basename(file.path), file.external);
    fs.writeFileSync(target, graph);
    for (const d of data) fs.writeFileSync(path.join(path.dirname(target), d.name), d.bytes);
    // transformers.js_config says how many chunks to fetch: true, a count, or per file.
    const fileName = path.basename(file.path);
    if (file.external.kind === 'split') jsConfig.use_external_data_format = { ...(jsConfig.use_external_data_format as object), [fileName]: file.external.chunks };
    else if (file.external.kind === 'single') jsConfig.use_external_data_format = true;
  }
  if (folder.files.some((f) => f.layout.precision === 'float16')) jsConfig.kv_cache_dtype = { fp16: 'float16', q4f16: 'float16' };
  if (folder.config === 'genai') {
    fs.writeFileSync(path.join(dir, 'genai_config.json'), JSON.stringify(genaiConfig(config, folder.files[0].path), null, 2));
  } else {
    const { ['transformers.js_config']: _, ...rest } = config;
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...rest, 'transformers.js_config': jsConfig }, null, 2));
  }
  for (const f of TOKENIZER_FILES) linkFile(path.join(SOURCE, f), path.join(dir, f));
}

/** Build the student folders unless the current ones are up to date; returns their parent folder. */
export function ensureStudents(): string {
  const key = generatorKey();
  const target = path.join(OUT, `students-${key}`);
  if (fs.existsSync(target)) return target;
  fs.mkdirSync(OUT, { recursive: true });
  // Build beside, then rename: a concurrent caller (Vitest runs files in parallel) never sees half a folder.
  const temp = fs.mkdtempSync(path.join(OUT, 'building-'));
  const config = JSON.parse(fs.readFileSync(path.join(SOURCE, 'config.json'), 'utf8'));
  const weights = readWeights(new Uint8Array(fs.readFileSync(path.join(SOURCE, 'onnx/model.onnx'))));
  for (const folder of STUDENT_FOLDERS) writeFolder(path.join(temp, folder.name), folder, config, weights);
  try {
    fs.renameSync(temp, target);
  } catch (err) {
    if (!fs.existsSync(target)) throw err;
    fs.rmSync(temp, { recursive: true, force: true });
  }
  // Older generations are stale by construction.
  for (const old of fs.readdirSync(OUT)) {
    if (old.startsWith('students-') && old !== path.basename(target)) fs.rmSync(path.join(OUT, old), { recursive: true, force: true });
  }
  return target;
}

/**
 * A real-size student folder (config.json, the bundled tokenizer, onnx/), with the dtype files
 * asked for built if missing: each is written beside and renamed into place, so a concurrent
 * caller never sees half a file, and the folder gathers dtypes as they are asked for.
 */
export function ensureRealStudent(shape: RealShape, dtypes: readonly RealDtype[] = realDtypes(shape)): string {
  const root = path.join(OUT, `real-${generatorKey()}`);
  const dir = path.join(root, shape);
  fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  for (const f of TOKENIZER_FILES) if (!fs.existsSync(path.join(dir, f))) linkFile(path.join(SOURCE, f), path.join(dir, f));
  for (const dtype of dtypes) if (!fs.existsSync(path.join(dir, realFile(shape, dtype).path))) buildRealFile(dir, shape, dtype);
  writeRealConfig(dir, shape);
  for (const old of fs.readdirSync(OUT)) {
    if (old.startsWith('real-') && old !== path.basename(root)) fs.rmSync(path.join(OUT, old), { recursive: true, force: true });
  }
  return dir;
}

function buildRealFile(dir: string, shape: RealShape, dtype: RealDtype): void {
  const file = realFile(shape, dtype);
  const temp = fs.mkdtempSync(path.join(dir, `building-${dtype}-`));
  const name = path.basename(file.path);
  const external = file.external ? externalDataSink(temp, name) : undefined;
  const desc = describeModel(REAL_SHAPES[shape].config);
  const model = buildDecoder(desc, randomWeights(desc), file.layout, external?.sink);
  const data = external?.close() ?? [];
  fs.writeFileSync(path.join(temp, name), encodeModel(model));
  // Data first, the graph last: a graph file in onnx/ means its data is complete.
  for (const f of [...data, name]) fs.renameSync(path.join(temp, f), path.join(dir, 'onnx', f));
  fs.rmSync(temp, { recursive: true, force: true });
}

/** config.json with transformers.js_config naming each file's external data chunks (as the Hub's split exports do). */
function writeRealConfig(dir: string, shape: RealShape): void {
  const onnxFiles = fs.readdirSync(path.join(dir, 'onnx'));
  const chunks: Record<string, number> = {};
  for (const f of onnxFiles.filter((n) => n.endsWith('.onnx'))) {
    const n = onnxFiles.filter((d) => d === `${f}_data` || d.startsWith(`${f}_data_`)).length;
    if (n) chunks[f] = n;
  }
  const config = { ...REAL_SHAPES[shape].config, 'transformers.js_config': { use_external_data_format: chunks, kv_cache_dtype: { fp16: 'float16', q4f16: 'float16' } } };
  const temp = path.join(dir, `config.json.${process.pid}`);
  fs.writeFileSync(temp, JSON.stringify(config, null, 2));
  fs.renameSync(temp, path.join(dir, 'config.json'));
}

/** Bytes of a folder's files, tokenizer left out. */
function folderBytes(dir: string): number {
  return fs
    .readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => fs.statSync(f).isFile() && !TOKENIZER_FILES.includes(path.basename(f)))
    .reduce((n, f) => n + fs.statSync(f).size, 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename && process.argv.includes('--real')) {
  const specs = process.argv.slice(process.argv.indexOf('--real') + 1);
  const wanted = specs.length ? specs : Object.keys(REAL_SHAPES);
  for (const spec of wanted) {
    const [shape, dtype] = spec.split(':') as [RealShape, RealDtype | undefined];
    if (!(shape in REAL_SHAPES) || (dtype && !ALL_REAL_DTYPES.includes(dtype))) {
      throw new Error(`unknown ${spec}: shapes ${Object.keys(REAL_SHAPES).join(', ')}, dtypes ${ALL_REAL_DTYPES.join(', ')}`);
    }
    const started = performance.now();
    const dir = ensureRealStudent(shape, dtype ? [dtype] : realDtypes(shape));
    process.stdout.write(`${shape.padEnd(14)} ${(folderBytes(dir) / 1e9).toFixed(2).padStart(6)} GB  ${REAL_SHAPES[shape].about}
  ${dir} (${((performance.now() - started) / 1000).toFixed(1)} s)
`);
  }
} else if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const started = performance.now();
  const root = ensureStudents();
  for (const folder of STUDENT_FOLDERS) {
    const bytes = folderBytes(path.join(root, folder.name));
    process.stdout.write(`${folder.name.padEnd(16)} ${(bytes / 1e6).toFixed(1).padStart(6)} MB  ${folder.about}\n`);
  }
  process.stdout.write(`\n${root} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
