import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStudents } from '../../scripts/make-students';
import { decodeModel, encodeModel, onnx } from '../core/score/onnxGraph';
import { type StandInRepo, standInHub } from './hubServer.fixture';

// Issue 20's "a model is data, and must never choose a path", with the real CLI in a real process:
// a crafted model folder on disk, and crafted repos on a stand-in Hub (127.0.0.1, via HF_ENDPOINT).
const BIN = path.resolve('bin/rsr-lens.mjs');
const BUNDLED = path.resolve('public/models/rsr-tiny-qwen3');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-lens-security-'));
const cache = path.join(tmp, 'cache');
const input = path.join(tmp, 'two.jsonl');
fs.writeFileSync(input, fs.readFileSync('fixtures/parity/trajectories.jsonl', 'utf8').split('\n').slice(0, 2).join('\n') + '\n');

/** The CLI as a child process that does not block this one (the stand-in Hub answers from here). */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string; pid: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, XDG_CACHE_HOME: cache, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr, pid: child.pid! }));
  });
}
/** stderr without progress: the bar's carriage-return frames, or the plain `progress …` lines when stderr is a pipe. */
const lines = (stderr: string) => stderr.split('\n').filter((l) => l.trim() && !l.includes('\r') && !l.startsWith('progress '));

/** A copy of a model folder (links to its big files) whose graph's external-data locations all become `location`. */
function withLocation(from: string, to: string, graphFile: string, location: string) {
  fs.mkdirSync(path.join(to, path.dirname(graphFile)), { recursive: true });
  for (const f of fs.readdirSync(from)) if (f !== path.dirname(graphFile) && f !== graphFile) fs.symlinkSync(path.join(from, f), path.join(to, f));
  const model = decodeModel(fs.readFileSync(path.join(from, graphFile)));
  for (const t of model.graph!.initializer!) {
    t.externalData = t.externalData?.map((e) => (e.key === 'location' ? onnx.StringStringEntryProto.create({ key: 'location', value: location }) : e));
  }
  fs.writeFileSync(path.join(to, graphFile), encodeModel(model));
}

let students: string;
let hub: Awaited<ReturnType<typeof standInHub>>;
const repos: Record<string, StandInRepo> = {};
beforeAll(async () => {
  students = ensureStudents();
  hub = await standInHub(repos);
}, 120_000);
afterAll(() => hub?.close());

describe('a local model folder never makes the CLI read or link files outside it', () => {
  it('security: an external-data location ../../secret/s.bin is refused in one line naming the file and the entry; the secret is neither read nor linked', async () => {
    const root = path.join(tmp, 'local');
    const secret = path.join(root, 'secret/s.bin');
    fs.mkdirSync(path.dirname(secret), { recursive: true });
    // The secret is exactly what the weights would be, so before the fix the run scored with it and exited 0.
    fs.copyFileSync(path.join(students, 'fp32-external/onnx/model.onnx_data'), secret);
    const evil = path.join(root, 'evil');
    withLocation(path.join(students, 'fp32-external'), evil, 'onnx/model.onnx', '../../secret/s.bin');
    const run = await cli(['score', input, '--model', evil]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(`^rsr-lens: ${evil}: onnx/model.onnx: tensor ".+" external data location "\\.\\./\\.\\./secret/s\\.bin" climbs out of the folder with "\\.\\.": a model may only name files inside its own folder .*; refused before anything was read$`),
      ),
    ]);
    expect(run.stdout).toBe('');
    expect(fs.statSync(secret).nlink, 'no hard link to the secret was made').toBe(1);
  });

  it('security: links inside the folder are followed wherever they lead (a Hub-cache snapshot: onnx/ a link, the weights a relative link into blobs/)', async () => {
    const snapshot = path.join(tmp, 'hf-cache/snapshots/abc');
    const blobs = path.join(tmp, 'hf-cache/blobs');
    const shared = path.join(tmp, 'hf-cache/shared-onnx');
    fs.mkdirSync(blobs, { recursive: true });
    fs.mkdirSync(snapshot, { recursive: true });
    fs.mkdirSync(shared, { recursive: true });
    const from = path.join(students, 'fp32-external');
    fs.copyFileSync(path.join(from, 'onnx/model.onnx_data'), path.join(blobs, 'weights'));
    fs.symlinkSync('../blobs/weights', path.join(shared, 'model.onnx_data'));
    fs.symlinkSync(path.join(from, 'onnx/model.onnx'), path.join(shared, 'model.onnx'));
    fs.symlinkSync(shared, path.join(snapshot, 'onnx'));
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) fs.symlinkSync(path.join(from, f), path.join(snapshot, f));
    const run = await cli(['score', input, '--model', snapshot]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.split('\n')[0])).toMatchObject({ model_file: 'onnx/model.onnx', dtype: 'fp32' });
  });

  it('security: a path that does not exist is "folder not found", a file is not a folder, and neither is asked of the Hub', async () => {
    const before = hub.asked.length;
    const missing = await cli(['score', input, '--model', './models/none'], { HF_ENDPOINT: hub.endpoint });
    expect(missing.code).toBe(2);
    expect(lines(missing.stderr)).toEqual(['rsr-lens: --model ./models/none: folder not found']);
    const file = await cli(['score', input, '--model', input], { HF_ENDPOINT: hub.endpoint });
    expect(file.code).toBe(2);
    expect(lines(file.stderr)).toEqual([`rsr-lens: --model ${input} is a file, not a model folder: give the folder that holds config.json and onnx/ (or a Hub id)`]);
    expect(hub.asked.length).toBe(before);
  });
});

describe('a Hub model never writes outside the cache, and a download enters the cache only whole', () => {
  it('security: ids that are not the Hub’s (a/../../b, ..-names) are refused before any request, and nothing is written', async () => {
    const before = hub.asked.length;
    for (const id of ['a/../../b', 'a/..b', 'a--b/c']) {
      const run = await cli(['score', input, '--model', id], { HF_ENDPOINT: hub.endpoint });
      expect(run.code, id).toBe(2);
      expect(lines(run.stderr), id).toEqual([expect.stringMatching(new RegExp(`^rsr-lens: --model ${id.replace(/\./g, '\\.')}: folder not found`))]);
    }
    expect(hub.asked.length).toBe(before);
    expect(fs.existsSync(cache)).toBe(false);
  });

  it('security: an external-data location ../../resolve/main/payload.bin?x=/../…/x/payload.bin is refused; the payload is never fetched or written', async () => {
    const target = path.join(tmp, 'x');
    const climb = '../'.repeat(tmp.split('/').length + 8);
    const dir = path.join(tmp, 'repo-evil');
    withLocation(path.join(students, 'fp32-external'), dir, 'onnx/model.onnx', `../../resolve/main/payload.bin?x=/${climb}${target.slice(1)}/payload.bin`);
    fs.writeFileSync(path.join(dir, 'payload.bin'), 'payload');
    repos['evil/location'] = { dir, tree: true };
    const run = await cli(['score', input, '--model', 'evil/location'], { HF_ENDPOINT: hub.endpoint });
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/^rsr-lens: evil\/location: onnx\/model.onnx: tensor ".+" external data location "\.\.\/\.\.\/resolve\/main\/payload\.bin\?x=.*" climbs out of the folder/)]);
    expect(hub.asked.filter((a) => a.includes('payload'))).toEqual([]);
    expect(fs.existsSync(target)).toBe(false);
  });

  it('security: a GenAI genai_config.json decoder filename outside the repo is refused, naming genai_config.json and the entry; nothing is written', async () => {
    const target = path.join(tmp, 'y');
    const dir = path.join(tmp, 'repo-genai');
    fs.mkdirSync(dir);
    const from = path.join(students, 'genai-fp32');
    for (const f of fs.readdirSync(from)) if (f !== 'genai_config.json') fs.symlinkSync(path.join(from, f), path.join(dir, f));
    const genai = JSON.parse(fs.readFileSync(path.join(from, 'genai_config.json'), 'utf8'));
    genai.model.decoder.filename = `${'../'.repeat(tmp.split('/').length + 8)}${target.slice(1)}/model.onnx`;
    fs.writeFileSync(path.join(dir, 'genai_config.json'), JSON.stringify(genai));
    repos['evil/genai'] = { dir, tree: true };
    const run = await cli(['score', input, '--model', 'evil/genai'], { HF_ENDPOINT: hub.endpoint });
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/^rsr-lens: evil\/genai: genai_config.json: model.decoder.filename ".*" climbs out of the folder/)]);
    expect(fs.existsSync(target)).toBe(false);
  });

  it('reliability: a download cut short (no Content-Length) is refused against the Hub’s file list, naming the cache, and kept nowhere; the next run downloads it whole; cache list and cache rm forget it', async () => {
    repos['rsr/cut'] = { dir: BUNDLED, tree: true, faults: { 'onnx/model.onnx': 'cut' } };
    const modelDir = path.join(cache, 'rsr-lens/hub/models--rsr--cut');
    const cut = await cli(['score', input, '--model', 'rsr/cut'], { HF_ENDPOINT: hub.endpoint });
    expect(cut.code).toBe(2);
    const size = fs.statSync(path.join(BUNDLED, 'onnx/model.onnx')).size;
    expect(lines(cut.stderr)).toEqual([
      `rsr-lens: rsr/cut: the download of onnx/model.onnx was cut short: ${(size >> 1).toLocaleString('en-US')} bytes arrived, the Hub's file list says ${size.toLocaleString('en-US')}; nothing was kept in the cache (${modelDir}): run again to retry`,
    ]);
    expect(fs.readdirSync(path.join(modelDir, 'onnx'))).toEqual([]);

    repos['rsr/cut'].faults = {};
    const whole = await cli(['score', input, '--model', 'rsr/cut'], { HF_ENDPOINT: hub.endpoint });
    expect(whole.code, whole.stderr).toBe(0);
    expect(fs.statSync(path.join(modelDir, 'onnx/model.onnx')).size).toBe(size);

    const list = await cli(['cache', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${path.join(cache, 'rsr-lens/hub')}: \\d+ models?\\n`));
    expect(list.stdout).toMatch(new RegExp(`^  rsr/cut +4 files +\\d+ MB  ${modelDir}$`, 'm'));
    const rm = await cli(['cache', 'rm', 'rsr/cut']);
    expect(rm.code).toBe(0);
    expect(rm.stderr).toMatch(/^removed rsr\/cut: \d+ files, \d+ MB/);
    expect(fs.existsSync(modelDir)).toBe(false);
    const again = await cli(['cache', 'rm', '../../etc']);
    expect(again.code).toBe(2);
  });

  it('reliability: without the tree API, an HTML page served with 200 is never cached, and a cut-short LFS download is caught by x-linked-size', async () => {
    repos['rsr/html'] = { dir: BUNDLED, faults: { 'tokenizer_config.json': 'html' } };
    const html = await cli(['score', input, '--model', 'rsr/html'], { HF_ENDPOINT: hub.endpoint });
    expect(html.code).toBe(2);
    expect(lines(html.stderr)).toEqual([expect.stringMatching(/^rsr-lens: rsr\/html: the server answered tokenizer_config.json with an HTML page \(an error or login page\?\), not the file; nothing was kept in the cache/)]);
    expect(fs.existsSync(path.join(cache, 'rsr-lens/hub/models--rsr--html/tokenizer_config.json'))).toBe(false);

    repos['rsr/lfs'] = { dir: BUNDLED, faults: { 'onnx/model.onnx': 'redirect-cut' } };
    const lfs = await cli(['score', input, '--model', 'rsr/lfs'], { HF_ENDPOINT: hub.endpoint });
    expect(lfs.code).toBe(2);
    expect(lines(lfs.stderr)).toEqual([expect.stringMatching(/^rsr-lens: rsr\/lfs: the download of onnx\/model.onnx was cut short: [\d,]+ bytes arrived, x-linked-size says [\d,]+; nothing was kept/)]);
    expect(fs.readdirSync(path.join(cache, 'rsr-lens/hub/models--rsr--lfs/onnx'))).toEqual([]);
  });

  it('security: an id the Hub does not have, that is no folder here either, says both', async () => {
    const run = await cli(['score', input, '--model', 'models/none'], { HF_ENDPOINT: hub.endpoint });
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([`rsr-lens: models/none: there is no folder of that name here, and ${hub.endpoint} has no model models/none (HTTP 404 for its file list): check the path or the id`]);
  });
});
