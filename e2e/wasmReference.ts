/**
 * The reference the browser tests compare with: the same ONNX file scored with onnxruntime-web's
 * WASM build (the browser's CPU kernels, here in Node), untouched graph, logits reduced in
 * JavaScript. The WASM and native builds differ where a layout is not plain float32 (float16
 * rounding, MatMulNBits' int8 accuracy level), so the browser is held to its own build's numbers.
 *
 * With --graph, the scoring graph runs instead (the numbers the app gives on WASM, lm_head on the
 * scored rows only): for long conversations, whose full logits would take minutes in JavaScript.
 *
 * npx tsx e2e/wasmReference.ts [--graph] INPUT.jsonl DIR[:DTYPE]... → JSON on stdout:
 * { "DIR[:DTYPE]": { teacher: { tokens: [{ pos, rank, surprisal }], rsr } } }
 */
import fs from 'node:fs';
import * as ort from 'onnxruntime-web';
import { dirFileGetter, listModelDir } from '../src/cli/nodeFileGetter';
import { parseText } from '../src/core/parse/parseInput';
import { scoreTrajectories } from '../src/core/run/scoreTrajectories';
import type { Dtype } from '../src/core/score/dtype';
import { createOrtScorer } from '../src/core/score/ortScorer';
import { readStudentFiles, studentTokenizer } from '../src/core/score/studentFiles';

ort.env.wasm.numThreads = 1;
const args = process.argv.slice(2);
const inGraph = args[0] === '--graph';
const [input, ...models] = inGraph ? args.slice(1) : args;
const { trajectories } = parseText(fs.readFileSync(input, 'utf8'), input);
const result: Record<string, Record<string, { tokens: { pos: number; rank: number; surprisal: number }[]; rsr: number }>> = {};
for (const spec of models) {
  const [dir, dtype = 'auto'] = spec.split(':');
  const files = await readStudentFiles(dirFileGetter(dir), { dtype: dtype as Dtype | 'auto', device: 'wasm', listing: await listModelDir(dir) });
  const scorer = await createOrtScorer(ort as never, files.modelBytes, { config: files.config, path: inGraph ? 'graph' : 'js', externalData: files.externalData });
  const student = { name: dir, dtype: files.dtype, device: 'wasm', tokenizer: studentTokenizer(files), scorer };
  const byTeacher: (typeof result)[string] = {};
  await scoreTrajectories(trajectories, student, { clip: 100, template: 'auto', maxTokens: 0, chunkBudgetBytes: 256 * 2 ** 20 }, {
    onScored: (_, r) => {
      byTeacher[r.teacher] = { tokens: r.tokens.respPositions.map((pos, i) => ({ pos, rank: r.scores.rank[i], surprisal: r.scores.surprisal[i] })), rsr: r.metrics.rsr };
    },
  });
  await scorer.release();
  result[spec] = byTeacher;
}
process.stdout.write(JSON.stringify(result));
