import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStudents } from '../../../scripts/make-students';
import { type NodeStudent, loadNodeStudent } from '../../cli/loadNodeStudent';
import { parseText } from '../parse/parseInput';
import type { Dtype } from '../score/dtype';
import type { ScoredTrajectory, Trajectory } from '../types';
import { scoreTrajectories } from './scoreTrajectories';

// The parity fixture: 25 short conversations (33–88 tokens), which the CLI scores several per call;
// for the bundled student also 60 of the demo data's (up to 180 tokens).
const FIXTURE = 'fixtures/parity';
const fixture = parseText(fs.readFileSync(`${FIXTURE}/trajectories.jsonl`, 'utf8'), 'trajectories.jsonl').trajectories;
const SAMPLES = path.resolve(import.meta.dirname, '../../../public/samples');
const demo = fs.readdirSync(SAMPLES).flatMap((f) => parseText(fs.readFileSync(path.join(SAMPLES, f), 'utf8'), f).trajectories.slice(0, 12));
const settings = { clip: 100, template: 'qwen' as const, maxTokens: 0, chunkBudgetBytes: 256 * 2 ** 20 };

interface Run {
  results: ScoredTrajectory[];
  calls: number;
  /** Each result's index, in the order they were handed out. */
  indices: number[];
  /** The calls made when each result was handed out. */
  callsAt: number[];
}

async function scoreAll(student: NodeStudent, trajectories: Trajectory[]): Promise<Run> {
  const run: Run = { results: [], calls: 0, indices: [], callsAt: [] };
  const count = <F extends (...a: never[]) => unknown>(f: F) => ((...a: Parameters<F>) => (run.calls++, f(...a))) as F;
  const counted: NodeStudent = {
    ...student,
    scorer: { ...student.scorer, forward: count(student.scorer.forward), ...(student.scorer.forwardBatch && { forwardBatch: count(student.scorer.forwardBatch) }) },
  };
  await scoreTrajectories(trajectories, counted, settings, {
    onScored: (index, r) => {
      run.results.push(r);
      run.indices.push(index);
      run.callsAt.push(run.calls);
    },
  });
  return run;
}

/** Every per-token number, bit for bit. */
function expectIdentical(batched: ScoredTrajectory[], alone: ScoredTrajectory[]) {
  expect(batched.map((r) => r.id)).toEqual(alone.map((r) => r.id));
  batched.forEach((b, i) => {
    for (const key of ['surprisal', 'rank', 'entropy', 'topIds', 'topProbs'] as const) expect(Array.from(b.scores[key]), `${b.id} ${key}`).toEqual(Array.from(alone[i].scores[key]));
    expect(b.metrics).toEqual(alone[i].metrics);
  });
}

// Where the runtime batches (onnxruntime-node on the CPU), a conversation's numbers must not depend on
// its neighbours: the batch's padding is never attended to, and the scoring graph reduces each row
// with kernels of the same shapes whatever the batch (transformGraph.ts).
const CASES: [string, string | undefined, Dtype | 'auto'][] = [
  ['the bundled student', undefined, 'fp32'],
  ['float32 with external data', 'fp32-external', 'auto'],
  ['4-bit MatMulNBits', 'q4', 'auto'],
  ['NF4 MatMulBnb4', 'mixed', 'bnb4'],
  ['GroupQueryAttention, int4 GenAI', 'genai-int4', 'auto'],
];

describe.each(CASES)('batched scoring on %s', (name, folder, dtype) => {
  const trajectories = folder ? fixture : [...fixture, ...demo];
  let student: NodeStudent;
  let batched: Run;
  beforeAll(async () => {
    student = await loadNodeStudent({ model: folder && path.join(ensureStudents(), folder), dtype });
  }, 120_000);
  afterAll(() => student?.scorer.release());

  it('several conversations per call give the numbers each gets alone, to the bit', async () => {
    expect(student.scorer.forwardBatch).toBeDefined();
    batched = await scoreAll(student, trajectories);
    const alone = await scoreAll({ ...student, scorer: { ...student.scorer, forwardBatch: undefined } }, trajectories);
    expect(alone.calls).toBe(trajectories.length);
    expect(batched.calls).toBeLessThan(trajectories.length / 4);
    expectIdentical(batched.results, alone.results);
  });

  // The run above, on the bundled student's 85 conversations (several windows of calls), read again:
  // scoring them a second time to count the calls proved nothing more.
  it.runIf(!folder)('results are handed out in order, every call completing at least the next one: the first result comes after the first call, not after the window', () => {
    expect(batched, 'the batched run above').toBeDefined();
    expect(batched.indices).toEqual(trajectories.map((_, i) => i));
    expect(batched.calls).toBeGreaterThan(4);
    expect(batched.callsAt[0]).toBe(1);
    expect(new Set(batched.callsAt).size, 'calls after which a result was handed out').toBe(batched.calls);
  });
});

describe('batched scoring is not offered where it would change the numbers', () => {
  it('q8 (activation scales over the whole batch) and float16 graphs score one conversation per call', async () => {
    for (const [folder, dtype] of [
      ['q8', 'q8'],
      ['fp16', 'auto'],
    ] as const) {
      const student = await loadNodeStudent({ model: path.join(ensureStudents(), folder), dtype });
      expect(student.scorer.forwardBatch, folder).toBeUndefined();
      await student.scorer.release();
    }
  });
});
