/**
 * npm run bench:students — the real-size students (npm run students -- --real) in Node and in
 * Chromium: load time, peak memory, tokens/s on a 1k-, a 4k- and a 32k-token real trajectory, and
 * how time grows with length. One table.
 *
 *   node    — onnxruntime-node through the CLI's own loading and scoring (loadNodeStudent,
 *             scoreTrajectories), one child process per shape and dtype so its peak RSS (VmHWM)
 *             is its own;
 *   browser — the production build in Debian's Chromium on WASM, the student given as a dropped
 *             model folder (what a user does with a local model), one browser per shape and dtype;
 *             peak memory is the renderer's and the GPU process' RSS, sampled from /proc.
 *
 * Trajectories come from fixtures/realdata/: for each length the one whose token count (the
 * students' Qwen tokenizer) is nearest. Each length is scored once, on its own, timed from the call
 * to its result (tokenizing, the model and the metrics), so tok/s = conversation tokens / seconds.
 *
 * A 1.7B fp32 32k run takes hours on two cores, so the table can be filled in parts: every measured
 * cell is kept in node_modules/.cache/rsr-lens/bench-students.json, a later run replaces only what
 * it measures, and the table prints every cell kept. A length not measured for a cell is estimated
 * from that cell's shortest measured time and the growth another cell of the same shape and target
 * measured (time ratio per length step), and marked as an estimate.
 *
 *   npm run bench:students -- [--shape 0.5b,1.7b] [--dtype fp32,fp16,q4f16] [--lengths 1k,4k,32k]
 *                             [--node] [--browser] [--table]   (--table: print what is kept, run nothing)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../e2e/chromiumArgs';
import { loadNodeStudent } from '../src/cli/loadNodeStudent';
import { scoreTrajectories } from '../src/core/run/scoreTrajectories';
import { DEFAULT_CHUNK_BUDGET } from '../src/core/score/chunkLength';
import type { Trajectory } from '../src/core/types';
import { nearestTrajectories, scoreOnce, singleDtypeFolder } from './appRuns';
import { startPreview } from './preview';

const ROOT = path.resolve(import.meta.dirname, '..');
const GENERATED = path.join(ROOT, 'generated');
const STORE = path.join(ROOT, 'node_modules/.cache/rsr-lens/bench-students.json');
/** The token count of each length's trajectory, for estimates of lengths no cell ran. */
const STORE_LENGTHS = path.join(path.dirname(STORE), 'bench-students-lengths.json');
const PREVIEW_PORT = Number(process.env.BENCH_PREVIEW_PORT ?? 5307);
const TIMEOUT = 3 * 3600_000;

const SHAPES = { '0.5b': 'qwen2.5-0.5b', '1.7b': 'qwen3-1.7b' } as const;
type Shape = keyof typeof SHAPES;
const DTYPES = ['fp32', 'fp16', 'q4f16'] as const;
type BenchDtype = (typeof DTYPES)[number];
const LENGTHS = { '1k': 1024, '4k': 4096, '32k': 32768 } as const;
type Length = keyof typeof LENGTHS;
type Target = 'node' | 'browser';

/** One length scored: the trajectory's tokens and the seconds it took. */
interface LengthRun {
  tokens: number;
  seconds: number;
}

/** One shape × dtype × target: what was measured, or why it could not load. */
interface Cell {
  target: Target;
  shape: Shape;
  dtype: BenchDtype;
  /** When it was measured, and the load average then (the machine is shared). */
  at: string;
  loadAverage: number;
  /** Seconds from nothing to a student ready to score (browser: Score pressed to the first chunk, warm-up included). */
  loadSeconds?: number;
  /** MiB: Node, the process' VmHWM; browser, the largest sampled renderer + GPU process RSS. */
  peakMiB?: number;
  /** MiB at the end of loading, before any scoring (Node: VmHWM then). */
  loadPeakMiB?: number;
  runs: Partial<Record<Length, LengthRun>>;
  /** Lengths whose scoring failed, with the error. */
  failures?: Partial<Record<Length, string>>;
  /** The app's (or the CLI's) own message when it would not load the student. */
  refused?: string;
  file?: string;
}

const cellKey = (c: Pick<Cell, 'target' | 'shape' | 'dtype'>) => `${c.target} ${c.shape} ${c.dtype}`;

function readStore(): Record<string, Cell> {
  return fs.existsSync(STORE) ? JSON.parse(fs.readFileSync(STORE, 'utf8')) : {};
}

function keep(cell: Cell): void {
  const all = readStore();
  const old = all[cellKey(cell)];
  // A run of some lengths keeps the lengths an earlier run measured, and the higher peak.
  if (old && !cell.refused && !old.refused) {
    const runs = { ...old.runs, ...cell.runs };
    const failures = Object.fromEntries(Object.entries({ ...old.failures, ...cell.failures }).filter(([l]) => !cell.runs[l as Length]));
    all[cellKey(cell)] = { ...cell, runs, failures, peakMiB: Math.max(old.peakMiB ?? 0, cell.peakMiB ?? 0) || undefined };
  } else all[cellKey(cell)] = cell;
  fs.mkdirSync(path.dirname(STORE), { recursive: true });
  fs.writeFileSync(STORE, JSON.stringify(all, null, 2));
}

/** The generated folder of a shape; never generated here (15 GB): say how to make it. */
function studentDir(shape: Shape): string {
  const roots = fs.existsSync(GENERATED) ? fs.readdirSync(GENERATED).filter((d) => d.startsWith('real-')) : [];
  const dir = roots.map((r) => path.join(GENERATED, r, SHAPES[shape])).find((d) => fs.existsSync(path.join(d, 'config.json')));
  if (!dir) throw new Error(`no generated ${SHAPES[shape]} student in generated/: run \`npm run students -- --real ${SHAPES[shape]}\` first`);
  return dir;
}

/** The real trajectory nearest each length (nearestTrajectories), their token counts kept for estimates. */
async function pickTrajectories(lengths: Length[]): Promise<Record<Length, { trajectory: Trajectory; tokens: number }>> {
  const out = await nearestTrajectories(LENGTHS);
  fs.mkdirSync(path.dirname(STORE_LENGTHS), { recursive: true });
  fs.writeFileSync(STORE_LENGTHS, JSON.stringify(Object.fromEntries(Object.entries(out).map(([l, t]) => [l, t.tokens]))));
  return Object.fromEntries(lengths.map((l) => [l, out[l]])) as Record<Length, { trajectory: Trajectory; tokens: number }>;
}

const loadAverage = () => os.loadavg()[0];
const settings = { clip: 100, template: 'qwen' as const, maxTokens: 0, chunkBudgetBytes: DEFAULT_CHUNK_BUDGET };

/** /proc/<pid>/status VmHWM or VmRSS, MiB. */
function procMiB(pid: number | 'self', field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0; // the process is gone
  }
}

/** In the child: load through the CLI's loader, score each length on its own. */
async function nodeCell(shape: Shape, dtype: BenchDtype, picked: Record<string, { trajectory: Trajectory; tokens: number }>): Promise<Cell> {
  const cell: Cell = { target: 'node', shape, dtype, at: new Date().toISOString(), loadAverage: loadAverage(), runs: {} };
  const start = performance.now();
  const student = await loadNodeStudent({ model: studentDir(shape), dtype });
  cell.loadSeconds = (performance.now() - start) / 1000;
  cell.loadPeakMiB = procMiB('self', 'VmHWM');
  cell.file = student.file;
  for (const [length, { trajectory, tokens }] of Object.entries(picked)) {
    const t0 = performance.now();
    try {
      const result = await scoreTrajectories([trajectory], student, settings);
      if (result.stats.trajectories !== 1) throw new Error('the trajectory was skipped');
    } catch (err) {
      cell.failures = { ...cell.failures, [length]: (err as Error).message };
      process.stderr.write(`  node ${shape} ${dtype} ${length}: failed: ${(err as Error).message}\n`);
      continue;
    }
    cell.runs[length as Length] = { tokens, seconds: (performance.now() - t0) / 1000 };
    process.stderr.write(`  node ${shape} ${dtype} ${length}: ${tokens} tokens in ${cell.runs[length as Length]!.seconds.toFixed(1)} s\n`);
  }
  cell.peakMiB = procMiB('self', 'VmHWM');
  return cell;
}

/** Every process below `root` whose command line names Chromium's renderer or GPU process. */
function chromiumPids(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const ppid = Number(/\) \S+ (\d+)/.exec(fs.readFileSync(`/proc/${name}/stat`, 'utf8'))![1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      try {
        if (/--type=(renderer|gpu-process)/.test(fs.readFileSync(`/proc/${c}/cmdline`, 'utf8'))) out.push(c);
      } catch {
        // gone
      }
      walk(c);
    }
  };
  walk(root);
  return out;
}

/** Samples the tab's memory (renderer + GPU process RSS, summed) every 200 ms; `peak` is the largest sum. */
function memorySampler(): { peak: () => number; stop: () => void } {
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, chromiumPids(process.pid).reduce((n, pid) => n + procMiB(pid, 'VmRSS'), 0));
  }, 200);
  return { peak: () => peak, stop: () => clearInterval(timer) };
}

/** The built app in Chromium on WASM, the student a dropped model folder with the dtype asked for. */
async function browserCell(url: string, shape: Shape, dtype: BenchDtype, picked: Record<string, { trajectory: Trajectory; tokens: number }>): Promise<Cell> {
  const cell: Cell = { target: 'browser', shape, dtype, at: new Date().toISOString(), loadAverage: loadAverage(), runs: {} };
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const memory = memorySampler();
  try {
    const page = await (await browser.newContext({ baseURL: url })).newPage();
    await page.goto('/?device=wasm');
    await page.getByLabel('Dtype').selectOption(dtype === 'q4f16' ? 'auto' : dtype);
    await page.getByLabel('Student model').selectOption('files');
    await page.getByLabel('Choose model folder…').setInputFiles(singleDtypeFolder(studentDir(shape), dtype, path.join(ROOT, 'scratch/bench-students', dtype, SHAPES[shape])));
    await page.getByText(`Student set to the dropped model folder "${SHAPES[shape]}"`).waitFor();
    let first = true;
    for (const [length, { trajectory, tokens }] of Object.entries(picked)) {
      const text = JSON.stringify({ ...trajectory, id: `${trajectory.id}-${length}` }) + '\n';
      await page.getByLabel('Choose files…').setInputFiles([{ name: `${length}.jsonl`, mimeType: 'application/jsonl', buffer: Buffer.from(text) }]);
      const { run, error, wallSeconds } = await scoreOnce(page, TIMEOUT);
      if (error && /while loading the student/.test(error)) {
        cell.refused = error;
        break;
      }
      if (error) {
        cell.failures = { ...cell.failures, [length]: error };
        continue;
      }
      if (run!.trajectories !== 1 || run!.tokens !== tokens) throw new Error(`browser ${shape} ${dtype} ${length}: scored ${run!.trajectories} trajectories, ${run!.tokens} tokens (expected 1, ${tokens})`);
      if (first) cell.loadSeconds = wallSeconds - run!.seconds;
      first = false;
      cell.runs[length as Length] = { tokens, seconds: run!.seconds };
      process.stderr.write(`  browser ${shape} ${dtype} ${length}: ${tokens} tokens in ${run!.seconds.toFixed(1)} s\n`);
    }
    const loaded = page.locator('.model-line').first();
    if (await loaded.count()) cell.file = (await loaded.textContent())?.trim();
  } finally {
    memory.stop();
    cell.peakMiB = memory.peak();
    await browser.close();
  }
  return cell;
}

const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Each length's trajectory tokens, as the last pick counted them. */
function lengthTokens(): Record<Length, number> {
  return fs.existsSync(STORE_LENGTHS) ? JSON.parse(fs.readFileSync(STORE_LENGTHS, 'utf8')) : { ...LENGTHS };
}

/**
 * Seconds for a length a cell did not run: its longest shorter measured run, grown step by step
 * (1k → 4k → 32k) by the time ratio that step took on this cell, else on another cell of the same
 * shape and target (then the other target). A step no cell ran is grown by a fit t = a·n + b·n²
 * (linear work plus attention over the context) through the two lengths the cell, or its peer, ran.
 */
function estimate(cell: Cell, length: Length, cells: Cell[]): { seconds: number; tokens: number; from: string } | undefined {
  const order: Length[] = ['1k', '4k', '32k'];
  const tokens = lengthTokens();
  // Nearest first: the cell, the same target's other dtypes, then the other target (its same dtype first).
  const others = cells.filter((c) => c !== cell && c.shape === cell.shape);
  const sameDtypeFirst = (a: Cell, b: Cell) => Number(b.dtype === cell.dtype) - Number(a.dtype === cell.dtype);
  // Last resort: the other shape, the same target first (its layers differ, so only its growth with length is borrowed).
  const otherShape = cells.filter((c) => c.shape !== cell.shape).sort((a, b) => Number(b.target === cell.target) - Number(a.target === cell.target) || sameDtypeFirst(a, b));
  const peers = [cell, ...others.filter((c) => c.target === cell.target), ...others.filter((c) => c.target !== cell.target).sort(sameDtypeFirst), ...otherShape];
  const name = (c: Cell) => (c === cell ? 'its own' : `${c.target} ${c.shape === cell.shape ? '' : SHAPES[c.shape] + ' '}${c.dtype}'s`);
  const step = (a: Length, b: Length): { ratio: number; from: string } | undefined => {
    const peer = peers.find((c) => c.runs[a] && c.runs[b]);
    if (peer) return { ratio: peer.runs[b]!.seconds / peer.runs[a]!.seconds, from: peer === cell ? '' : `growth ${a}→${b} measured on ${name(peer)}` };
    const fitted = peers.find((c) => c.runs['1k'] && c.runs['4k']);
    if (!fitted) return undefined;
    const [x, y] = [fitted.runs['1k']!, fitted.runs['4k']!];
    // Solve t = a·n + b·n² through both runs; on a shared machine the two runs may see different
    // loads and give b < 0, which no scorer has (work per token never falls with context): then linear.
    const b2 = Math.max(0, (y.seconds / y.tokens - x.seconds / x.tokens) / (y.tokens - x.tokens));
    const a1 = b2 ? x.seconds / x.tokens - b2 * x.tokens : y.seconds / y.tokens;
    const t = (n: number) => a1 * n + b2 * n * n;
    return { ratio: t(tokens[b]) / t(tokens[a]), from: `a·n + b·n² fitted to ${name(fitted)} 1k and 4k times` };
  };
  const target = order.indexOf(length);
  const base = order.filter((l, i) => i < target && cell.runs[l]).at(-1);
  if (!base) return undefined;
  let seconds = cell.runs[base]!.seconds;
  const from: string[] = [];
  for (let i = order.indexOf(base); i < target; i++) {
    const s = step(order[i], order[i + 1]);
    if (!s) return undefined;
    seconds *= s.ratio;
    if (s.from) from.push(s.from);
  }
  return { seconds, tokens: tokens[length], from: from.join('; ') };
}

function printTable(): void {
  const cells = Object.values(readStore()).sort((a, b) => cellKey(a).localeCompare(cellKey(b)));
  if (!cells.length) {
    console.log('bench:students: nothing measured yet');
    return;
  }
  const tokens = lengthTokens();
  const head = (l: Length) => `${l} (${fmt(tokens[l])}) tok/s`;
  const notes: string[] = [];
  const rows = [['target', 'shape', 'dtype', 'load s', 'peak MiB', head('1k'), head('4k'), head('32k'), '4k/1k time', '32k/4k time']];
  for (const c of cells) {
    const label = [c.target === 'node' ? 'Node (cpu)' : 'Chromium (wasm)', SHAPES[c.shape], c.dtype];
    if (c.refused) {
      // The app's own reason, without the notice's frame ("The model worker failed while loading …: ", "Every result …").
      const reason = c.refused.replace(/^.*?while loading the student[^:]*: /, '').replace(/\s*Every result.*$/, '');
      rows.push([...label, '–', c.peakMiB ? fmt(c.peakMiB) : '–', `refused: ${reason}`]);
      continue;
    }
    const times: Partial<Record<Length, { seconds: number; tokens: number; estimated: boolean }>> = {};
    const rate = (l: Length) => {
      const run = c.runs[l];
      if (run) {
        times[l] = { ...run, estimated: false };
        return fmt(run.tokens / run.seconds, 1);
      }
      if (c.failures?.[l]) return 'failed';
      const e = estimate(c, l, cells);
      if (!e) return '–';
      times[l] = { seconds: e.seconds, tokens: e.tokens, estimated: true };
      notes.push(`${label.join(' ')} ${l}: estimated ${fmt(e.seconds / 60, 1)} min${e.from ? ` (${e.from})` : ''}`);
      return `~${fmt(e.tokens / e.seconds, 1)}`;
    };
    const rates = (['1k', '4k', '32k'] as Length[]).map(rate);
    const ratio = (a: Length, b: Length) => {
      const x = times[a];
      const y = times[b];
      if (!x || !y) return '–';
      return `${x.estimated || y.estimated ? '~' : ''}${fmt(y.seconds / x.seconds, 2)}× (linear ${fmt(y.tokens / x.tokens, 2)}×)`;
    };
    rows.push([...label, c.loadSeconds === undefined ? '–' : fmt(c.loadSeconds, 1), c.peakMiB ? fmt(c.peakMiB) : '–', ...rates, ratio('1k', '4k'), ratio('4k', '32k')]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.filter((r) => r.length === rows[0].length).map((r) => r[i].length)));
  console.log(`rsr-lens bench:students — real-size students with random weights, ${os.cpus().length} cores; tok/s = conversation tokens / seconds of scoring one trajectory`);
  for (const r of rows) console.log(r.length === rows[0].length ? r.map((x, i) => (i < 3 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ') : [...r.slice(0, 3).map((x, i) => x.padEnd(widths[i])), ...r.slice(3, 5).map((x, i) => x.padStart(widths[i + 3])), r[5]].join('  '));
  console.log('peak MiB: Node, the process VmHWM (load and every length); Chromium, the largest sampled sum of the renderer and GPU processes RSS');
  console.log('load s: Node, loadNodeStudent; Chromium, Score pressed to scoring started (file reads, session, warm-up)');
  for (const n of notes) console.log(`~ ${n}`);
  for (const c of cells) for (const [l, why] of Object.entries(c.failures ?? {})) console.log(`failed: ${cellKey(c)} ${l}: ${why}`);
  for (const c of cells) console.log(`  ${cellKey(c)}: measured ${c.at.slice(0, 16).replace('T', ' ')} UTC, load average ${fmt(c.loadAverage, 2)}`);
}

function parseList<T extends string>(flag: string, allowed: readonly T[]): T[] {
  const i = process.argv.indexOf(flag);
  if (i < 0) return [...allowed];
  const asked = process.argv[i + 1].split(',') as T[];
  for (const a of asked) if (!allowed.includes(a)) throw new Error(`${flag}: ${a} is not one of ${allowed.join(', ')}`);
  return asked;
}

async function main(): Promise<void> {
  const cellArg = process.argv.indexOf('--cell');
  if (cellArg > 0) {
    // The child of a Node cell: its picked trajectories come in a file, its result goes out on stdout.
    const { shape, dtype, picked } = JSON.parse(fs.readFileSync(process.argv[cellArg + 1], 'utf8'));
    process.stdout.write(JSON.stringify(await nodeCell(shape, dtype, picked)) + '\n');
    return;
  }
  if (process.argv.includes('--table')) return printTable();
  const shapes = parseList('--shape', Object.keys(SHAPES) as Shape[]);
  const dtypes = parseList('--dtype', DTYPES);
  const lengths = parseList('--lengths', Object.keys(LENGTHS) as Length[]);
  const targets: Target[] = process.argv.includes('--node') || process.argv.includes('--browser') ? (['node', 'browser'] as Target[]).filter((t) => process.argv.includes(`--${t}`)) : ['node', 'browser'];
  const picked = await pickTrajectories(lengths);
  for (const l of lengths) console.error(`${l}: ${picked[l].trajectory.id} (${picked[l].trajectory.teacher}), ${fmt(picked[l].tokens)} tokens`);

  if (targets.includes('node')) {
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'rsr-bench-students-'));
    for (const shape of shapes) {
      for (const dtype of dtypes) {
        const job = path.join(temp, `${shape}-${dtype}.json`);
        fs.writeFileSync(job, JSON.stringify({ shape, dtype, picked }));
        const out = execFileSync(process.execPath, [...process.execArgv, import.meta.filename, '--cell', job], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 2 ** 26 });
        keep(JSON.parse(out.trim().split('\n').at(-1)!));
      }
    }
    fs.rmSync(temp, { recursive: true, force: true });
  }
  if (targets.includes('browser')) {
    if (!process.argv.includes('--no-build')) execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    const { url, stop } = await startPreview(PREVIEW_PORT);
    try {
      for (const shape of shapes) for (const dtype of dtypes) keep(await browserCell(url, shape, dtype, picked));
    } finally {
      stop();
    }
  }
  printTable();
}

await main();
