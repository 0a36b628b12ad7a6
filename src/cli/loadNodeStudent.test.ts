import fs from 'node:fs';
import os from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureRealStudent } from '../../scripts/make-students';
import { trajectoryRsr } from '../core/metrics/trajectoryMetrics';
import { parseText } from '../core/parse/parseInput';
import { type ReferenceSample, SURPRISAL_TOLERANCE } from '../core/score/parityAssert.fixture';
import { scoreTrajectories } from '../core/run/scoreTrajectories';
import type { ScoredTrajectory } from '../core/types';
import { type NodeStudent, loadNodeStudent } from './loadNodeStudent';

/**
 * A real-size student in onnxruntime-node: the Qwen2.5-0.5B shape (24 layers, vocabulary 151,936)
 * with random weights in q4f16 (550 MB, 4-bit MatMulNBits, float16 logits and KV cache), generated
 * by scripts/make-students.ts into generated/ when missing (about 15 s). Random weights give no
 * meaningful RSR, but everything between the files and the numbers is the real thing: the file
 * choice, the graph rewrite at 24 layers and a 151,936-wide lm_head, and float16 decoding.
 */
const FIXTURE = 'fixtures/parity';
// One short conversation (59 tokens): the JavaScript path reads its full [T, 151936] logits.
const PICK = 17;
const reference = JSON.parse(fs.readFileSync(`${FIXTURE}/reference.json`, 'utf8')) as { rank_clip: number; samples: ReferenceSample[] };
const trajectory = parseText(fs.readFileSync(`${FIXTURE}/trajectories.jsonl`, 'utf8'), 'trajectories.jsonl').trajectories[PICK];
const ref = reference.samples[PICK];
const VOCAB = 151936;

/**
 * Measured (GNU time, peak RSS): loading and scoring 1.8 GB (one session at a time), generating
 * the file 2.3 GB. Below this there is no room for either beside the rest of the suite.
 */
const NEEDED_BYTES = 4 * 2 ** 30;
const lacking = os.totalmem() < NEEDED_BYTES ? `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB of memory in all` : os.freemem() < NEEDED_BYTES ? `${(os.freemem() / 2 ** 30).toFixed(1)} GiB of memory free` : undefined;
if (lacking) console.log(`skipped: the Qwen2.5-0.5B q4f16 student needs ${NEEDED_BYTES / 2 ** 30} GiB of memory, this machine has ${lacking}`);

const settings = { clip: reference.rank_clip, template: 'qwen' as const, maxTokens: 0, chunkBudgetBytes: 256 * 2 ** 20 };

async function scoreWith(student: NodeStudent, chunkLength?: number): Promise<ScoredTrajectory> {
  const out: ScoredTrajectory[] = [];
  await scoreTrajectories([trajectory], student, { ...settings, chunkLength }, { onScored: (_, r) => out.push(r) });
  expect(out).toHaveLength(1);
  return out[0];
}

describe.skipIf(!!lacking)('the Qwen2.5-0.5B shape in q4f16, loaded and scored in Node', () => {
  let dir: string;
  let student: NodeStudent;
  let graph: ScoredTrajectory;
  let chunked: ScoredTrajectory;
  let js: ScoredTrajectory;
  beforeAll(async () => {
    dir = ensureRealStudent('qwen2.5-0.5b', ['q4f16']);
    // One session at a time: the graph path, then the untouched graph reduced in JavaScript.
    student = await loadNodeStudent({ model: dir, dtype: 'q4f16' });
    graph = await scoreWith(student);
    chunked = await scoreWith(student, 16);
    await student.scorer.release();
    const plain = await loadNodeStudent({ model: dir, dtype: 'q4f16', path: 'js' });
    js = await scoreWith(plain);
    await plain.scorer.release();
  }, 180_000);

  it('loads onnx/model_q4f16.onnx (4-bit MatMulNBits, float16) and scores in-graph', () => {
    expect(student.files.file).toBe('onnx/model_q4f16.onnx');
    expect(student.files.bytes).toBe(fs.statSync(`${dir}/onnx/model_q4f16.onnx`).size);
    expect(student.scorer.path).toBe('graph');
    expect(student.scorer.layout.summary).toMatch(/MatMulNBits/);
    expect(student.scorer.layout.approximate).toBeUndefined();
    expect(graph.provenance).toMatchObject({ dtype: 'q4f16', device: 'cpu', path: 'graph', file: 'onnx/model_q4f16.onnx' });
  });

  it('tokenizes as the reference does: the same ids and response positions', () => {
    expect(Array.from(graph.tokens.inputIds)).toEqual(ref.input_ids);
    expect(Array.from(graph.tokens.respPositions)).toEqual(ref.resp_token_positions);
  });

  it('every response token gets a finite surprisal ≥ 0 and a rank in 1…vocabulary, and the RSR is Eq. 7 of them', () => {
    const { surprisal, rank, entropy } = graph.scores;
    expect(surprisal.length).toBe(ref.resp_token_positions.length);
    expect(Array.from(surprisal).filter((s) => !(Number.isFinite(s) && s >= 0))).toEqual([]);
    expect(Array.from(entropy).filter((h) => !(Number.isFinite(h) && h >= 0 && h <= Math.log(VOCAB) + 1e-3))).toEqual([]);
    expect(Array.from(rank).filter((r) => !(Number.isInteger(r) && r >= 1 && r <= VOCAB))).toEqual([]);
    // Random weights still spread the logits: not every token is the argmax, nor uniform.
    expect(new Set(rank).size).toBeGreaterThan(1);
    expect(Math.max(...surprisal)).toBeLessThan(Math.log(VOCAB) * 3);
    expect(graph.metrics.rsr).toBe(trajectoryRsr(rank, surprisal, reference.rank_clip));
    expect(Number.isFinite(graph.metrics.rsr)).toBe(true);
  });

  it('equals the untouched graph reduced in JavaScript: same ranks, surprisal within the parity tolerance, RSR within 1e-4', () => {
    expect(js.provenance.path).toBe('js');
    expect(Array.from(graph.scores.rank)).toEqual(Array.from(js.scores.rank));
    const off = Array.from(graph.scores.surprisal).filter((s, i) => !(Math.abs(s - js.scores.surprisal[i]) <= SURPRISAL_TOLERANCE + 1e-5 * s));
    expect(off).toEqual([]);
    expect(Math.abs(graph.metrics.rsr - js.metrics.rsr) / js.metrics.rsr).toBeLessThanOrEqual(1e-4);
  });

  it('chunks of 16 positions through the float16 KV cache give the one-pass numbers', () => {
    expect(graph.tokens.inputIds.length).toBeGreaterThan(16 * 3);
    expect(Array.from(chunked.scores.rank)).toEqual(Array.from(graph.scores.rank));
    const off = Array.from(chunked.scores.surprisal).filter((s, i) => !(Math.abs(s - graph.scores.surprisal[i]) <= SURPRISAL_TOLERANCE + 1e-5 * s));
    expect(off).toEqual([]);
  });
});
