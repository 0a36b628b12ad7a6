import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStudents } from '../../../scripts/make-students';
import { dirFileGetter, listModelDir } from '../../cli/nodeFileGetter';
import { parseText } from '../parse/parseInput';
import { type Student, scoreTrajectories } from '../run/scoreTrajectories';
import type { StudentTokenizer } from '../tokenize/studentTokenizer';
import type { ScoredTrajectory } from '../types';
import type { Dtype } from './dtype';
import { type Scorer, createOrtScorer } from './ortScorer';
import { type ReferenceSample, parityReport } from './parityAssert.fixture';
import { type StudentFiles, readStudentFiles, studentTokenizer } from './studentFiles';

/**
 * Every layout of scripts/make-students.ts (the bundled student's weights rewritten the way real
 * exports differ), scored in onnxruntime-node on four conversations of the parity fixture:
 * in-graph equals the untouched graph reduced in JavaScript, chunks equal one pass, and the float
 * layouts equal the reference implementation's fp32 numbers within what their dtype allows.
 */
const FIXTURE = 'fixtures/parity';
const reference = JSON.parse(fs.readFileSync(`${FIXTURE}/reference.json`, 'utf8')) as { rank_clip: number; samples: ReferenceSample[] };
const { trajectories } = parseText(fs.readFileSync(`${FIXTURE}/trajectories.jsonl`, 'utf8'), 'trajectories.jsonl');
// Two short conversations of two teachers (66 and 59 tokens, 47 scored positions): the JavaScript
// path reads full [T, V] logits, so length is what costs here. parity.test.ts covers the rest.
const PICK = [1, 17];
const chosen = PICK.map((i) => trajectories[i]);
const refs = PICK.map((i) => reference.samples[i]);

interface Case {
  folder: string;
  dtype: Dtype | 'auto';
  /** The file the choice must land on. */
  file: string;
  /** Compared with the fp32 reference: exactly (parity contract) or within float16's precision. */
  reference?: 'fp32' | 'fp16';
  /** q8: activations quantized per chunk, so chunked and one-pass numbers differ by design. */
  approximate?: boolean;
}

const CASES: Case[] = [
  { folder: 'fp32-external', dtype: 'auto', file: 'onnx/model.onnx', reference: 'fp32' },
  { folder: 'fp32-split', dtype: 'auto', file: 'onnx/model.onnx', reference: 'fp32' },
  { folder: 'fp16', dtype: 'auto', file: 'onnx/model_fp16.onnx', reference: 'fp16' },
  { folder: 'q4', dtype: 'auto', file: 'onnx/model_q4.onnx' },
  { folder: 'mixed', dtype: 'q4', file: 'onnx/model_q4.onnx' },
  { folder: 'mixed', dtype: 'q4f16', file: 'onnx/model_q4f16.onnx' },
  { folder: 'mixed', dtype: 'bnb4', file: 'onnx/model_bnb4.onnx' },
  { folder: 'q8', dtype: 'q8', file: 'onnx/model_quantized.onnx', approximate: true },
  { folder: 'head-tail', dtype: 'fp32', file: 'onnx/model.onnx' },
  { folder: 'head-tail', dtype: 'fp16', file: 'onnx/model_fp16.onnx' },
  { folder: 'logits-to-keep', dtype: 'auto', file: 'onnx/model.onnx', reference: 'fp32' },
  { folder: 'merged', dtype: 'auto', file: 'onnx/decoder_model_merged.onnx', reference: 'fp32' },
  { folder: 'genai-fp32', dtype: 'auto', file: 'model.onnx', reference: 'fp32' },
  { folder: 'genai-int4', dtype: 'auto', file: 'model.onnx' },
  { folder: 'gqa-packed', dtype: 'q4f16', file: 'onnx/model_q4f16.onnx' },
  { folder: 'gqa-position-ids', dtype: 'auto', file: 'onnx/model.onnx', reference: 'fp32' },
];

/**
 * float16 vs the fp32 reference. A float16 logit keeps an 11-bit significand: at |z| ≈ 20 it is
 * off by up to 2⁻⁷ ≈ 0.008, in the target and in the log-sum-exp alike, and four layers of float16
 * activations add to that; measured over all 25 fixture conversations: 0.071 nats at most, 1.2% of
 * clipped ranks moved (near-ties), trajectory RSR within 2.4% (its surprisals average 0.06 nats, so
 * a small absolute error is a large relative one). The bounds below leave room above those.
 */
const FP16 = { surprisal: (s: number) => 0.1 + 0.02 * s, rankShare: 0.03, rsr: 0.05 };

const settings = (chunkRows: number) => ({ clip: reference.rank_clip, template: 'qwen' as const, maxTokens: 0, chunkBudgetBytes: 256 * 2 ** 20, chunkLength: chunkRows });

let tokenizer: StudentTokenizer;
let root: string;
beforeAll(() => {
  root = ensureStudents();
}, 120_000);

async function score(scorer: Scorer, chunkRows: number): Promise<ScoredTrajectory[]> {
  const student: Student = { name: 'generated', dtype: 'x', device: 'cpu', tokenizer, scorer };
  const out: ScoredTrajectory[] = [];
  await scoreTrajectories(chosen, student, settings(chunkRows), { onScored: (_, r) => out.push(r) });
  return out;
}

/** Two runs of the same conversations agree: identical ranks, surprisal within `tol`, RSR within 1e-4 relative. */
function expectSame(a: ScoredTrajectory[], b: ScoredTrajectory[], tol: number) {
  expect(a.length).toBe(chosen.length);
  a.forEach((x, i) => {
    const y = b[i];
    expect(Array.from(x.scores.rank), x.id).toEqual(Array.from(y.scores.rank));
    const off = Array.from(x.scores.surprisal).filter((s, j) => !(Math.abs(s - y.scores.surprisal[j]) <= tol));
    expect(off, `${x.id}: surprisals more than ${tol} apart`).toEqual([]);
    expect(Math.abs(x.metrics.rsr - y.metrics.rsr) / y.metrics.rsr, x.id).toBeLessThanOrEqual(1e-4);
  });
}

describe.each(CASES)('generated student $folder, $file', (c) => {
  let files: StudentFiles;
  let graph: Scorer;
  let js: Scorer;
  let onePass: ScoredTrajectory[];
  beforeAll(async () => {
    const dir = path.join(root, c.folder);
    files = await readStudentFiles(dirFileGetter(dir), { dtype: c.dtype, device: 'cpu', listing: await listModelDir(dir) });
    // Every generated student carries the bundled tokenizer: build it once.
    tokenizer ??= studentTokenizer(files);
    // One thread per session: the suite runs two files at a time on two cores (vitest.config.ts).
    const options = { config: files.config, file: files.file, externalData: files.externalData, sessionOptions: { intraOpNumThreads: 1 } };
    graph = await createOrtScorer(ort, files.modelBytes, { ...options, path: 'graph' });
    js = await createOrtScorer(ort, files.modelBytes, { ...options, path: 'js' });
    onePass = await score(graph, 4096);
  }, 120_000);
  afterAll(async () => {
    await graph?.release();
    await js?.release();
  });

  it(`the file choice lands on ${c.file} and scores in-graph`, () => {
    expect(files.file).toBe(c.file);
    expect(graph.path).toBe('graph');
    expect(graph.layout.approximate !== undefined).toBe(!!c.approximate);
  });

  it('in-graph scores equal the untouched graph with its logits reduced in JavaScript (same ranks, |Δs| ≤ 5e-5, RSR within 1e-4)', async () => {
    expectSame(onePass, await score(js, 4096), 5e-5);
  });

  if (!c.approximate) {
    it('chunks of 16 positions through the KV cache give the one-pass numbers', async () => {
      const chunked = await score(graph, 16);
      expect(Math.min(...chunked.map((r) => r.tokens.inputIds.length))).toBeGreaterThan(16 * 3);
      expectSame(chunked, onePass, 1e-5);
    });
  } else {
    it('chunks of 16 positions: in-graph equals JavaScript for the same chunks, and differs from one pass (approximate)', async () => {
      const chunked = await score(graph, 16);
      expectSame(chunked, await score(js, 16), 5e-5);
      const moved = chunked.some((r, i) => r.scores.surprisal.some((s, j) => Math.abs(s - onePass[i].scores.surprisal[j]) > 1e-3));
      expect(moved, 'per-tensor activation scales should make chunking matter').toBe(true);
    });
  }

  if (c.reference === 'fp32') {
    it('equals the reference (rsr_cal.py, fp32): same ids, spans and ranks, surprisal within 2e-4, RSR within 1e-4', () => {
      onePass.forEach((r, i) => {
        const report = parityReport(r, refs[i], reference.rank_clip);
        expect(report, r.id).toMatchObject({ idsEqual: true, positionsEqual: true, rankOffByOne: 0, rankWorse: 0 });
        expect(report.maxSurprisalDiff, r.id).toBeLessThanOrEqual(2e-4 + 1e-5 * Math.max(...refs[i].nlls));
        expect(report.rsrRelDiff, r.id).toBeLessThanOrEqual(1e-4);
      });
    });
  }

  if (c.reference === 'fp16') {
    it('equals the fp32 reference within float16 precision (|Δs| ≤ 0.1 + 0.02·s, ≤ 3% clipped ranks moved, RSR within 5%)', () => {
      let moved = 0;
      let total = 0;
      onePass.forEach((r, i) => {
        const ref = refs[i];
        expect(r.tokens.inputIds, r.id).toEqual(ref.input_ids);
        const off = ref.nlls.filter((s, j) => !(Math.abs(r.scores.surprisal[j] - s) <= FP16.surprisal(s)));
        expect(off, `${r.id}: surprisals beyond float16's bound`).toEqual([]);
        ref.ranks.forEach((rank, j) => (moved += Math.min(r.scores.rank[j], reference.rank_clip) === rank ? 0 : 1));
        total += ref.ranks.length;
        expect(Math.abs(r.metrics.rsr - ref.rank_surprisal_ratio) / ref.rank_surprisal_ratio, r.id).toBeLessThanOrEqual(FP16.rsr);
      });
      expect(moved / total).toBeLessThanOrEqual(FP16.rankShare);
    });
  }
});
