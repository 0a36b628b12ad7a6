import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, type Page, expect } from '@playwright/test';
import { ensureStudents } from '../scripts/make-students';
import { type TokenData, FIXTURES, heatmapTokens } from './helpers';

/**
 * For the generated students (scripts/make-students.ts) in Chromium, as a user brings them: from the
 * Hub (huggingface.co is stood in for by routes that serve a generated folder, with a 404 for every
 * file it lacks, as the Hub answers) or as a dropped folder. Each is checked against the same file
 * scored by the same ONNX Runtime build (WASM) in Node, untouched graph, logits reduced in JavaScript.
 */
export const FIXTURE_LINES = fs.readFileSync(new URL('parity/trajectories.jsonl', FIXTURES), 'utf8').split('\n');
// Two short conversations (66 and 59 tokens) of two teachers.
export const INPUT = { name: 'two.jsonl', text: [FIXTURE_LINES[1], FIXTURE_LINES[17]].join('\n') + '\n' };
/** The shorter of the two alone (59 tokens), for the slow software WebGPU. */
export const INPUT_ONE = { name: 'one.jsonl', text: FIXTURE_LINES[17] + '\n' };

/** The generated students' parent folder (built once, reused while the generator is unchanged). */
export const studentsRoot = () => ensureStudents();

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export type Reference = Map<string, { tokens: TokenData[]; rsr: number }>;

/**
 * The same files scored by onnxruntime-web's WASM build in Node, untouched graph, logits reduced in
 * JavaScript (e2e/wasmReference.ts; `graph`: the scoring graph, as the app scores on WASM): one
 * process for all of them. Keyed by `folder` or `folder:dtype`.
 */
export function wasmReferences(specs: string[], input = INPUT, options: { graph?: boolean } = {}): Map<string, Reference> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-e2e-layouts-'));
  fs.writeFileSync(path.join(dir, input.name), input.text);
  const args = specs.map((s) => path.join(studentsRoot(), s));
  const out = execFileSync('npx', ['tsx', 'e2e/wasmReference.ts', ...(options.graph ? ['--graph'] : []), path.join(dir, input.name), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
  });
  const parsed = JSON.parse(out) as Record<string, Record<string, { tokens: TokenData[]; rsr: number }>>;
  return new Map(specs.map((s, i) => [s, new Map(Object.entries(parsed[args[i]]))]));
}

/**
 * Serve generated folders as Hub repos; returns the paths asked for, per repo, with their status.
 * With `tree`, the repos also answer the Hub's tree API (`/api/models/<id>/tree/<rev>`) with every
 * file and its size, as huggingface.co does (`sizes` overrides what a file claims to weigh there);
 * without it that API is a 404, as on a mirror that lacks it.
 */
export async function serveHub(
  context: BrowserContext,
  repos: Record<string, string>,
  tree?: { sizes?: Record<string, number> },
  /** Files (repo-relative) the Hub answers badly: `cut` sends the first half with a clean end, as a dropped transfer with no Content-Length leaves it. */
  faults: Record<string, 'cut'> = {},
): Promise<{ path: string; status: number }[]> {
  const asked: { path: string; status: number }[] = [];
  await context.route('https://huggingface.co/api/**', async (route) => {
    const m = /^https:\/\/huggingface\.co\/api\/models\/([^/]+\/[^/]+)\/tree\//.exec(route.request().url());
    const dir = m && repos[m[1]];
    if (!tree || !dir) {
      asked.push({ path: 'api/tree', status: 404 });
      return route.fulfill({ status: 404, headers: { 'access-control-allow-origin': '*' }, body: 'Not found' });
    }
    asked.push({ path: 'api/tree', status: 200 });
    const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(dir, f)).isFile());
    const entries = files.map((f) => ({ type: 'file', path: f.split(path.sep).join('/'), size: tree.sizes?.[f] ?? fs.statSync(path.join(dir, f)).size }));
    await route.fulfill({ status: 200, headers: { 'access-control-allow-origin': '*', 'content-type': 'application/json' }, body: JSON.stringify(entries) });
  });
  await context.route(/^https:\/\/huggingface\.co\/(?!api\/)/, async (route) => {
    const m = /^https:\/\/huggingface\.co\/([^/]+\/[^/]+)\/resolve\/[^/]+\/(.+)$/.exec(route.request().url());
    const dir = m && repos[m[1]];
    const file = dir && path.join(dir, decodeURIComponent(m[2]));
    const headers = { 'access-control-allow-origin': '*' };
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      asked.push({ path: m?.[2] ?? route.request().url(), status: 404 });
      await route.fulfill({ status: 404, headers, body: 'Entry not found' });
      return;
    }
    asked.push({ path: m![2], status: 200 });
    const body = fs.readFileSync(file);
    await route.fulfill({ status: 200, headers: { ...headers, 'content-type': 'application/octet-stream' }, body: faults[decodeURIComponent(m![2])] === 'cut' ? body.subarray(0, body.length >> 1) : body });
  });
  return asked;
}

/** The two scored conversations in the page against the reference: same positions and clipped ranks, close surprisals and RSR. */
export async function expectLikeReference(page: Page, expected: Reference, tol = { surprisal: 1e-4, rsr: 1e-4 }, teachers = ['student', 'terse']) {
  for (const teacher of teachers) {
    const browser = await heatmapTokens(page, 'p2024-1', teacher);
    const node = expected.get(teacher)!;
    expect(browser.map((t) => t.pos), teacher).toEqual(node.tokens.map((t) => t.pos));
    expect(browser.map((t) => Math.min(t.rank, 100)), `${teacher}: clipped ranks`).toEqual(node.tokens.map((t) => Math.min(t.rank, 100)));
    const off = browser.filter((t, i) => !(Math.abs(t.surprisal - node.tokens[i].surprisal) <= tol.surprisal));
    expect(off, `${teacher}: surprisals more than ${tol.surprisal} from the reference's`).toEqual([]);
    const rsr = Number(await page.locator(`[data-testid="trajectory-row"][data-teacher="${teacher}"]`).getAttribute('data-rsr'));
    expect(Math.abs(rsr - node.rsr) / node.rsr, `${teacher}: RSR`).toBeLessThanOrEqual(tol.rsr);
  }
}

export const onnxAsked = (asked: { path: string; status: number }[]) => asked.filter((a) => /\.onnx(_data(_\d+)?|\.data)?$/.test(a.path));

