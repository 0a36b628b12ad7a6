/**
 * npm run bench — scoring speed against the bare forward pass, measured in the same run.
 *
 * Inputs: every trajectory of public/samples/ plus the three longest of ../shared/realdata/.
 * Each phase runs in a fresh Node process (so its peak RSS is its own):
 *   scored — the product path: in-graph scoring, chunked through the KV cache;
 *   bare   — the same conversations through the untouched model, same chunks, full logits out,
 *            model calls only (no reduction at all): the floor any JS implementation starts from.
 * Rates are conversation tokens per second of wall time.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { loadNodeStudent } from '../src/cli/loadNodeStudent';
import { BUNDLED_MODEL_DIR } from '../src/cli/nodeFileGetter';
import { readTrajectories } from '../src/cli/readTrajectories';
import { scoreTrajectories } from '../src/core/run/scoreTrajectories';
import { DEFAULT_CHUNK_BUDGET, chunkLength } from '../src/core/score/chunkLength';
import { decodeModel } from '../src/core/score/onnxGraph';
import { type Cache, modelFeeds, nextCache } from '../src/core/score/ortScorer';
import { modelSignature } from '../src/core/score/modelSignature';
import { MARKER_PRESETS } from '../src/core/tokenize/responseMarkers';
import { tokenizeContext, tokenizeTrajectory } from '../src/core/tokenize/tokenizeTrajectory';
import type { Trajectory } from '../src/core/types';

const ROOT = path.resolve(import.meta.dirname, '..');
const REALDATA = path.resolve(ROOT, '../shared/realdata');

interface PhaseResult {
  phase: string;
  seconds: number;
  tokens: number;
  responseTokens: number;
  conversations: number;
  longest: number;
  maxRssMiB: number;
}

async function inputs(): Promise<Trajectory[]> {
  const samples = fs.readdirSync(path.join(ROOT, 'public/samples')).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(ROOT, 'public/samples', f));
  const { trajectories } = await readTrajectories(samples);
  if (fs.existsSync(REALDATA)) {
    const real = await readTrajectories(fs.readdirSync(REALDATA).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(REALDATA, f)));
    const size = (t: Trajectory) => t.messages.reduce((n, m) => n + m.content.length, 0);
    trajectories.push(...real.trajectories.sort((a, b) => size(b) - size(a)).slice(0, 3));
  }
  return trajectories;
}

async function runPhase(phase: 'scored' | 'bare'): Promise<PhaseResult> {
  const trajectories = await inputs();
  const student = await loadNodeStudent({ dtype: 'fp32' });
  const ctx = tokenizeContext(student.tokenizer, MARKER_PRESETS.qwen);
  const tokenized = trajectories.map((t) => tokenizeTrajectory(ctx, t.messages));
  const tokens = tokenized.reduce((n, t) => n + t.inputIds.length, 0);
  const responseTokens = tokenized.reduce((n, t) => n + t.respPositions.length, 0);
  const longest = Math.max(...tokenized.map((t) => t.inputIds.length));
  const chunkFor = (tokens: number) => chunkLength(student.scorer.memory, tokens, DEFAULT_CHUNK_BUDGET);
  let seconds: number;

  if (phase === 'scored') {
    const start = performance.now();
    await scoreTrajectories(trajectories, student, { clip: 100, template: 'qwen', maxTokens: 0, chunkBudgetBytes: DEFAULT_CHUNK_BUDGET });
    seconds = (performance.now() - start) / 1000;
  } else {
    await student.scorer.release();
    const bytes = fs.readFileSync(path.join(BUNDLED_MODEL_DIR, 'onnx/model.onnx'));
    const sig = modelSignature(decodeModel(bytes));
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
    const fetches = ['logits', ...sig.cache.map((kv) => kv.present)];
    const start = performance.now();
    for (const t of tokenized) {
      let cache: Cache | null = null;
      const chunk = chunkFor(t.inputIds.length);
      for (let s = 0; s < t.inputIds.length; s += chunk) {
        const out = await session.run(modelFeeds(ort, sig, { ids: t.inputIds.slice(s, s + chunk), start: s, rows: [], labels: [], cache }), fetches);
        cache = nextCache(sig, out);
      }
    }
    seconds = (performance.now() - start) / 1000;
  }
  return { phase, seconds, tokens, responseTokens, conversations: trajectories.length, longest, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
}

function runChild(phase: string): PhaseResult {
  const out = execFileSync(process.execPath, [...process.execArgv, import.meta.filename, '--phase', phase], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

const phaseArg = process.argv.indexOf('--phase');
if (phaseArg > 0) {
  process.stdout.write(JSON.stringify(await runPhase(process.argv[phaseArg + 1] as 'scored' | 'bare')) + '\n');
} else {
  // One process per phase: each peak RSS belongs to its phase alone.
  const bare = runChild('bare');
  const scored = runChild('scored');
  const rate = (r: PhaseResult) => r.tokens / r.seconds;
  const row = (label: string, r: PhaseResult) =>
    `${label.padEnd(26)} ${rate(r).toFixed(0).padStart(8)} tok/s  ${r.seconds.toFixed(1).padStart(7)} s  peak RSS ${r.maxRssMiB.toFixed(0).padStart(5)} MiB`;
  console.log(`rsr-lens bench — ${scored.conversations} conversations, ${scored.tokens.toLocaleString('en-US')} tokens (${scored.responseTokens.toLocaleString('en-US')} scored), longest ${scored.longest.toLocaleString('en-US')} tokens`);
  console.log(row('bare forward (full logits)', bare));
  console.log(row('scored (in-graph)', scored));
  console.log(`ratio scored / bare: ${(rate(scored) / rate(bare)).toFixed(2)}×  (target ≥ 2.0)`);
  console.log(`peak RSS while scoring, longest ${scored.longest.toLocaleString('en-US')}-token trajectory included: ${scored.maxRssMiB.toFixed(0)} MiB (target ≤ 1536)`);
}
