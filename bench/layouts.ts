/**
 * npm run bench:layouts — the exhaustive sweep behind the README's layout table: every generated
 * student (npm run students) on all 25 conversations of the parity fixture, in onnxruntime-node
 * (the CLI) and in onnxruntime-web's WASM build (the browser's CPU kernels, run here in Node):
 *   in-graph vs the untouched graph reduced in JavaScript, chunks of 16 vs one pass (both in-graph),
 *   and one pass vs the reference implementation's fp32 numbers.
 * Each cell: max |Δ surprisal| (nats), positions whose clipped rank differs, max relative Δ RSR.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { ensureStudents } from '../scripts/make-students';
import { dirFileGetter, listModelDir } from '../src/cli/nodeFileGetter';
import { parseText } from '../src/core/parse/parseInput';
import { type Student, scoreTrajectories } from '../src/core/run/scoreTrajectories';
import type { Dtype } from '../src/core/score/dtype';
import { type OrtModule, createOrtScorer } from '../src/core/score/ortScorer';
import { readStudentFiles, studentTokenizer } from '../src/core/score/studentFiles';
import type { ScoredTrajectory } from '../src/core/types';
import { disableOrtTelemetry } from '../src/cli/ortTelemetry';

ortWeb.env.wasm.numThreads = 1;
disableOrtTelemetry();
const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/parity');
const reference = JSON.parse(fs.readFileSync(`${FIXTURE}/reference.json`, 'utf8'));
const { trajectories } = parseText(fs.readFileSync(`${FIXTURE}/trajectories.jsonl`, 'utf8'), 'trajectories.jsonl');
const CASES: [string, Dtype | 'auto'][] = [
  ['fp32-external', 'auto'],
  ['fp32-split', 'auto'],
  ['fp16', 'auto'],
  ['q4', 'auto'],
  ['mixed', 'fp32'],
  ['mixed', 'q4'],
  ['mixed', 'q4f16'],
  ['mixed', 'bnb4'],
  ['q8', 'q8'],
  ['q8', 'int8'],
  ['head-tail', 'fp32'],
  ['head-tail', 'fp16'],
  ['logits-to-keep', 'auto'],
  ['merged', 'auto'],
  ['genai-fp32', 'auto'],
  ['genai-int4', 'auto'],
];
const RUNTIMES: [string, OrtModule][] = [
  ['node', ortNode],
  ['wasm', ortWeb as unknown as OrtModule],
];

type Scores = { s: ArrayLike<number>; r: ArrayLike<number>; rsr: number }[];
const asScores = (rs: ScoredTrajectory[]): Scores => rs.map((x) => ({ s: x.scores.surprisal, r: x.scores.rank, rsr: x.metrics.rsr }));
const refScores: Scores = reference.samples.map((r: { nlls: number[]; ranks: number[]; rank_surprisal_ratio: number }) => ({ s: r.nlls, r: r.ranks, rsr: r.rank_surprisal_ratio }));

function compare(a: Scores, b: Scores): string {
  let ds = 0;
  let ranks = 0;
  let rsr = 0;
  a.forEach((x, i) => {
    for (let j = 0; j < x.s.length; j++) {
      ds = Math.max(ds, Math.abs(x.s[j] - b[i].s[j]));
      if (Math.min(x.r[j], 100) !== Math.min(b[i].r[j], 100)) ranks++;
    }
    rsr = Math.max(rsr, Math.abs(x.rsr - b[i].rsr) / b[i].rsr);
  });
  return `${ds.toExponential(1)} / ${ranks} / ${rsr.toExponential(1)}`;
}

const root = ensureStudents();
const settings = (rows: number) => ({ clip: 100, template: 'qwen' as const, maxTokens: 0, chunkBudgetBytes: 256 * 2 ** 20, chunkLength: rows });
const total = reference.samples.reduce((n: number, s: { nlls: number[] }) => n + s.nlls.length, 0);
process.stdout.write(`rsr-lens bench:layouts — ${trajectories.length} conversations, ${total} scored tokens; cells: max|Δs| / clipped ranks ≠ / max rel ΔRSR\n\n`);
process.stdout.write('| layout | file | runtime | in-graph vs JS | chunks of 16 vs one pass | vs fp32 reference |\n|---|---|---|---|---|---|\n');
for (const [folder, dtype] of CASES) {
  const dir = path.join(root, folder);
  const files = await readStudentFiles(dirFileGetter(dir), { dtype, device: 'cpu', listing: await listModelDir(dir) });
  const tokenizer = studentTokenizer(files);
  for (const [name, ort] of RUNTIMES) {
    const run = async (p: 'graph' | 'js', rows: number) => {
      const scorer = await createOrtScorer(ort, files.modelBytes, { config: files.config, path: p, externalData: files.externalData });
      const student: Student = { name: folder, dtype: files.dtype, device: name, tokenizer, scorer };
      const out: ScoredTrajectory[] = [];
      await scoreTrajectories(trajectories, student, settings(rows), { onScored: (_, r) => out.push(r) });
      await scorer.release();
      return asScores(out);
    };
    const one = await run('graph', 4096);
    const [js, chunked] = [await run('js', 4096), await run('graph', 16)];
    process.stdout.write(`| ${folder} | ${files.file} | ${name} | ${compare(one, js)} | ${compare(chunked, one)} | ${compare(one, refScores)} |\n`);
  }
}
