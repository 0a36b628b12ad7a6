import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureStudents } from '../../../scripts/make-students';
import { dirFileGetter, listModelDir } from '../../cli/nodeFileGetter';
import { parseText } from '../parse/parseInput';
import { scoreTrajectories } from '../run/scoreTrajectories';
import type { Dtype } from './dtype';
import { decodeModel, encodeModel, onnx, type NodeProto } from './onnxGraph';
import { gqaRefusal } from './decomposeGqa';
import { createOrtScorer } from './ortScorer';
import { StudentError } from './studentError';
import { type StudentFiles, readStudentFiles, studentTokenizer } from './studentFiles';
import type { StudentTokenizer } from '../tokenize/studentTokenizer';

/**
 * decomposeGroupQueryAttention against ONNX Runtime's own GroupQueryAttention kernel (CPU, the
 * numbers WASM gives), on the generated GQA layouts: three conversations fed in chunks of 16, so
 * every chunk after the first puts several tokens on top of a past — the case WebGPU's kernel
 * gets wrong. float16 layouts are not compared here: ONNX Runtime's builds round float16 in
 * different places (README), and a float16 GQA is never rewritten for an adapter without shader-f16.
 */
const { trajectories } = parseText(fs.readFileSync('fixtures/parity/trajectories.jsonl', 'utf8'), 'trajectories.jsonl');
const chosen = [trajectories[1], trajectories[17], trajectories[3]];
let root: string;
beforeAll(() => {
  root = ensureStudents();
}, 120_000);

// Read once per folder and dtype, and one tokenizer for all (every generated student carries the
// bundled one): building it took longer than scoring the three conversations.
const read = new Map<string, Promise<StudentFiles>>();
let tokenizer: StudentTokenizer | undefined;
function studentFiles(folder: string, dtype: Dtype | 'auto' = 'auto'): Promise<StudentFiles> {
  const key = `${folder} ${dtype}`;
  if (!read.has(key)) {
    const dir = path.join(root, folder);
    read.set(key, listModelDir(dir).then((listing) => readStudentFiles(dirFileGetter(dir), { dtype, device: 'cpu', listing })));
  }
  return read.get(key)!;
}

async function score(files: StudentFiles, modelBytes: Uint8Array, decompose: boolean) {
  // One thread per session: the suite runs two files at a time on two cores (vitest.config.ts).
  const scorer = await createOrtScorer(ort as never, modelBytes, { config: files.config, file: files.file, externalData: files.externalData, decomposeAttention: decompose, sessionOptions: { intraOpNumThreads: 1 } });
  tokenizer ??= studentTokenizer(files);
  const student = { name: files.file, dtype: files.dtype, device: 'cpu', tokenizer, scorer };
  const surprisal: number[] = [];
  const rank: number[] = [];
  await scoreTrajectories(chosen, student, { clip: 100, template: 'auto', maxTokens: 0, chunkBudgetBytes: 256 * 2 ** 20, chunkLength: 16 }, {
    onScored: (_, r) => {
      surprisal.push(...r.scores.surprisal);
      rank.push(...r.scores.rank);
    },
  });
  await scorer.release();
  return { surprisal, rank };
}

/** The model with `edit` applied to every GroupQueryAttention node. */
function withGqa(bytes: Uint8Array, edit: (n: NodeProto) => void): Uint8Array {
  const model = decodeModel(bytes);
  for (const n of model.graph!.node as NodeProto[]) if (n.opType === 'GroupQueryAttention') edit(n);
  return encodeModel(model);
}

const setInt = (name: string, i: number) => (n: NodeProto) => {
  n.attribute = [...n.attribute.filter((a) => a.name !== name), onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i })];
};

function expectSame(a: { surprisal: number[]; rank: number[] }, b: { surprisal: number[]; rank: number[] }) {
  expect(a.surprisal.length).toBeGreaterThan(80);
  const worst = Math.max(...a.surprisal.map((s, i) => Math.abs(s - b.surprisal[i])));
  expect(worst).toBeLessThan(5e-5);
  expect(a.rank.map((r) => Math.min(r, 100))).toEqual(b.rank.map((r) => Math.min(r, 100)));
}

describe('decomposeGroupQueryAttention', () => {
  // Measured: 1.5e-5 (genai-fp32), 1.7e-5 (packed fp32), 1.2e-5 (packed q4), 1.5e-5 (position_ids).
  it.each([
    ['genai-fp32', 'auto'],
    ['gqa-packed', 'q4'],
    ['gqa-position-ids', 'auto'],
  ] as const)('decomposeGroupQueryAttention(%s %s) scores like ONNX Runtime’s GroupQueryAttention kernel over chunks, within 5e-5 nats', async (folder, dtype) => {
    const files = await studentFiles(folder, dtype);
    expectSame(await score(files, files.modelBytes, true), await score(files, files.modelBytes, false));
  }, 120_000);

  it('decomposeGroupQueryAttention keeps a local window as the kernel does (key j seen from position p iff p − w < j ≤ p)', async () => {
    const files = await studentFiles('genai-fp32');
    const windowed = withGqa(files.modelBytes, setInt('local_window_size', 7));
    const [a, b] = [await score(files, windowed, true), await score(files, windowed, false)];
    expectSame(a, b);
    // The window changes the numbers: the test would pass on a rewrite that ignored it otherwise.
    const full = await score(files, files.modelBytes, true);
    expect(Math.max(...a.surprisal.map((s, i) => Math.abs(s - full.surprisal[i])))).toBeGreaterThan(1e-3);
  }, 120_000);

  it('decomposeGroupQueryAttention refuses what it cannot compute exactly on WebGPU, naming the op and why (StudentError of kind device)', async () => {
    const files = await studentFiles('genai-fp32');
    const smooth = withGqa(files.modelBytes, setInt('smooth_softmax', 1));
    const err = await createOrtScorer(ort as never, smooth, { config: files.config, file: files.file, externalData: files.externalData, decomposeAttention: true }).catch((e) => e);
    expect(err).toBeInstanceOf(StudentError);
    expect(err.kind).toBe('device');
    expect(err.message).toMatch(/^model\.onnx: GroupQueryAttention with smooth_softmax: .*refused for WebGPU; score it on WASM/);
  });

  it('gqaRefusal, as readStudentFiles’ refusal, refuses such a graph before its weights are fetched', async () => {
    const dir = path.join(root, 'genai-fp32');
    const get = dirFileGetter(dir);
    const asked: string[] = [];
    const graphOnly = withGqa(new Uint8Array(fs.readFileSync(path.join(dir, 'model.onnx'))), setInt('smooth_softmax', 1));
    const recording = async (p: string, optional?: boolean) => (asked.push(p), p === 'model.onnx' ? graphOnly : get(p, optional));
    const err = await readStudentFiles(recording, { dtype: 'auto', device: 'webgpu', listing: await listModelDir(dir), refusal: gqaRefusal }).catch((e) => e);
    expect(err).toBeInstanceOf(StudentError);
    expect(err.kind).toBe('device');
    expect(err.message).toMatch(/^model\.onnx: GroupQueryAttention with smooth_softmax/);
    expect(asked).toContain('model.onnx');
    expect(asked).not.toContain('model.onnx.data');
    // The same folder untouched passes the check.
    expect(gqaRefusal(decodeModel(new Uint8Array(fs.readFileSync(path.join(dir, 'model.onnx')))), { head_dim: 16 }), 'genai-fp32 as generated, its head size from the config').toBeUndefined();
  });
});
