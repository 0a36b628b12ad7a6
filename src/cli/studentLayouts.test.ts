import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureStudents } from '../../scripts/make-students';
import { Q8_APPROXIMATE } from '../core/score/describeLayout';

// The CLI on generated students (scripts/make-students.ts): the layouts as a user's folder brings them.
const BIN = path.resolve('bin/rsr-lens.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-lens-layouts-'));
const input = path.join(tmp, 'two.jsonl');
fs.writeFileSync(input, fs.readFileSync('fixtures/parity/trajectories.jsonl', 'utf8').split('\n').slice(0, 2).join('\n') + '\n');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
/** stderr without the progress bar's carriage-return frames. */
const lines = (stderr: string) => stderr.split('\n').filter((l) => l.trim() && !l.includes('\r'));

let root: string;
beforeAll(() => {
  root = ensureStudents();
}, 120_000);

describe('rsr-lens score --model on the layouts real students ship in', () => {
  it('a folder holding only onnx/model_q4.onnx scores with no --dtype; each line and the summary say which file', () => {
    const run = cli('score', input, '--model', path.join(root, 'q4'));
    expect(run.code, run.stderr).toBe(0);
    const first = JSON.parse(run.stdout.split('\n')[0]);
    expect(first).toMatchObject({ dtype: 'q4', model_file: 'onnx/model_q4.onnx', scoring_path: 'graph', approximate: null });
    expect(run.stderr).toMatch(/— onnx\/model_q4.onnx, 43.0 MiB \(auto for cpu: the first of fp32, fp16, q4/);
  });

  it('--dtype fp32 on that folder exits 2 with one line: what it looked for and what the folder has', () => {
    const run = cli('score', input, '--model', path.join(root, 'q4'), '--dtype', 'fp32');
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([
      `rsr-lens: ${path.join(root, 'q4')}: no ONNX decoder for dtype fp32: looked for onnx/model.onnx, onnx/decoder_model_merged.onnx, model.onnx; the folder has onnx/model_q4.onnx (pick its dtype, or auto)`,
    ]);
  });

  it('q8 results are labelled approximate in every line and in the summary', () => {
    const run = cli('score', input, '--model', path.join(root, 'q8'), '--dtype', 'q8');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.split('\n')[0])).toMatchObject({ dtype: 'q8', model_file: 'onnx/model_quantized.onnx', approximate: Q8_APPROXIMATE });
    expect(run.stderr).toContain(`approximate: ${Q8_APPROXIMATE}`);
  });

  it('a refused layout exits 2 with one line naming the file, the layout and the op (Softmax probabilities)', () => {
    const run = cli('score', input, '--model', path.join(root, 'probabilities'));
    expect(run.code).toBe(2);
    const [line, ...rest] = lines(run.stderr);
    expect(rest).toEqual([]);
    expect(line).toMatch(/^rsr-lens: .*probabilities: onnx\/model_fp16.onnx: its "logits" come out of a Softmax: they are probabilities, not logits.*export the model without the final Softmax$/);
  });

  it('a decoder without a KV cache exits 2 with one line saying how to re-export it', () => {
    const run = cli('score', input, '--model', path.join(root, 'no-cache'));
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/onnx\/model.onnx: a decoder exported without a KV cache \(no past_key_values.\* inputs\).*--task text-generation-with-past/);
  });

  it('a truncated .onnx file exits 2 with one line naming it, never a stack trace', () => {
    const broken = path.join(tmp, 'broken');
    fs.cpSync(path.join(root, 'q4'), broken, { recursive: true });
    const file = path.join(broken, 'onnx/model_q4.onnx');
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    const run = cli('score', input, '--model', broken);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/onnx\/model_q4.onnx is not a readable ONNX model \(.+\): the file is truncated or damaged/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('--device takes cpu or cuda', () => {
    const run = cli('score', input, '--device', 'tpu');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--device must be cpu or cuda, got "tpu"');
  });
});
