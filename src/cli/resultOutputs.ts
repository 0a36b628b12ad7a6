import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileWriter } from 'hyparquet-writer/src/node.js';
import { type AuthorsSample, authorsPaths, type DatasetPath, inferredRecord, rsrTsv, sampleMetricsLine } from '../core/export/authorsLayout';
import { parquetRowWriter } from '../core/export/parquetRowWriter';
import { INFERRED_COLUMNS, RESULT_COLUMNS } from '../core/export/resultColumns';
import { recordCut } from '../core/import/recordCut';
import { teacherTotals } from '../core/metrics/teacherTotals';
import { parquetRows } from '../core/parquet/parquetRows';
import type { InputPath } from './inputPaths';
import { nodeInputFile } from './nodeInputFile';
import { resumeKey } from './scoreFiles';
import { UsageError } from './usageError';
import { writeFailure } from './writeFailure';

/** Where a run of `score` writes: `--out FILE` (JSONL, or parquet by extension), `--out-dir DIR`, or both. */
export interface OutputTargets {
  out?: string;
  outDir?: string;
  /** `--tokens`: the JSONL keeps the per-token arrays. */
  tokens: boolean;
}

/** The per-token fields of a result line (see resultLine). */
const TOKEN_FIELDS = ['resp_token_positions', 'nlls', 'ranks', 'token_ids'];

export const isParquetPath = (file: string) => /\.parquet$/i.test(file);

/**
 * The journal: every result appended as one JSON line the moment it is scored, with one write
 * call, so a killed run leaves at most one partial line (which --resume drops). The outputs are
 * built from it at the end, each written to a temporary file and renamed over its target, so an
 * output is either the previous file or a complete new one, never half of one. It is deleted
 * after a run that finished; an interrupted run (Ctrl-C, a fatal error) keeps it for --resume.
 */
export function journalPath(targets: OutputTargets): string | undefined {
  if (targets.out) return `${targets.out}.partial.jsonl`;
  if (targets.outDir) return path.join(targets.outDir, 'rsr-lens.partial.jsonl');
  return undefined;
}

/** Whether the journal needs the per-token arrays: for --tokens, parquet, and the reference's layout. */
export const journalHasTokens = (t: OutputTargets) => t.tokens || (!!t.out && isParquetPath(t.out)) || !!t.outDir;

/** Identity of a file on disk (device and inode), so a hard link or `./x` is recognised as `x`. */
function identity(file: string): string | undefined {
  const s = fs.statSync(file, { throwIfNoEntry: false });
  return s ? `${s.dev}:${s.ino}` : undefined;
}

/**
 * Refuses (exit 2) an output that is one of the inputs: writing it would destroy what is being
 * read. Compared by inode when the output exists, else by resolved path.
 */
export function refuseOutputOverInput(outputs: readonly (string | undefined)[], inputs: readonly string[]): void {
  const ids = new Map<string, string>();
  for (const input of inputs) {
    ids.set(path.resolve(input), input);
    const id = identity(input);
    if (id) ids.set(id, input);
  }
  for (const out of outputs) {
    if (!out) continue;
    const hit = ids.get(path.resolve(out)) ?? (identity(out) && ids.get(identity(out)!));
    if (hit) throw new UsageError(`the output ${out} is the input ${hit}: writing it would destroy the input; choose another output file`);
  }
}

/** The settings a result was scored with: --resume continues a file only with the same ones. */
export interface ResumeSettings {
  model?: string;
  /** Undefined for `--dtype auto`: the file is chosen at load, so the caller checks `recorded.dtype` then. */
  dtype?: string;
  rank_clip: number;
  template: string;
  max_tokens: number;
}

const SETTING_KEYS = ['model', 'dtype', 'rank_clip', 'template', 'max_tokens'] as const;

/** The result lines of a finished output: JSONL as it is, parquet rows as JSONL lines (without `probs`). */
async function* outputLines(file: string): AsyncGenerator<string> {
  if (isParquetPath(file)) {
    for await (const { record } of parquetRows(nodeInputFile(file, path.basename(file)))) {
      delete record.probs;
      if (record.max_position_embeddings === null) delete record.max_position_embeddings;
      yield JSON.stringify(record);
    }
    return;
  }
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) if (line.trim()) yield line;
}

/**
 * What --resume finds already scored, as a multiset of resume keys (the same trajectory may
 * occur twice). Reads the journal of an interrupted run when there is one — after dropping a
 * partial last line, truncating the file there so that appending continues on a line boundary —
 * else the finished output, whose lines then start the new journal. Refuses to continue a file
 * scored with other settings: one output, one set of settings.
 */
export async function resumeState(
  targets: OutputTargets,
  journal: string,
  expected: ResumeSettings,
): Promise<{ done: Map<string, number>; count: number; dropped: boolean; recorded: Partial<Record<(typeof SETTING_KEYS)[number], unknown>> }> {
  const done = new Map<string, number>();
  let count = 0;
  let dropped = false;
  const recorded: Partial<Record<(typeof SETTING_KEYS)[number], unknown>> = {};
  const take = (line: string, source: string) => {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line);
    } catch {
      return false;
    }
    for (const key of SETTING_KEYS) {
      recorded[key] ??= record[key];
      if (record[key] !== undefined && expected[key] !== undefined && record[key] !== expected[key]) {
        throw new UsageError(
          `--resume: ${source} was scored with ${key} ${JSON.stringify(record[key])}, this run uses ${JSON.stringify(expected[key])}; resume with the same settings, or write to another output`,
        );
      }
    }
    if (journalHasTokens(targets) && !Array.isArray(record.nlls)) {
      throw new UsageError(`--resume: ${source} has no per-token arrays (scored without --tokens, parquet or --out-dir), which these outputs need; resume with the outputs the run started with`);
    }
    const key = resumeKey(String(record.teacher), String(record.sample_id), String(record.content_hash));
    done.set(key, (done.get(key) ?? 0) + 1);
    count++;
    return true;
  };
  if (fs.existsSync(journal)) {
    dropped = dropPartialLine(journal);
    let n = 0;
    for await (const line of outputLines(journal)) {
      n++;
      if (!take(line, journal)) throw new UsageError(`--resume: ${journal}:${n} is not a result line; move the file away to start afresh`);
    }
    return { done, count, dropped, recorded };
  }
  const finished = targets.out && fs.existsSync(targets.out) ? targets.out : undefined;
  if (finished) {
    const fd = fs.openSync(journal, 'w');
    try {
      for await (const line of outputLines(finished)) {
        if (!take(line, finished)) throw new UsageError(`--resume: ${finished} holds a line that is not a result; it cannot be continued`);
        fs.writeSync(fd, line + '\n');
      }
    } finally {
      fs.closeSync(fd);
    }
  }
  return { done, count, dropped, recorded };
}

/**
 * Truncates a file after its last newline: what a kill in the middle of a write leaves behind is
 * at most one partial line, at the end. Reads only the tail. True when something was dropped.
 */
function dropPartialLine(file: string): boolean {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r+');
  try {
    const block = Buffer.alloc(64 * 1024);
    for (let end = size; end > 0; ) {
      const start = Math.max(0, end - block.length);
      const n = fs.readSync(fd, block, 0, end - start, start);
      const nl = block.subarray(0, n).lastIndexOf(0x0a);
      if (nl >= 0) {
        const keep = start + nl + 1;
        if (keep === size) return false;
        fs.ftruncateSync(fd, keep);
        return true;
      }
      end = start;
    }
    if (size) fs.ftruncateSync(fd, 0);
    return size > 0;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * --resume after the input changed: drops from the journal the results whose trajectories (by
 * teacher, id and content hash) are no longer in the input as they were scored — an edited record
 * would otherwise appear twice (old and new), a deleted one stay. `stale` counts, per resume key,
 * the results to drop. Rewritten through a temporary file and a rename. Returns the dropped rows'
 * teacher and id.
 */
export async function dropStaleResults(journal: string, stale: ReadonlyMap<string, number>): Promise<{ teacher: string; id: string }[]> {
  const left = new Map(stale);
  const dropped: { teacher: string; id: string }[] = [];
  const t = temporary(journal);
  const out = openJournal(t.tmp, { append: false });
  try {
    try {
      for await (const line of outputLines(journal)) {
        const r = JSON.parse(line);
        const key = resumeKey(String(r.teacher), String(r.sample_id), String(r.content_hash));
        const n = left.get(key) ?? 0;
        if (n > 0) {
          left.set(key, n - 1);
          dropped.push({ teacher: String(r.teacher), id: String(r.sample_id) });
        } else out.write(line);
      }
    } finally {
      out.close();
    }
    t.commit();
  } catch (e) {
    t.abort();
    throw e;
  }
  return dropped;
}

/** Appends lines to the journal, each with one synchronous write (see journalPath). */
export function openJournal(file: string, { append }: { append: boolean }) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let fd: number;
  try {
    fd = fs.openSync(file, append ? 'a' : 'w');
  } catch (err) {
    throw writeFailure(err, file);
  }
  return {
    write: (line: string) => {
      try {
        fs.writeSync(fd, line + '\n');
      } catch (err) {
        throw writeFailure(err, file);
      }
    },
    close: () => fs.closeSync(fd),
  };
}

async function* journalRecords(journal: string): AsyncGenerator<Record<string, unknown>> {
  for await (const line of outputLines(journal)) yield JSON.parse(line);
}

/** Writes `file` through a temporary file renamed over it at the end. */
function temporary(file: string) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  return { tmp, commit: () => fs.renameSync(tmp, file), abort: () => fs.rmSync(tmp, { force: true }) };
}

function authorsSample(r: Record<string, unknown>): AuthorsSample {
  return r as unknown as AuthorsSample;
}

/**
 * Builds every output from the journal: `--out` as JSONL (per-token arrays only with --tokens) or
 * parquet (RESULT_COLUMNS), and `--out-dir` in the reference's layout — per dataset
 * `_inferred_data/<model>/<dirs>/<stem>.parquet` and `_sample_metrics/<model>/<dirs>/<stem>.jsonl`,
 * and `rsr_<model>.tsv` upserted — so rsr_cal.py's own loaders and scripts read it. All from one
 * pass over the journal; each file through a temporary file and a rename.
 */
export async function writeOutputs(journal: string, targets: OutputTargets, datasets: ReadonlyMap<string, DatasetPath>): Promise<ReturnType<typeof teacherTotals>> {
  /** Per-teacher sums over the whole output (earlier runs' rows included), for the summary. */
  const all = teacherTotals();
  const commits: (() => void)[] = [];
  const aborts: (() => void)[] = [];
  try {
    let jsonl: ReturnType<typeof openJournal> | undefined;
    let parquet: Awaited<ReturnType<typeof parquetRowWriter>> | undefined;
    if (targets.out) {
      const t = temporary(targets.out);
      commits.push(t.commit);
      aborts.push(t.abort);
      if (isParquetPath(targets.out)) parquet = await parquetRowWriter(fileWriter(t.tmp), RESULT_COLUMNS);
      else jsonl = openJournal(t.tmp, { append: false });
    }
    const perDataset = new Map<string, { parquet: Awaited<ReturnType<typeof parquetRowWriter>>; metrics: ReturnType<typeof openJournal> }>();
    const totals = teacherTotals();
    let model = '';
    let clip = 100;
    for await (const r of journalRecords(journal)) {
      all.add(undefined, String(r.teacher), {
        respTokenLength: Number(r.resp_token_length),
        avgRankClip: Number(r.avg_rank_clip),
        avgSurprisal: Number(r.avg_surprisal),
        avgRank: Number(r.avg_rank ?? NaN),
        avgEntropy: Number(r.avg_entropy ?? NaN),
      }, recordCut(r));
      if (jsonl) {
        if (!targets.tokens) for (const key of TOKEN_FIELDS) delete r[key];
        jsonl.write(JSON.stringify(r));
      }
      if (parquet) await parquet.add({ ...r, probs: (r.nlls as number[]).map((x) => Math.exp(-x)) });
      if (!targets.outDir) continue;
      model = String(r.model);
      clip = Number(r.rank_clip);
      const name = String(r.dataset);
      let out = perDataset.get(name);
      if (!out) {
        const files = authorsPaths(model, datasets.get(name) ?? { dirs: [], stem: name });
        const p = temporary(path.join(targets.outDir, files.inferred));
        const m = temporary(path.join(targets.outDir, files.sampleMetrics));
        commits.push(p.commit, m.commit);
        aborts.push(p.abort, m.abort);
        // Small row groups: every dataset's writer holds one open at a time.
        out = { parquet: await parquetRowWriter(fileWriter(p.tmp), INFERRED_COLUMNS, { valuesPerGroup: 1 << 18 }), metrics: openJournal(m.tmp, { append: false }) };
        perDataset.set(name, out);
      }
      const sample = authorsSample(r);
      await out.parquet.add(inferredRecord(sample, clip));
      out.metrics.write(sampleMetricsLine(sample));
      totals.add(undefined, name, { respTokenLength: sample.resp_token_length, avgRankClip: sample.avg_rank_clip, avgSurprisal: sample.avg_surprisal });
    }
    jsonl?.close();
    await parquet?.finish();
    for (const out of perDataset.values()) {
      await out.parquet.finish();
      out.metrics.close();
    }
    if (targets.outDir && perDataset.size) {
      const tsvFile = path.join(targets.outDir, authorsPaths(model, { dirs: [], stem: '' }).tsv);
      const t = temporary(tsvFile);
      fs.writeFileSync(t.tmp, rsrTsv(totals.summaries(), fs.existsSync(tsvFile) ? fs.readFileSync(tsvFile, 'utf8') : undefined));
      commits.push(t.commit);
      aborts.push(t.abort);
    }
    for (const commit of commits) commit();
    return all;
  } catch (e) {
    for (const abort of aborts) abort();
    const code = (e as NodeJS.ErrnoException).code;
    throw code === 'ENOSPC' || code === 'EDQUOT' ? writeFailure(e, [targets.out, targets.outDir].filter(Boolean).join(' and ')) : e;
  }
}

/** The inputs' datasets by name, for the reference's layout. */
export function datasetsOf(inputs: readonly InputPath[]): Map<string, DatasetPath> {
  return new Map(inputs.map((i) => [[...i.dataset.dirs, i.dataset.stem].join('__'), i.dataset]));
}
