/**
 * npm run students — the bundled student's weights rewritten in every ONNX layout real students
 * ship in (scripts/students/studentFolders.ts), into the git-ignored generated/ folder.
 *
 * Tests call ensureStudents(): the folders are built once and reused while neither the generator
 * nor the bundled model changes (the folder name carries a hash of both).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildDecoder } from './students/buildDecoder';
import { describeModel } from './students/modelDescription';
import { readWeights } from './students/readWeights';
import { STUDENT_FOLDERS, type StudentFolder } from './students/studentFolders';
import { externalize, genaiConfig, linkFile } from './students/writeStudent';
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

function writeFolder(dir: string, folder: StudentFolder, config: Record<string, any>, weights: ReturnType<typeof readWeights>): void {
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

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const started = performance.now();
  const root = ensureStudents();
  for (const folder of STUDENT_FOLDERS) {
    const dir = path.join(root, folder.name);
    const bytes = fs
      .readdirSync(dir, { recursive: true })
      .map((f) => path.join(dir, String(f)))
      .filter((f) => fs.statSync(f).isFile() && !TOKENIZER_FILES.includes(path.basename(f)))
      .reduce((n, f) => n + fs.statSync(f).size, 0);
    process.stdout.write(`${folder.name.padEnd(16)} ${(bytes / 1e6).toFixed(1).padStart(6)} MB  ${folder.about}\n`);
  }
  process.stdout.write(`\n${root} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
