/**
 * npm run bench:webgpu — the app on WebGPU against WASM, in Debian's Chromium, measured in one run.
 *
 * It builds the app (the npm script), serves dist/ with `vite preview`, starts Chromium with the
 * flags that give it WebGPU, and prints the adapter's name and limits. Then, for each case, it
 * scores one real trajectory on WebGPU (per attention mode for GroupQueryAttention students:
 * 'rewrite' is what the app does, 'kernel' and 'shared-buffer' are ONNX Runtime's own kernel on a
 * growing cache and on GenAI's static buffer) and on WASM, each in a fresh browser context, reads
 * every token back from the app's parquet export and prints tokens/s and the largest surprisal
 * difference from WASM.
 *
 *   npm run bench:webgpu                 SwiftShader (no GPU): the bundled student and the small GQA
 *                                        shape (generated gqa1-packed, q4) on a ~1k-token conversation
 *                                        whose answer is short (a software GPU takes minutes per
 *                                        hundred lm_head rows), fed in chunks of ~100 positions:
 *                                        correctness, and times that mean nothing for a GPU
 *   npm run bench:webgpu -- --gpu        a real GPU (Vulkan on Linux): the real-size GQA shape
 *                                        (npm run students -- --real qwen2.5-0.5b-gqa), q4f16 where the
 *                                        adapter has shader-f16, else q4, at 1k / 4k / 32k tokens
 *   --lengths 1k,4k   --wasm-lengths 1k,4k (WASM at 32k takes over an hour for the 0.5B)
 *   --modes rewrite,kernel,shared-buffer (the alternatives run at the first length only unless named)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from '@playwright/test';
import { ensureRealStudent, ensureStudents } from '../scripts/make-students';
import { BUNDLED_MODEL_DIR, dirFileGetter } from '../src/cli/nodeFileGetter';
import { parquetRows } from '../src/core/parquet/parquetRows';
import { readStudentFiles } from '../src/core/score/studentFiles';
import { MARKER_PRESETS } from '../src/core/tokenize/responseMarkers';
import { createStudentTokenizer } from '../src/core/tokenize/studentTokenizer';
import { tokenizeContext, tokenizeTrajectory } from '../src/core/tokenize/tokenizeTrajectory';
import type { Message } from '../src/core/types';
import { CHROMIUM_ARGS } from '../e2e/chromiumArgs';
import { startPreview } from './preview';

const ROOT = path.resolve(import.meta.dirname, '..');
const REALDATA = path.join(ROOT, 'fixtures/realdata');
const TIMEOUT = 4 * 3600_000;

/**
 * Chromium's flags for WebGPU. Headless Chromium on Linux has no GPU adapter of its own: with
 * --enable-unsafe-webgpu it falls back to SwiftShader, a software Vulkan on the CPU (correct, slow,
 * no shader-f16). On a machine with a GPU and its Vulkan driver, Vulkan and ANGLE-on-Vulkan give it
 * the real adapter (on Windows and macOS --enable-unsafe-webgpu alone is enough).
 */
export const WEBGPU_FLAGS = {
  swiftshader: ['--enable-unsafe-webgpu'],
  gpu: ['--enable-unsafe-webgpu', '--enable-features=Vulkan,VulkanFromANGLE', '--use-angle=vulkan', '--ignore-gpu-blocklist'],
};

const LENGTHS = { '1k': 1024, '4k': 4096, '32k': 32768 } as const;
type Length = keyof typeof LENGTHS;
const MODES = ['rewrite', 'kernel', 'shared-buffer'] as const;
type Mode = (typeof MODES)[number];

interface Case {
  /** What is scored, as printed. */
  name: string;
  /** The model folder dropped into the app, or the bundled student. */
  folder?: string;
  dtype: string;
  /** Whether the attention modes apply (GroupQueryAttention students). */
  gqa: boolean;
}

interface Scored {
  tokens: number;
  seconds: number;
  /** Per response token, in order. */
  surprisal: number[];
  rank: number[];
  device: string;
  error?: string;
}

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const list = <T extends string>(value: string | undefined, all: readonly T[]): T[] | undefined => value?.split(',').map((v) => {
  if (!all.includes(v as T)) throw new Error(`unknown ${v}: one of ${all.join(', ')}`);
  return v as T;
});

/**
 * For each length, the real trajectory nearest it (the Qwen tokenizer all these students share);
 * with `shortAnswer`, a conversation of that length whose user turn is real teachers' text and whose
 * answer is one sentence, so that only a few dozen rows reach the lm_head.
 */
async function pickTrajectories(lengths: Length[], shortAnswer: boolean): Promise<Record<string, { messages: Message[]; tokens: number }>> {
  const files = await readStudentFiles(dirFileGetter(BUNDLED_MODEL_DIR), { dtype: 'fp32', device: 'cpu' });
  const ctx = tokenizeContext(createStudentTokenizer(files.tokenizer), MARKER_PRESETS.qwen);
  const all = fs
    .readdirSync(REALDATA)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => fs.readFileSync(path.join(REALDATA, f), 'utf8').trim().split('\n'))
    .map((line) => (JSON.parse(line) as { messages: Message[] }).messages);
  const count = (messages: Message[]) => tokenizeTrajectory(ctx, messages).inputIds.length;
  if (shortAnswer) {
    const context = all.map((m) => m.at(-1)!.content).join('\n\n');
    const answer = 'So the walk takes 204 minutes in all, coffee included. The answer is \\boxed{204}.';
    const at = (chars: number): Message[] => [{ role: 'user', content: context.slice(0, chars) }, { role: 'assistant', content: answer }];
    return Object.fromEntries(
      lengths.map((l) => {
        let [lo, hi] = [0, context.length];
        while (lo < hi) {
          const mid = Math.floor((lo + hi) / 2);
          if (count(at(mid)) < LENGTHS[l]) lo = mid + 1;
          else hi = mid;
        }
        return [l, { messages: at(lo), tokens: count(at(lo)) }];
      }),
    );
  }
  const counted = all.map((messages) => ({ messages, tokens: count(messages) }));
  return Object.fromEntries(lengths.map((l) => [l, counted.reduce((best, t) => (Math.abs(t.tokens - LENGTHS[l]) < Math.abs(best.tokens - LENGTHS[l]) ? t : best))]));
}

interface Adapter {
  name: string;
  isSoftware: boolean;
  hasF16: boolean;
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
}

async function probeAdapter(browser: Browser, url: string): Promise<Adapter | undefined> {
  const page = await (await browser.newContext({ baseURL: url })).newPage();
  await page.goto('/');
  const found = await page.evaluate(async () => {
    type Info = { vendor?: string; architecture?: string; description?: string; device?: string };
    const a = await (navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ info?: Info; features: Set<string>; limits: Record<string, number> } | null> } }).gpu?.requestAdapter();
    if (!a) return undefined;
    return {
      info: { vendor: a.info?.vendor, architecture: a.info?.architecture, description: a.info?.description, device: a.info?.device },
      hasF16: a.features.has('shader-f16'),
      maxBufferSize: a.limits.maxBufferSize,
      maxStorageBufferBindingSize: a.limits.maxStorageBufferBindingSize,
    };
  });
  await page.context().close();
  if (!found) return undefined;
  const name = [found.info.vendor, found.info.architecture, found.info.device, found.info.description].filter(Boolean).join(' ') || 'unnamed adapter';
  return { ...found, name, isSoftware: /swiftshader/i.test(name) };
}

/** Score one trajectory in a fresh context; every response token read back from the parquet export. */
async function scoreOnce(browser: Browser, url: string, c: Case, device: 'webgpu' | 'wasm', mode: Mode, messages: Message[], chunkMiB?: number): Promise<Scored> {
  const context = await browser.newContext({ baseURL: url, acceptDownloads: true });
  const page = await context.newPage();
  try {
    const query = new URLSearchParams({ device, dtype: c.dtype, ...(mode !== 'rewrite' && { gqa: mode }), ...(chunkMiB && { chunk: String(chunkMiB) }) });
    await page.goto(`/?${query}`);
    if (c.folder) {
      await page.getByLabel('Student model').selectOption('files');
      await page.getByLabel('Choose model folder…').setInputFiles(c.folder);
      await page.getByText(/Student set to the dropped model folder/).waitFor({ timeout: 60_000 });
    }
    const text = JSON.stringify({ id: 'bench-1', teacher: 'bench', messages }) + '\n';
    await page.getByLabel('Choose files…').setInputFiles([{ name: 'bench.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(text) }]);
    await page.getByRole('button', { name: 'Score', exact: true }).click();
    const outcome = await Promise.race([
      page.getByTestId('last-run').waitFor({ timeout: TIMEOUT }).then(() => 'done' as const),
      page.getByRole('alert').first().waitFor({ timeout: TIMEOUT }).then(() => 'error' as const),
    ]);
    if (outcome === 'error') return { tokens: 0, seconds: 0, surprisal: [], rank: [], device, error: (await page.getByRole('alert').first().textContent())?.trim() };
    const run = await page.getByTestId('last-run').evaluate((el) => ({ tokens: Number(el.dataset.tokens), seconds: Number(el.dataset.seconds), device: el.dataset.device ?? '' }));
    await page.getByRole('tab', { name: 'Select & export' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export parquet' }).click()]);
    const bytes = new Uint8Array(fs.readFileSync(await download.path()));
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    let surprisal: number[] = [];
    let rank: number[] = [];
    for await (const { record } of parquetRows({ byteLength: ab.byteLength, slice: (s, e) => ab.slice(s, e) }, ['nlls', 'ranks'])) {
      surprisal = (record.nlls as number[]).map(Number);
      rank = (record.ranks as number[]).map(Number);
    }
    return { ...run, surprisal, rank };
  } finally {
    await context.close();
  }
}

const maxDiff = (a: number[], b: number[]) => (a.length === b.length ? Math.max(...a.map((v, i) => Math.abs(v - b[i]))) : NaN);
const rankMoves = (a: number[], b: number[]) => a.filter((r, i) => Math.min(r, 100) !== Math.min(b[i], 100)).length;
const fmtRate = (s: Scored) => (s.error ? 'failed' : `${(s.tokens / s.seconds).toFixed(1)} tok/s`);

async function main(): Promise<void> {
  const onGpu = process.argv.includes('--gpu');
  const lengths = list(arg('--lengths'), Object.keys(LENGTHS) as Length[]) ?? (onGpu ? (['1k', '4k', '32k'] as Length[]) : (['1k'] as Length[]));
  const wasmLengths = list(arg('--wasm-lengths'), Object.keys(LENGTHS) as Length[]) ?? lengths.filter((l) => l !== '32k');
  const namedModes = list(arg('--modes'), MODES);
  const preview = await startPreview();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...(onGpu ? WEBGPU_FLAGS.gpu : WEBGPU_FLAGS.swiftshader)] });
  try {
    const adapter = await probeAdapter(browser, preview.url);
    if (!adapter) throw new Error(`Chromium exposes no WebGPU adapter with ${(onGpu ? WEBGPU_FLAGS.gpu : WEBGPU_FLAGS.swiftshader).join(' ')}`);
    const mib = (b: number) => `${(b / 2 ** 20).toLocaleString('en-US', { maximumFractionDigits: 0 })} MiB`;
    process.stdout.write(
      `rsr-lens bench:webgpu — adapter: ${adapter.name}; shader-f16 ${adapter.hasF16 ? 'yes' : 'no'}; maxBufferSize ${mib(adapter.maxBufferSize)}, maxStorageBufferBindingSize ${mib(adapter.maxStorageBufferBindingSize)}; ${os.cpus().length} CPU cores, load average ${os.loadavg()[0].toFixed(1)}\n`,
    );
    if (adapter.isSoftware) process.stdout.write('SwiftShader is a software adapter running on the CPU: its times say nothing about a GPU; the differences from WASM are what this run checks.\n');
    const cases: Case[] = adapter.isSoftware && !onGpu
      ? [
          { name: 'bundled rsr-tiny-qwen3 (eager attention), fp32', dtype: 'auto', gqa: false },
          { name: 'small GQA shape (gqa1-packed: packed QKV, do_rotary), q4', folder: path.join(ensureStudents(), 'gqa1-packed'), dtype: 'q4', gqa: true },
        ]
      : [{ name: `Qwen2.5-0.5B GQA shape, ${adapter.hasF16 ? 'q4f16' : 'q4'}`, folder: ensureRealStudent('qwen2.5-0.5b-gqa'), dtype: adapter.hasF16 ? 'q4f16' : 'q4', gqa: true }];
    // On SwiftShader: short answers, and chunks of ~100 positions (64 MiB on the toy), so that every
    // mode feeds many tokens on top of a past, the case where the kernel went wrong.
    const software = adapter.isSoftware && !onGpu;
    const picked = await pickTrajectories(lengths, software);
    const chunkMiB = software ? 64 : undefined;
    const header = ['case', 'length', 'mode', 'WebGPU', 'WASM', 'max |Δs| vs WASM', 'clipped ranks moved'];
    const rows: string[][] = [];
    for (const c of cases) {
      for (const length of lengths) {
        const { messages, tokens } = picked[length];
        const wasm = wasmLengths.includes(length) ? await scoreOnce(browser, preview.url, c, 'wasm', 'rewrite', messages, chunkMiB) : undefined;
        const modes = c.gqa ? (namedModes ?? (length === lengths[0] ? MODES : ['rewrite'])) : (['rewrite'] as const);
        for (const mode of modes) {
          const gpu = await scoreOnce(browser, preview.url, c, 'webgpu', mode, messages, chunkMiB);
          const diff = gpu.error ? gpu.error : wasm && !wasm.error ? `${maxDiff(gpu.surprisal, wasm.surprisal).toExponential(2)} nats` : 'no WASM run';
          const moved = !gpu.error && wasm && !wasm.error ? `${rankMoves(gpu.rank, wasm.rank)} of ${gpu.rank.length}` : '–';
          const row = [c.name, `${length} (${tokens.toLocaleString('en-US')})`, c.gqa ? mode : '–', `${fmtRate(gpu)} (${gpu.device || '?'})`, wasm ? fmtRate(wasm) : 'not run', diff, moved];
          rows.push(row);
          process.stderr.write(`  ${row.join(' · ')}\n`);
        }
      }
    }
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    for (const r of [header, ...rows]) process.stdout.write(r.map((cell, i) => cell.padEnd(widths[i])).join('  ') + '\n');
    process.stdout.write(`tok/s = conversation tokens / seconds of scoring (the worker's own figure, model load excluded); load average now ${os.loadavg()[0].toFixed(1)}\n`);
  } finally {
    await browser.close();
    preview.server.kill();
  }
}

await main();
