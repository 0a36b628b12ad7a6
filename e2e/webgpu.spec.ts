import { expect, test, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS } from './chromiumArgs';
import { heatmapTokens, jsonl, pickFiles, scoreAll, type TokenData } from './helpers';

// SwiftShader's WebGPU: a software adapter, slow and without shader-f16, but a real WebGPU path.
test.use({ launchOptions: { executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] } });

const FILE = {
  name: 'short.jsonl',
  text: [
    jsonl('short-1', 'What is 7 + 5?', '<think>\n7 + 5 = 12.\n</think>\n\nThe answer is \\boxed{12}.', 'student'),
    jsonl('short-2', 'Tom has 3 apples and buys 4 more. How many apples does he have?', '3 + 4 = 7. \\boxed{7}', 'terse'),
  ].join('\n'),
};

/** Score the two trajectories in a fresh context (its own IndexedDB) on one device; return their tokens. */
async function scoreOn(browser: Browser, baseURL: string, device: 'webgpu' | 'wasm'): Promise<Map<string, TokenData[]>> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  // A 16 MiB chunk budget: about 27 positions a call, so each conversation takes several chunks and
  // WebGPU feeds its KV cache back from GPU buffers (preferredOutputLocation) between them.
  await page.goto(`/?device=${device}&chunk=16`);
  await pickFiles(page, [FILE]);
  await scoreAll(page, 2, 600_000);
  await expect(page.getByText(new RegExp(`Loaded: .*· ${device} ·`))).toBeVisible();
  const tokens = new Map([
    ['short-1', await heatmapTokens(page, 'short-1')],
    ['short-2', await heatmapTokens(page, 'short-2')],
  ]);
  await context.close();
  return tokens;
}

// Measured here: 2.7e-5 nats at most. Before RoPE's Cos/Sin were rewritten (accurateTrig.ts) it was
// 5.5e-3: SwiftShader's WGSL cos is off by 1.9e-4 at 39 rad, and that alone moved the surprisal.
test('WebGPU (SwiftShader) scores two short trajectories like WASM, within 1e-3 nats and the same clipped ranks', async ({ browser, page, baseURL }) => {
  test.setTimeout(900_000);
  await page.goto('/');
  const adapter = await page.evaluate(async () => {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    return gpu ? !!(await gpu.requestAdapter()) : false;
  });
  test.skip(!adapter, 'this Chromium exposes no WebGPU adapter, even with --enable-unsafe-webgpu: nothing to smoke-test');

  const gpu = await scoreOn(browser, baseURL!, 'webgpu');
  const cpu = await scoreOn(browser, baseURL!, 'wasm');
  for (const id of ['short-1', 'short-2']) {
    const a = gpu.get(id)!;
    const b = cpu.get(id)!;
    expect(a.length).toBeGreaterThan(0);
    expect(a.map((t) => t.pos)).toEqual(b.map((t) => t.pos));
    const off = a
      .map((t, i) => ({ pos: t.pos, gpu: t.surprisal, wasm: b[i].surprisal, diff: Math.abs(t.surprisal - b[i].surprisal) }))
      .filter((d) => !(d.diff < 1e-3));
    expect(off, `${id}: tokens whose WebGPU surprisal is 1e-3 nats or more from WASM's`).toEqual([]);
    // RSR uses min(rank, R): deep in the tail thousands of logits sit within float noise of the
    // target (seen: rank 15,795 at 23.5 nats), so the clipped rank is what must match.
    const clipped = (r: number) => Math.min(r, 100);
    const rankOff = a.filter((t, i) => clipped(t.rank) !== clipped(b[i].rank));
    expect(rankOff, `${id}: tokens whose WebGPU rank (clipped at 100) differs from WASM's`).toEqual([]);
  }
});
