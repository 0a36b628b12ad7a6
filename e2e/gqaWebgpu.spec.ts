import fs from 'node:fs';
import path from 'node:path';
import { type Page, expect, test } from '@playwright/test';
import { CHROMIUM_ARGS } from './chromiumArgs';
import { FIXTURES, type TokenData, jsonl, pickFiles, scoreAll, tableStatus } from './helpers';
import { INPUT_ONE, type Reference, onnxAsked, serveHub, studentsRoot, wasmReferences } from './layoutHelpers';
import { createStudentTokenizer } from '../src/core/tokenize/studentTokenizer';
import { MARKER_PRESETS } from '../src/core/tokenize/responseMarkers';
import { tokenizeContext, tokenizeTrajectory } from '../src/core/tokenize/tokenizeTrajectory';

/**
 * GroupQueryAttention students on WebGPU (SwiftShader), rewritten into standard ops
 * (decomposeGqa.ts): each generated GQA layout scores one long conversation — positions past 4,000,
 * where RoPE's angles are large, fed in several chunks through the KV cache — and must give the
 * WASM numbers (the same file, ONNX Runtime's own GQA kernel, in-graph, in Node's WASM build).
 */
test.use({ launchOptions: { executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] } });

const MODEL_DIR = 'public/models/rsr-tiny-qwen3';
/** Below the toy's 4,096 positions (its cos/sin caches end there), past 4,000. */
const TOKENS = { min: 4040, max: 4090 };

/**
 * One conversation of about 4,060 tokens: a long user turn (real teachers' text, context only) and a
 * short answer (scored), so the lm_head — the slow part on a software GPU — runs on a few dozen rows.
 */
function longConversation(): { name: string; text: string; tokens: number } {
  const read = (f: string) => JSON.parse(fs.readFileSync(path.join(MODEL_DIR, f), 'utf8'));
  const tokenizer = createStudentTokenizer({ tokenizerJson: read('tokenizer.json'), tokenizerConfig: read('tokenizer_config.json') });
  const ctx = tokenizeContext(tokenizer, MARKER_PRESETS.qwen);
  const records = fs.readFileSync(new URL('realdata/teacher_qwen2.5-14b-instruct.jsonl', FIXTURES), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const context = records.map((r) => r.messages.at(-1).content as string).join('\n\n');
  const answer = 'So the walk takes 204 minutes in all, coffee included. The answer is \\boxed{204}.';
  const count = (chars: number) => tokenizeTrajectory(ctx, [{ role: 'user', content: context.slice(0, chars) }, { role: 'assistant', content: answer }]).inputIds.length;
  // Characters → tokens grows monotonically enough for a bisection to land in the window.
  let [lo, hi] = [0, context.length];
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (count(mid) < (TOKENS.min + TOKENS.max) / 2) lo = mid + 1;
    else hi = mid;
  }
  const tokens = count(lo);
  if (tokens < TOKENS.min || tokens > TOKENS.max) throw new Error(`the long conversation has ${tokens} tokens, not ${TOKENS.min}–${TOKENS.max}`);
  return { name: 'long.jsonl', text: jsonl('long-1', context.slice(0, lo), answer, 'long') + '\n', tokens };
}

/**
 * A 1,080 MiB chunk budget: about 1,400 positions a call at 4k tokens on the toy (its logits rows
 * dominate), so the conversation takes three chunks (more if the adapter's largest buffer caps them
 * lower, chunkLength.ts). Measured on SwiftShader (gqa1-genai-fp32, loaded machine): recompiling at
 * a new context length is not what costs (a second pass over the same chunks took as long); the
 * one-layer body at 1,400 positions is cheap, and a call's time is the lm_head and the reductions
 * over the scored rows' 151,936 logits. Those were ~1.5 s a scored row while the top 5 came from
 * ONNX Runtime's TopK, a 171-dispatch sort of the row; transformGraph.ts takes them in ArgMax
 * rounds on WebGPU now (3.6× faster at 29 rows).
 */
const BUDGET_MIB = 1080;

/**
 * The generated GQA layouts, one layer each (scripts/students/studentFolders.ts: `gqa1-*`): on a
 * software GPU attention over 4,000 tokens is what costs, and one layer exercises the op, the
 * cache across chunks and the positions as well as four.
 */
const LAYOUTS = [
  { name: 'GenAI float32 (separate Q/K/V, Q/K norms)', folder: 'gqa1-genai-fp32', dtype: 'auto', label: 'fp32' },
  { name: 'GenAI int4 (MatMulNBits, GatherBlockQuantized)', folder: 'gqa1-genai-int4', dtype: 'auto', label: 'q4' },
  { name: 'Hub export, packed QKV with do_rotary, q4', folder: 'gqa1-packed', dtype: 'q4', label: 'q4' },
  { name: 'position_ids fed to GroupQueryAttention', folder: 'gqa1-position-ids', dtype: 'auto', label: 'fp32' },
] as const;

let long: ReturnType<typeof longConversation>;
let reference: Map<string, Reference>;
test.beforeAll(() => {
  long = longConversation();
  const specs = LAYOUTS.map((l) => (l.dtype === 'auto' ? l.folder : `${l.folder}:${l.dtype}`));
  reference = wasmReferences(specs, long, { graph: true });
});

/** The scored tokens of a trajectory whose answer ends a long prompt: the heatmap jumped to its end (overview strip), then read. */
async function answerTokens(page: Page, id: string, count: number): Promise<TokenData[]> {
  await page.locator(`[data-testid="trajectory-row"][data-id="${id}"]`).click();
  const overview = page.getByTestId('heatmap-overview');
  const box = (await overview.boundingBox())!;
  await overview.click({ position: { x: box.width / 2, y: box.height - 1 } });
  await expect(page.locator('[data-testid="token"]')).toHaveCount(count);
  return page.locator('[data-testid="token"]').evaluateAll((els) =>
    els.map((e) => ({ pos: Number(e.getAttribute('data-pos')), rank: Number(e.getAttribute('data-rank')), surprisal: Number(e.getAttribute('data-surprisal')) })),
  );
}

async function hasAdapter(page: Page): Promise<{ adapter: boolean; f16: boolean }> {
  await page.goto('/');
  return page.evaluate(async () => {
    const a = await (navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ features: Set<string> } | null> } }).gpu?.requestAdapter();
    return { adapter: !!a, f16: !!a?.features.has('shader-f16') };
  });
}

for (const layout of LAYOUTS) {
  test(`${layout.name}: WebGPU scores a ${TOKENS.min}+-token conversation in chunks like WASM, within 1e-4 nats and the same clipped ranks, on device webgpu with no fallback`, async ({ page, context }) => {
    test.setTimeout(300_000);
    test.skip(!(await hasAdapter(page)).adapter, 'this Chromium exposes no WebGPU adapter, even with --enable-unsafe-webgpu');
    const repo = `rsr-test/${layout.folder}`;
    await serveHub(context, { [repo]: path.join(studentsRoot(), layout.folder) });
    await page.goto(`/?device=webgpu&dtype=${layout.dtype}&chunk=${BUDGET_MIB}&model=hub:${repo}`);
    await pickFiles(page, [long]);
    await scoreAll(page, 1, 280_000);
    const loaded = page.getByTestId('loaded-model');
    await expect(loaded).toHaveAttribute('data-device', 'webgpu');
    await expect(loaded).toContainText(`· ${layout.label} · webgpu · in-graph scoring`);
    await expect(loaded).toContainText('GroupQueryAttention');
    // No fallback and no note: nothing was scored elsewhere or switched.
    await expect(page.locator('.notices .notice')).toHaveCount(0);
    // At least three chunks: the plan's length at 4k tokens, within a few positions of the length at
    // this conversation's 4,0xx tokens, goes into the rows fed (up to the last scored one) three times.
    const at4k = Number(/(\d[\d,]*) at 4k/.exec((await page.getByTestId('chunk-plan').textContent()) ?? '')?.[1].replace(/,/g, ''));
    expect(at4k).toBeGreaterThan(0);

    const cpu = reference.get(layout.dtype === 'auto' ? layout.folder : `${layout.folder}:${layout.dtype}`)!.get('long')!.tokens;
    const gpu = await answerTokens(page, 'long-1', cpu.length);
    expect(gpu.map((t) => t.pos)).toEqual(cpu.map((t) => t.pos));
    expect(Math.min(...gpu.map((t) => t.pos))).toBeGreaterThan(4000);
    expect(Math.ceil(gpu.at(-1)!.pos / at4k), `calls of ${at4k} positions up to position ${gpu.at(-1)!.pos}`).toBeGreaterThanOrEqual(3);
    const worst = Math.max(...gpu.map((t, i) => Math.abs(t.surprisal - cpu[i].surprisal)));
    const lastRun = page.getByTestId('last-run');
    test.info().annotations.push({
      type: 'measured',
      description: `max |Δs| ${worst.toExponential(2)} nats over ${gpu.length} tokens at positions ${gpu[0].pos}–${gpu.at(-1)!.pos}; ${await page.getByTestId('chunk-plan').textContent()}; ${await lastRun.getAttribute('data-tokens')} tokens in ${Number(await lastRun.getAttribute('data-seconds')).toFixed(1)} s`,
    });
    const off = gpu.map((t, i) => ({ pos: t.pos, webgpu: t.surprisal, wasm: cpu[i].surprisal })).filter((d) => !(Math.abs(d.webgpu - d.wasm) <= 1e-4));
    expect(off, 'tokens whose WebGPU surprisal is more than 1e-4 nats from WASM’s').toEqual([]);
    expect(gpu.map((t) => Math.min(t.rank, 100)), 'clipped ranks').toEqual(cpu.map((t) => Math.min(t.rank, 100)));
  });
}

test('a float16 GQA student asked for on WebGPU without shader-f16 is refused before any download, says why, and offers WASM, which scores it', async ({ page, context }) => {
  test.setTimeout(180_000);
  const { adapter, f16 } = await hasAdapter(page);
  test.skip(!adapter || f16, 'needs a WebGPU adapter without shader-f16 (SwiftShader)');
  const asked = await serveHub(context, { 'rsr-test/gqa-packed': path.join(studentsRoot(), 'gqa1-packed') }, {});
  await page.goto('/?device=webgpu&dtype=q4f16&model=hub:rsr-test/gqa-packed');
  await pickFiles(page, [INPUT_ONE]);
  await page.getByRole('button', { name: 'Score', exact: true }).click();
  const refusal = page.getByRole('alert').filter({ hasText: 'Refused for WebGPU' });
  await expect(refusal).toContainText(/q4f16 computes in float16 and this WebGPU adapter .*has no shader-f16, so WebGPU cannot score it: score it on WASM, or pick q4/);
  expect(asked, 'nothing of the model was requested').toEqual([]);
  expect(onnxAsked(asked)).toEqual([]);
  await refusal.getByRole('button', { name: 'Score on WASM' }).click();
  await expect(tableStatus(page)).toContainText('1 scored', { timeout: 150_000 });
  await expect(page.getByTestId('loaded-model')).toHaveAttribute('data-device', 'wasm');
  await expect(page.getByTestId('loaded-model')).toContainText('· q4f16 · wasm ·');
});
