/**
 * npm run bench — scoring speed against the bare forward pass and against the lm_head alone,
 * measured in the same run.
 *
 * Inputs: every trajectory of public/samples/ (the demo data) plus the three longest of
 * fixtures/realdata/. Each phase runs in a fresh Node process (so its peak RSS is its own):
 *   lmhead — the least any exact scorer does per response token: the bundled student's lm_head
 *            ([rows, 64] × [64, 151,936] MatMul) and one pass over each row (ReduceMax), 2 threads;
 *   bare   — the conversations through the untouched model, same chunks, full logits out, model
 *            calls only (no reduction at all): the floor any JS implementation starts from;
 *   scored — the product path (the CLI's): in-graph scoring, several short conversations per call,
 *            long ones chunked through the KV cache; the demo data timed on its own.
 * Rates are conversation tokens per second of wall time; the lm_head comparison is in response
 * tokens (the rows it scores) per second, on the demo data.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { loadNodeStudent } from '../src/cli/loadNodeStudent';
import { BUNDLED_MODEL_DIR } from '../src/cli/nodeFileGetter';
import { nodeInputFile } from '../src/cli/nodeInputFile';
import { readInputFile } from '../src/core/parse/readInputFile';
import { scoreTrajectories } from '../src/core/run/scoreTrajectories';
import { DEFAULT_CHUNK_BUDGET, chunkLength } from '../src/core/score/chunkLength';
import { decodeModel } from '../src/core/score/onnxGraph';
import { type Cache, modelFeeds, nextCache } from '../src/core/score/ortScorer';
import { modelSignature } from '../src/core/score/modelSignature';
import { MARKER_PRESETS } from '../src/core/tokenize/responseMarkers';
import { tokenizeContext, tokenizeTrajectory } from '../src/core/tokenize/tokenizeTrajectory';
import type { Trajectory } from '../src/core/types';
import { LMHEAD_ROWS, lmHeadRowsPerSecond } from './lmHeadLimit';
import { disableOrtTelemetry } from '../src/cli/ortTelemetry';

disableOrtTelemetry();
const ROOT = path.resolve(import.meta.dirname, '..');
const SAMPLES = path.join(ROOT, 'public/samples');
const REALDATA = path.resolve(ROOT, 'fixtures/realdata');

interface PhaseResult {
  phase: string;
  seconds: number;
  tokens: number;
  responseTokens: number;
  conversations: number;
  longest: number;
  maxRssMiB: number;
  /** scored: the demo data alone. */
  demo?: { seconds: number; tokens: number; responseTokens: number };
  /** lmhead: rows per second. */
  rowsPerSecond?: number;
}

/** Every trajectory of the given JSONL files, through the core reader (the CLI's). */
async function read(files: string[]): Promise<Trajectory[]> {
  const out: Trajectory[] = [];
  for (const file of files) {
    for await (const item of readInputFile(nodeInputFile(file, path.basename(file)))) if (item.kind === 'trajectory') out.push(item.trajectory);
  }
  return out;
}

async function inputs(): Promise<{ demo: Trajectory[]; long: Trajectory[] }> {
  const demo = await read(fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(SAMPLES, f)));
  if (!fs.existsSync(REALDATA)) return { demo, long: [] };
  const real = await read(fs.readdirSync(REALDATA).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(REALDATA, f)));
  const size = (t: Trajectory) => t.messages.reduce((n, m) => n + m.content.length, 0);
  return { demo, long: real.sort((a, b) => size(b) - size(a)).slice(0, 3) };
}

async function runPhase(phase: 'scored' | 'bare' | 'lmhead'): Promise<PhaseResult> {
  const { demo, long } = await inputs();
  const trajectories = [...demo, ...long];
  const student = await loadNodeStudent({ dtype: 'fp32' });
  const ctx = tokenizeContext(student.tokenizer, MARKER_PRESETS.qwen);
  const tokenized = trajectories.map((t) => tokenizeTrajectory(ctx, t.messages));
  const count = (ts: typeof tokenized) => ({ tokens: ts.reduce((n, t) => n + t.inputIds.length, 0), responseTokens: ts.reduce((n, t) => n + t.respPositions.length, 0) });
  const all = count(tokenized);
  const longest = Math.max(...tokenized.map((t) => t.inputIds.length));
  const settings = { clip: 100, template: 'qwen' as const, maxTokens: 0, chunkBudgetBytes: DEFAULT_CHUNK_BUDGET };
  let seconds = 0;
  let demoResult: PhaseResult['demo'];
  let rowsPerSecond: number | undefined;

  if (phase === 'lmhead') {
    await student.scorer.release();
    rowsPerSecond = await lmHeadRowsPerSecond(ort, { executionProviders: ['cpu'], intraOpNumThreads: 2 }, student.scorer.memory.hidden, student.scorer.memory.vocab);
  } else if (phase === 'scored') {
    let start = performance.now();
    await scoreTrajectories(demo, student, settings);
    const demoSeconds = (performance.now() - start) / 1000;
    demoResult = { seconds: demoSeconds, ...count(tokenized.slice(0, demo.length)) };
    start = performance.now();
    await scoreTrajectories(long, student, settings);
    seconds = demoSeconds + (performance.now() - start) / 1000;
  } else {
    await student.scorer.release();
    const bytes = fs.readFileSync(path.join(BUNDLED_MODEL_DIR, 'onnx/model.onnx'));
    const sig = modelSignature(decodeModel(bytes));
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
    const fetches = ['logits', ...sig.cache.map((kv) => kv.present)];
    const start = performance.now();
    for (const t of tokenized) {
      let cache: Cache | null = null;
      const chunk = chunkLength(student.scorer.memory, t.inputIds.length, DEFAULT_CHUNK_BUDGET);
      for (let s = 0; s < t.inputIds.length; s += chunk) {
        const out = await session.run(modelFeeds(ort, sig, { ids: t.inputIds.slice(s, s + chunk), start: s, rows: [], labels: [], cache }), fetches);
        cache = nextCache(sig, out);
      }
    }
    seconds = (performance.now() - start) / 1000;
  }
  return { phase, seconds, ...all, conversations: trajectories.length, longest, maxRssMiB: process.resourceUsage().maxRSS / 1024, demo: demoResult, rowsPerSecond };
}

function runChild(phase: string): PhaseResult {
  const out = execFileSync(process.execPath, [...process.execArgv, import.meta.filename, '--phase', phase], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

const phaseArg = process.argv.indexOf('--phase');
if (phaseArg > 0) {
  process.stdout.write(JSON.stringify(await runPhase(process.argv[phaseArg + 1] as 'scored' | 'bare' | 'lmhead')) + '\n');
} else {
  // One process per phase: each peak RSS belongs to its phase alone.
  const lmhead = runChild('lmhead');
  const bare = runChild('bare');
  const scored = runChild('scored');
  const demo = scored.demo!;
  const rate = (r: PhaseResult) => r.tokens / r.seconds;
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  const row = (label: string, r: PhaseResult) => `${label.padEnd(26)} ${fmt(rate(r)).padStart(8)} tok/s  ${r.seconds.toFixed(1).padStart(7)} s  peak RSS ${r.maxRssMiB.toFixed(0).padStart(5)} MiB`;
  const demoResponseRate = demo.responseTokens / demo.seconds;
  console.log(`rsr-lens bench — ${scored.conversations} conversations, ${fmt(scored.tokens)} tokens (${fmt(scored.responseTokens)} scored), longest ${fmt(scored.longest)} tokens`);
  console.log(row('bare forward (full logits)', bare));
  console.log(row('scored (in-graph)', scored));
  console.log(`ratio scored / bare: ${(rate(scored) / rate(bare)).toFixed(2)}×  (target ≥ 2.0)`);
  console.log(`peak RSS while scoring, longest ${fmt(scored.longest)}-token trajectory included: ${scored.maxRssMiB.toFixed(0)} MiB (target ≤ 1536)`);
  console.log(`demo data (${fmt(demo.tokens)} tokens, ${fmt(demo.responseTokens)} scored): ${fmt(demo.tokens / demo.seconds)} tok/s, ${fmt(demoResponseRate)} response tok/s`);
  console.log(`lm_head alone ([${LMHEAD_ROWS}, 64] × [64, 151,936] MatMul + ReduceMax, 2 threads): ${fmt(lmhead.rowsPerSecond!)} rows/s`);
  console.log(`ratio scored / lm_head limit: ${(demoResponseRate / lmhead.rowsPerSecond!).toFixed(2)}×  (target ≥ 0.5)`);
}
