import { resultCut } from '../core/metrics/teacherCuts';
import { teacherTotals } from '../core/metrics/teacherTotals';
import { contentHash } from '../core/parse/contentHash';
import { type FieldMap, parseFieldMap } from '../core/parse/fieldMap';
import { readInputFile } from '../core/parse/readInputFile';
import { addWork, etaEstimator, etaText, NO_WORK, segmentWork, subtractWork } from '../core/run/etaEstimator';
import { provenanceOf, type RunStats, type ScoreSettings, type Student, scoreTrajectories } from '../core/run/scoreTrajectories';
import { plural } from '../core/plural';
import { TemplateLimitError } from '../core/tokenize/chatTemplate';
import { countTokens } from '../core/tokenize/tokenizeTrajectory';
import { DEFAULT_CHUNK_BUDGET } from '../core/score/chunkLength';
import { DTYPES, type Dtype } from '../core/score/dtype';
import { TEMPLATE_MODES, type TemplateMode } from '../core/tokenize/responseMarkers';
import type { InputError, Provenance, ScoredTrajectory, Trajectory } from '../core/types';
import { checkDevice } from './deviceSupport';
import type { InputPath } from './inputPaths';
import { type NodeDevice, type NodeStudent, loadNodeStudent } from './loadNodeStudent';
import { type ServerStudent, loadServerStudent } from './loadServerStudent';
import { nodeInputFile } from './nodeInputFile';
import { formatSeconds, progressBar, type ProgressState } from './progressBar';
import { type RowLog, rowLog } from './rowLog';
import { API_KEY_ENV } from './serveCommand';
import { printable } from './terminalText';
import { UsageError } from './usageError';

export { UsageError } from './usageError';

export const SCORE_OPTIONS = {
  model: { type: 'string' },
  dtype: { type: 'string', default: 'auto' },
  device: { type: 'string', default: 'cpu' },
  clip: { type: 'string', default: '100' },
  template: { type: 'string', default: 'auto' },
  'max-tokens': { type: 'string', default: '0' },
  'chunk-mib': { type: 'string', default: String(DEFAULT_CHUNK_BUDGET / 2 ** 20) },
  out: { type: 'string' },
  'out-dir': { type: 'string' },
  map: { type: 'string' },
  resume: { type: 'boolean', default: false },
  shard: { type: 'string' },
  tokens: { type: 'boolean', default: false },
  js: { type: 'boolean', default: false },
  server: { type: 'string' },
  'api-key': { type: 'string' },
  'in-flight': { type: 'string', default: '4' },
  timeout: { type: 'string', default: '600' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The student to load (`--model`, `--dtype`, `--js`) and how to score with it. */
export interface ScoreFilesOptions extends ScoreSettings {
  model?: string;
  dtype: Dtype | 'auto';
  js: boolean;
  /** onnxruntime-node execution provider: cpu, or a GPU provider (cuda) where installed. */
  device: NodeDevice;
  fieldMap?: FieldMap;
  /** 0-based shard index and count (`--shard I/N` is 1-based). */
  shard?: { index: number; count: number };
  /** `--server URL[,URL…]`: servers score instead of onnxruntime here (loadServerStudent.ts). */
  servers?: ServerOptions;
}

/** How `score --server` reaches its servers. */
export interface ServerOptions {
  urls: string[];
  /** --api-key, else the RSR_LENS_API_KEY environment variable. */
  apiKey?: string;
  /** Requests in flight per server. */
  inFlight: number;
  timeoutMs: number;
}

function positiveNumber(name: string, value: string, { integer = false, zero = false } = {}): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (!zero && n === 0) || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${name} must be a ${integer ? 'whole' : ''} number${zero ? ' ≥ 0' : ' > 0'}, got "${value}"`);
  }
  return n;
}

export function scoreOptions(values: Record<string, string | boolean | undefined>): ScoreFilesOptions {
  const dtype = values.dtype as string;
  if (!['auto', ...DTYPES].includes(dtype)) throw new UsageError(`--dtype must be auto, ${DTYPES.join(', ')}, got "${dtype}"`);
  const device = values.device as string;
  if (!['cpu', 'cuda'].includes(device)) throw new UsageError(`--device must be cpu or cuda, got "${device}"`);
  const template = values.template as string;
  if (!TEMPLATE_MODES.includes(template as TemplateMode)) throw new UsageError(`--template must be auto, qwen or llama3, got "${template}"`);
  return {
    model: values.model as string | undefined,
    dtype: dtype as Dtype | 'auto',
    device: device as NodeDevice,
    clip: positiveNumber('clip', values.clip as string, { integer: true }),
    template: template as TemplateMode,
    maxTokens: positiveNumber('max-tokens', values['max-tokens'] as string, { integer: true, zero: true }),
    chunkBudgetBytes: positiveNumber('chunk-mib', values['chunk-mib'] as string) * 2 ** 20,
    js: values.js as boolean,
    ...(values.map !== undefined && { fieldMap: fieldMapOption(values.map as string) }),
    ...(values.shard !== undefined && { shard: shardOption(values.shard as string) }),
    ...(values.server !== undefined && { servers: serverOptions(values) }),
  };
}

function serverOptions(values: Record<string, string | boolean | undefined>): ServerOptions {
  const urls = (values.server as string).split(',').map((u) => u.trim()).filter(Boolean);
  if (!urls.length) throw new UsageError('--server needs a URL, e.g. --server http://gpu1:8000,http://gpu2:8000');
  // The server computes: what --dtype, --device and --js choose here does not exist there.
  for (const [flag, isSet] of [['--dtype', values.dtype !== 'auto'], ['--device', values.device !== 'cpu'], ['--js', !!values.js]] as const) {
    if (isSet) throw new UsageError(`${flag} chooses how onnxruntime runs here; with --server the server computes (start it with the dtype and device you want)`);
  }
  return {
    urls,
    apiKey: ((values['api-key'] as string | undefined) ?? process.env[API_KEY_ENV]) || undefined,
    inFlight: positiveNumber('in-flight', values['in-flight'] as string, { integer: true }),
    timeoutMs: positiveNumber('timeout', values.timeout as string) * 1000,
  };
}

function fieldMapOption(spec: string): FieldMap {
  try {
    return parseFieldMap(spec);
  } catch (e) {
    throw new UsageError(`--map: ${(e as Error).message} (e.g. --map prompt=question,response=teacher_output,id=uid,teacher=model)`);
  }
}

function shardOption(spec: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  const [i, n] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!(n >= 1 && i >= 1 && i <= n)) throw new UsageError(`--shard must be I/N with 1 ≤ I ≤ N, e.g. --shard 1/4, got "${spec}"`);
  return { index: i - 1, count: n };
}

/**
 * The shard a trajectory belongs to, from its content hash: the same on every machine whatever the
 * order or paths of the files, so N machines given the same inputs and `--shard 1/N` … `N/N`
 * score disjoint parts that together are the whole.
 */
export const shardOf = (hash: string, count: number) => parseInt(hash.slice(0, 8), 16) % count;

/** A result's identity for --resume: who wrote it, under which id, and what the student saw. */
export const resumeKey = (teacher: string, id: string, hash: string) => `${teacher}\u0000${id}\u0000${hash}`;

/** What a run of `score` did, beyond the results it handed out. */
export interface RunOutcome {
  /** Rows that could not be read or scored: `file:line — reason`. */
  errors: RowLog;
  /** Rows scored with a caveat (longer than the model's context). */
  warnings: RowLog;
  stats: RunStats;
  /** Eq. 9 sums per teacher of what this run scored. */
  totals: ReturnType<typeof teacherTotals>;
  /** Stopped by Ctrl-C (or isCancelled) before the end. */
  cancelled: boolean;
  provenance?: Provenance;
  /** Trajectories left out because --resume found them scored already. */
  resumed: number;
  /** What stopped the run early (a chat template past its limits, a model that fails): results before it stand. */
  fatal?: Error;
  /** The ONNX file the student was loaded from, its bytes and why it was chosen; or the servers that scored. */
  student: NodeStudent['files'] | { servers: string[]; dropped: string[] };
}

export interface RunHooks {
  /** Each result as soon as it is scored, with its input and content hash. */
  onResult: (r: ScoredTrajectory, input: InputPath, hash: string) => void;
  /** --resume: true when this trajectory is already in the output (called once per trajectory, in order). */
  isDone?: (key: string) => boolean;
  isCancelled?: () => boolean;
  /** The loaded student, before anything is scored (for --resume's settings check). */
  onStudent?: (student: Student, provenance: Provenance) => void;
  /** Every file has been read once (and isDone asked for each trajectory), before anything is scored: --resume drops what the input no longer has. */
  onCounted?: () => void | Promise<void>;
  /** Where rows not scored go (default: the first 50 kept, the rest counted). */
  errors?: RowLog;
  /** Every state of the progress bar, as it is given one (the bar itself shows some of them). */
  onProgress?: (state: ProgressState) => void;
}

/** Trajectories handed to the scorer at a time: results stream out, memory stays that of one batch. */
const BATCH = 16;

/**
 * A trajectory's tokens as scoring will feed them (its template and tokenizer, the max-tokens
 * cap); 0 for one the template refuses (skipped then too). After a template past its limits, which
 * stops the run at that row, the rest are not rendered again: estimated from their characters.
 */
function tokenCounter(student: Student, settings: ScoreSettings): (t: Trajectory) => number {
  let isStopped = false;
  return (t) => {
    if (!isStopped) {
      try {
        return countTokens(student.tokenizer, t.messages, settings.maxTokens);
      } catch (e) {
        if (!(e instanceof TemplateLimitError)) return 0;
        isStopped = true;
      }
    }
    const estimate = Math.round(t.messages.reduce((n, m) => n + m.content.length, 0) / 4);
    return settings.maxTokens > 0 ? Math.min(estimate, settings.maxTokens) : estimate;
  };
}

/**
 * Score the trajectories of `inputs` with the student, streaming: files are read twice, once to
 * count (the tokens, for the progress total and the ETA; the shard; --resume) and once to score,
 * BATCH trajectories at a time, so memory depends on the longest trajectory, not on how many
 * there are. Results go to `hooks.onResult` as they come; the summary keeps sums per teacher
 * only. Shared by `score` and `select`.
 */
export async function scoreFiles(inputs: readonly InputPath[], options: ScoreFilesOptions, hooks: RunHooks): Promise<RunOutcome> {
  checkDevice(options.device);
  const errors = hooks.errors ?? rowLog({ keep: SHOWN_ROWS });
  const warnings = rowLog({ keep: SHOWN_WARNINGS });
  const totals = teacherTotals();
  const parseOptions = (input: InputPath) => ({ name: input.name, teacher: input.teacher, fieldMap: options.fieldMap });
  const inShard = (hash: string) => !options.shard || shardOf(hash, options.shard.count) === options.shard.index;
  // A row that cannot be parsed has no hash: shards split those by line, so each is reported once.
  const errorInShard = (e: InputError) => !options.shard || e.line % options.shard.count === options.shard.index;

  const bar = progressBar();
  const show = (state: ProgressState) => {
    bar.update(state);
    hooks.onProgress?.(state);
  };
  const dropped: string[] = [];
  const onDropped = (url: string, reason: string) => {
    dropped.push(reason);
    bar.done();
    process.stderr.write(`note: ${printable(reason.startsWith(url) ? reason : `${url}: ${reason}`)}; its work goes to the others\n`);
  };
  const student: NodeStudent | ServerStudent = options.servers
    ? await loadServerStudent({ ...options.servers, model: options.model, onDropped })
    : await loadNodeStudent({
    model: options.model,
    dtype: options.dtype,
    device: options.device,
    path: options.js ? 'js' : 'auto',
    onDownload: (file, loaded, total) => show({ done: loaded, total, unit: 'bytes', label: `downloading ${file}` }),
  }).catch((e: unknown) => {
    // A provider that is installed can still fail to start (no GPU, no driver): say which one, and the way out.
    if (options.device === 'cpu') throw e;
    throw new Error(`--device ${options.device}: onnxruntime-node could not start it (${(e as Error).message}); use --device cpu, or check the GPU and its driver`);
  });
  const settings = { clip: options.clip, template: options.template, maxTokens: options.maxTokens, chunkBudgetBytes: options.chunkBudgetBytes };

  // Pass 1: what this run will score, and how many tokens it will feed — counted with the
  // student's own template and tokenizer, so the progress total is exact from the start and the
  // percentage moves with every chunk (an estimate from characters grew with each long trajectory).
  const selected: Uint8Array[] = [];
  /** Tokens of each selected trajectory, in order. */
  const lengths: number[] = [];
  let resumed = 0;
  try {
    const count = tokenCounter(student, settings);
    for (const input of inputs) {
      const flags: number[] = [];
      for await (const item of readInputFile(nodeInputFile(input.path, input.name), parseOptions(input))) {
        if (item.kind === 'error') {
          if (errorInShard(item.error)) errors.add(item.error);
          continue;
        }
        const t = item.trajectory;
        const hash = await contentHash(t.messages);
        let take = inShard(hash);
        if (take && hooks.isDone?.(resumeKey(t.teacher, t.id, hash))) {
          take = false;
          resumed++;
        }
        flags.push(take ? 1 : 0);
        if (!take) continue;
        lengths.push(count(t));
        if (lengths.length % 100 === 1) show({ done: 0, total: 0, unit: 'tokens', label: `counting: ${plural(lengths.length, 'trajectory', 'trajectories')}` });
      }
      selected.push(Uint8Array.from(flags));
    }
  } catch (e) {
    await student.scorer.release();
    throw e;
  }
  await hooks.onCounted?.();
  if (student.scorer.fallbackReason) process.stderr.write(`note: scoring in JavaScript (${printable(student.scorer.fallbackReason)})\n`);

  const stats: RunStats = { trajectories: 0, tokens: 0, seconds: 0 };
  let fatal: Error | undefined;
  let provenance: Provenance | undefined;
  let cancelled = false;
  const totalTokens = lengths.reduce((a, b) => a + b, 0);
  const totalWork = lengths.reduce((w, n) => addWork(w, segmentWork(0, n)), NO_WORK);
  /** Tokens and whole work of the batches begun, and of those finished. */
  let begunWork = NO_WORK;
  let finishedTokens = 0;
  let finished = 0;
  const eta = etaEstimator();
  const started = performance.now();
  let lastCall = started;
  const isCancelled = () => cancelled || (cancelled = !!hooks.isCancelled?.());

  async function run(batch: { trajectory: Trajectory; input: InputPath; hash: string; tokens: number }[]) {
    begunWork = batch.reduce((w, b) => addWork(w, segmentWork(0, b.tokens)), begunWork);
    const outcome = await scoreTrajectories(batch.map((b) => b.trajectory), student, settings, {
      onScored: (i, r) => {
        totals.add(undefined, r.teacher, r.metrics, resultCut(r));
        hooks.onResult(r, batch[i].input, batch[i].hash);
      },
      onSkipped: (_, error) => errors.add(error),
      onWarning: (_, warning) => warnings.add(warning),
      isCancelled,
      onProgress: (p) => {
        const now = performance.now();
        eta.observe(p.work, (now - lastCall) / 1000);
        lastCall = now;
        const done = finishedTokens + p.doneTokens;
        show({
          done,
          total: totalTokens,
          unit: 'tokens',
          rate: done / Math.max((now - started) / 1000, 1e-3),
          eta: etaText(eta.estimate(addWork(subtractWork(totalWork, begunWork), p.remaining)), formatSeconds),
          label: `${(finished + p.index + 1).toLocaleString('en-US')}/${plural(lengths.length, 'trajectory', 'trajectories')}`,
        });
      },
    });
    provenance = outcome.provenance;
    finishedTokens += batch.reduce((n, b) => n + b.tokens, 0);
    finished += batch.length;
    stats.trajectories += outcome.stats.trajectories;
    stats.tokens += outcome.stats.tokens;
    if (outcome.cancelled) cancelled = true;
  }

  try {
    hooks.onStudent?.(student, provenanceOf(student, settings));
    // Pass 2: score what pass 1 selected, in input order.
    let batch: { trajectory: Trajectory; input: InputPath; hash: string; tokens: number }[] = [];
    let taken = 0;
    outer: for (const [f, input] of inputs.entries()) {
      let ordinal = 0;
      for await (const item of readInputFile(nodeInputFile(input.path, input.name), parseOptions(input))) {
        if (item.kind === 'error') continue;
        if (!selected[f][ordinal++]) continue;
        batch.push({ trajectory: item.trajectory, input, hash: await contentHash(item.trajectory.messages), tokens: lengths[taken++] });
        // Servers take a queue of conversations at once (longest first among them).
        if (batch.length >= (student.scorer.kind === 'server' ? student.scorer.window : BATCH)) {
          await run(batch);
          batch = [];
          if (cancelled) break outer;
        }
      }
    }
    if (batch.length && !cancelled) await run(batch);
  } catch (e) {
    fatal = e instanceof Error ? e : new Error(String(e));
  } finally {
    bar.done();
    stats.seconds = (performance.now() - started) / 1000;
    await student.scorer.release();
  }
  const used = 'files' in student ? student.files : { servers: student.scorer.servers.map((s) => s.url), dropped };
  return { errors, warnings, stats, totals, cancelled, provenance, resumed, student: used, ...(fatal && { fatal }) };
}

/** Where a row is: `file:line`, or just the file for a problem with the file as a whole. */
const where = (e: InputError) => (e.line ? `${e.file}:${e.line}` : e.file);

/** Rows not scored shown on the terminal; past them, the full list goes to `<out>.skipped.tsv` (rowLog.ts). */
export const SHOWN_ROWS = 50;
const SHOWN_WARNINGS = 10;

/** The skip (or warning) list on stderr: the rows shown, then how many more (and the file that lists them all). */
export function reportErrors(errors: readonly InputError[] | RowLog, { title = 'not scored', limit = Infinity }: { title?: string; limit?: number } = {}): void {
  const count = 'count' in errors ? errors.count : errors.length;
  const shown = 'count' in errors ? errors.first : errors;
  const fullList = 'count' in errors ? errors.file : undefined;
  if (!count) return;
  process.stderr.write(`\n${plural(count, 'row', 'rows')} ${title}:\n`);
  for (const e of shown.slice(0, limit)) process.stderr.write(`  ${printable(where(e))} — ${printable(e.reason)}\n`);
  const shownCount = Math.min(shown.length, limit);
  if (count > shownCount) process.stderr.write(`  … and ${(count - shownCount).toLocaleString('en-US')} more${fullList ? `, all listed in ${printable(fullList)}` : ''}\n`);
}
