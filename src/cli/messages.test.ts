import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureStudents } from '../../scripts/make-students';

// Issue 20's "Messages" and two of issue 19's: what the CLI says when the user or the files are
// wrong, and that it says it in one line, before doing the work — with the real CLI in a process.
const BIN = path.resolve('bin/rsr-lens.mjs');
const BUNDLED = path.resolve('public/models/rsr-tiny-qwen3');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-lens-messages-'));
const input = path.join(tmp, 'two.jsonl');
fs.writeFileSync(input, fs.readFileSync('fixtures/parity/trajectories.jsonl', 'utf8').split('\n').slice(0, 2).join('\n') + '\n');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, pid: r.pid };
}
/** stderr without progress: the bar's carriage-return frames, or the plain `progress …` lines. */
const lines = (stderr: string) => stderr.split('\n').filter((l) => l.trim() && !l.includes('\r') && !l.startsWith('progress '));

/** The bundled student with some files replaced (the others linked). */
function studentWith(name: string, files: Record<string, string | ((file: string) => void)>) {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) {
    const change = files[f];
    if (typeof change === 'string') fs.writeFileSync(path.join(dir, f), change);
    else if (change) change(path.join(dir, f));
    else fs.symlinkSync(path.join(BUNDLED, f), path.join(dir, f));
  }
  return dir;
}

describe('refusals come first, in one line, with exit 2 (reliability)', () => {
  it('reliability: --out naming a folder is refused before the run (it failed with EISDIR after the whole run), and so is --out-dir naming a file', () => {
    const run = cli(['score', input, '--out', tmp]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([`rsr-lens: --out ${tmp} is a folder: name a file (results.jsonl or results.parquet), or write the reference's layout with --out-dir ${tmp}`, 'rsr-lens --help shows the usage']);
    const dir = cli(['score', input, '--out-dir', input]);
    expect(dir.code).toBe(2);
    expect(dir.stderr).toContain(`--out-dir ${input} is a file, not a folder`);
  });

  it('reliability: a pipe as input (/dev/stdin from a pipe, <(cat f)) is refused with what to do; it scored 0 rows and exited 0 in silence', () => {
    // Through a shell, as a user types it: a real pipe (Node's own stdio pipes are sockets).
    const shell = (command: string) => spawnSync('bash', ['-c', command], { encoding: 'utf8', env: { ...process.env, BIN, INPUT: input } });
    const stdin = shell('cat "$INPUT" | "' + process.execPath + '" "$BIN" score /dev/stdin');
    expect(stdin.status).toBe(2);
    expect(lines(stdin.stderr)[0]).toBe('rsr-lens: /dev/stdin is a pipe, not a file: rsr-lens reads each input twice (to count, then to score); save it to a file first, e.g. cat … > input.jsonl (a .jsonl.gz is read as it is)');
    const substituted = shell('"' + process.execPath + '" "$BIN" score <(cat "$INPUT")');
    expect(substituted.status).toBe(2);
    expect(lines(substituted.stderr)[0]).toMatch(/^rsr-lens: \/dev\/fd\/\d+ is a pipe, not a file/);
  });

  it('reliability: a bad option prints its refusal and one line pointing at --help, not the whole usage; parseArgs’ two-line messages keep their lines (--shard -1/2 showed a literal \\n)', () => {
    const run = cli(['score', input, '--shard', '-1/2']);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('\\n');
    expect(run.stderr).not.toContain('usage:');
    expect(lines(run.stderr)).toEqual([
      "rsr-lens: Option '--shard' argument is ambiguous.",
      "  Did you forget to specify the option argument for '--shard'?",
      "  To specify an option argument starting with a dash use '--shard=-XYZ'.",
      'rsr-lens --help shows the usage',
    ]);
    const clip = cli(['score', input, '--clip', 'many']);
    expect(lines(clip.stderr)).toEqual(['rsr-lens: --clip must be a whole number > 0, got "many"', 'rsr-lens --help shows the usage']);
  });

  it.each([
    ['config.json holding null', { 'config.json': 'null' }, 'config.json holds null, not a JSON object: the file is damaged or not what its name says'],
    ['an empty model.onnx', { 'onnx/model.onnx': '' }, 'onnx/model.onnx is empty (0 bytes): the file is truncated or damaged; download or export it again'],
  ] as const)('reliability: a student with %s is one line and exit 2 (it was a TypeError and exit 1)', (_, files, message) => {
    const dir = studentWith(`broken-${Object.keys(files)[0].replace(/\W/g, '')}`, files);
    const run = cli(['score', input, '--model', dir]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([`rsr-lens: ${dir}: ${message}`]);
  });

  it('reliability: a 350 MB tokenizer.json is refused in one line from its size, before it is read (it aborted the CLI out of heap)', () => {
    const dir = studentWith('huge-tokenizer', { 'tokenizer.json': (file) => fs.writeFileSync(file, '') });
    fs.truncateSync(path.join(dir, 'tokenizer.json'), 350e6);
    const run = cli(['score', input, '--model', dir]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([`rsr-lens: ${dir}: tokenizer.json is 350 MB, more than the 134 MB such a file may have: it is not one this app reads (is it the right file?); refused before reading it`]);
  });
});

describe('inputs and side effects (reliability)', () => {
  it('reliability: a symlinked sub-folder of an input folder is read (it was skipped in silence); a link to nothing is named', () => {
    const data = path.join(tmp, 'data');
    const elsewhere = path.join(tmp, 'elsewhere/teacher_b');
    fs.mkdirSync(path.join(data, 'teacher_a'), { recursive: true });
    fs.mkdirSync(elsewhere, { recursive: true });
    const [first, second] = fs.readFileSync(input, 'utf8').split('\n');
    fs.writeFileSync(path.join(data, 'teacher_a/gen.jsonl'), first + '\n');
    fs.writeFileSync(path.join(elsewhere, 'gen.jsonl'), second + '\n');
    fs.symlinkSync(elsewhere, path.join(data, 'teacher_b'));
    fs.symlinkSync(path.join(tmp, 'nowhere'), path.join(data, 'teacher_c'));
    const run = cli(['score', data]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l).source_file)).toEqual([path.join(data, 'teacher_a/gen.jsonl'), path.join(data, 'teacher_b/gen.jsonl')]);
    expect(run.stderr).toContain(`note: skipped ${path.join(data, 'teacher_c')}: a link to nothing`);
  });

  it('reliability: a run leaves no /tmp/mat-debug-<pid>.log and no telemetry store: onnxruntime-node’s telemetry is switched off (ORT_DISABLE_TELEMETRY)', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-lens-home-'));
    const env = { ...process.env, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') } as Record<string, string>;
    delete env.ORT_DISABLE_TELEMETRY;
    const r = spawnSync(process.execPath, [BIN, 'score', input], { encoding: 'utf8', env });
    expect(r.status, r.stderr).toBe(0);
    expect(fs.existsSync(path.join(os.tmpdir(), `mat-debug-${r.pid}.log`))).toBe(false);
    expect(fs.readdirSync(home, { recursive: true })).toEqual([]);
  });
});

describe('ONNX Runtime GenAI folders (issue 19)', () => {
  let root: string;
  beforeAll(() => {
    root = ensureStudents();
  }, 120_000);

  it.each(['genai-fp32', 'genai-int4'])('a GenAI folder (%s: genai_config.json, no config.json) scores with --model; its context length comes from genai_config.json', (folder) => {
    const dir = path.join(root, folder);
    expect(fs.existsSync(path.join(dir, 'config.json'))).toBe(false);
    const run = cli(['score', input, '--model', dir]);
    expect(run.code, run.stderr).toBe(0);
    const rows = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ model: folder, model_file: 'model.onnx' });
  });
});
