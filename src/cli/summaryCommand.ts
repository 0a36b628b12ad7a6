import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { tsvText } from '../core/export/tsvCell';
import { jsonLines } from '../core/import/jsonLines';
import { readInferredRecord } from '../core/import/parseInferredData';
import { parseRsrTsv } from '../core/import/parseRsrTsv';
import { readMetricsRecord } from '../core/import/parseSampleMetrics';
import { resultPath } from '../core/import/resultPath';
import { type ModelTeacherSummary, teacherTotals } from '../core/metrics/teacherTotals';
import { SURPRISAL_FLOOR } from '../core/metrics/trajectoryMetrics';
import { isParquet, parquetRows } from '../core/parquet/parquetRows';
import { teacherFromFile } from '../core/parse/teacherFromFile';
import type { InputError } from '../core/types';
import { nodeInputFile } from './nodeInputFile';
import { refuseOutputOverInput } from './resultOutputs';
import { reportErrors } from './scoreFiles';
import { summaryTable } from './summaryTable';
import { UsageError } from './usageError';

/** One file to summarise: what it holds, and whose rows they are. */
interface Source {
  file: string;
  kind: 'inferred' | 'metrics' | 'tsv';
  /** The student, from the reference's tree (`_inferred_data/<model>/…`); our results say it per row. */
  model?: string;
  /** The teacher of its rows when they name none: the reference's dataset name, or the file's stem. */
  teacher: string;
  /** Rank of the kind when one dataset of one student has several: per-sample metrics are exact and small. */
  priority: number;
}

const PRIORITY = { metrics: 0, inferred: 1, tsv: 2 } as const;

/** The first JSON record of a JSONL file (for telling per-token files from per-sample ones). */
async function firstRecord(file: string): Promise<Record<string, unknown> | undefined> {
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  try {
    for await (const line of rl) {
      if (!line.trim()) continue;
      const [parsed] = jsonLines(line);
      return parsed && 'record' in parsed ? parsed.record : undefined;
    }
    return undefined;
  } finally {
    rl.close();
  }
}

async function parquetColumnsOf(file: string): Promise<string[] | undefined> {
  const head = new Uint8Array(await nodeInputFile(file, file).slice(0, 4));
  if (!isParquet(head)) return undefined;
  const { parquetColumns } = await import('../core/parquet/parquetRows');
  return parquetColumns(nodeInputFile(file, file));
}

/** What a file holds, by its place in the reference's tree, else by its fields. Undefined: not results. */
async function classify(file: string, relative: string): Promise<Source | undefined> {
  const place = resultPath(relative);
  if (place?.kind === 'tsv') return { file, kind: 'tsv', model: place.model, teacher: '', priority: PRIORITY.tsv };
  if (place) {
    const kind = place.kind === 'inferred' ? 'inferred' : 'metrics';
    return { file, kind, model: place.model, teacher: place.dataset, priority: PRIORITY[kind] };
  }
  if (/\.tsv$/i.test(file)) return undefined;
  const fields = /\.parquet$/i.test(file) ? await parquetColumnsOf(file) : Object.keys((await firstRecord(file)) ?? {});
  if (!fields) return undefined;
  const has = (k: string) => fields.includes(k);
  const teacher = teacherFromFile(file);
  if (has('avg_rank_clip') && has('avg_surprisal')) return { file, kind: 'metrics', teacher, priority: PRIORITY.metrics };
  if (has('nlls') || (has('tokens') && has('sample_idx'))) return { file, kind: 'inferred', teacher, priority: PRIORITY.inferred };
  return undefined;
}

function walk(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(dir, child));
    else if (/\.(jsonl|parquet|tsv)$/i.test(entry.name) && !/\.partial\.jsonl$|\.tmp-\d+$/.test(entry.name)) out.push(child);
  }
  return out.sort();
}

/** Records of a JSONL file (Python's bare NaN read as NaN) or a parquet file, with their line or row. */
async function* records(file: string, columns?: string[]): AsyncGenerator<{ line: number; record: Record<string, unknown> } | { line: number; error: string }> {
  if (/\.parquet$/i.test(file)) {
    for await (const { row, record } of parquetRows(nodeInputFile(file, path.basename(file)), columns)) yield { line: row, record };
    return;
  }
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  let n = 0;
  for await (const text of rl) {
    n++;
    for (const parsed of jsonLines(text)) yield { ...parsed, line: n };
  }
}

/** Only what the summary reads: the conversation and per-token text stay on disk. */
const INFERRED_COLUMNS = ['sample_id', 'sample_idx', 'id', '_id', 'teacher', 'model', 'resp_token_positions', 'nlls', 'ranks', 'tokens'];
const METRICS_COLUMNS = ['sample_id', 'sample_idx', 'id', '_id', 'teacher', 'model', 'resp_token_length', 'token_length', 'avg_rank_clip', 'avg_surprisal', 'rank_surprisal_ratio', 'avg_rank', 'avg_entropy'];

async function addSource(source: Source, totals: ReturnType<typeof teacherTotals>, tsvRows: ModelTeacherSummary[], errors: InputError[], clip: number) {
  const fail = (line: number, reason: string) => errors.push({ file: source.file, line, reason });
  if (source.kind === 'tsv') {
    const { rows, errors: bad } = parseRsrTsv(fs.readFileSync(source.file, 'utf8'));
    for (const e of bad) fail(e.line, e.reason);
    for (const r of rows) {
      tsvRows.push({ model: source.model, teacher: r.dataName, n: NaN, rsr: r.rsr, avgRankClip: r.avgRankClip, avgRank: NaN, avgSurprisal: r.avgSurprisal, avgEntropy: NaN, avgLength: r.avgRespTokenLength });
    }
    return;
  }
  for await (const item of records(source.file, source.kind === 'inferred' ? INFERRED_COLUMNS : METRICS_COLUMNS)) {
    if ('error' in item) {
      fail(item.line, item.error);
      continue;
    }
    const model = source.model ?? (typeof item.record.model === 'string' ? item.record.model : undefined);
    if (source.kind === 'metrics') {
      const m = readMetricsRecord(item.record, item.line, source.teacher);
      if (typeof m === 'string') fail(item.line, m);
      else totals.add(model, m.teacher, m.metrics);
      continue;
    }
    const row = readInferredRecord(item.record, item.line, source.teacher);
    if (typeof row === 'string') {
      fail(item.line, row);
      continue;
    }
    // As compute_sample_metrics: ranks clipped at R, plain float64 sums in order.
    let rank = 0;
    let nll = 0;
    for (let i = 0; i < row.ranks.length; i++) {
      rank += Math.min(row.ranks[i], clip);
      nll += row.nlls[i];
    }
    const n = row.ranks.length;
    totals.add(model, row.teacher, { respTokenLength: n, avgRankClip: rank / n, avgSurprisal: nll / n, rsr: rank / Math.max(nll, SURPRISAL_FLOOR) });
  }
}

/**
 * `rsr-lens summary PATH...`: the per-teacher table (Eq. 9, n, averages) from any mix of our
 * results (JSONL or parquet, shards together) and the reference's outputs — `_inferred_data`
 * (parquet or JSONL, today's schema or the one before 2026-03-13), `_sample_metrics`,
 * `rsr_<model>.tsv` — given as files or as whole output trees. In a tree, each dataset of each
 * student is counted once, from the most exact file it has: per-sample metrics, else per-token
 * scores, else the TSV's aggregate (which keeps no n). Memory holds sums, not rows.
 */
export async function runSummary(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, tsv: { type: 'string' }, clip: { type: 'string', default: '100' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (positionals.length === 0) throw new UsageError('summary needs at least one results file or folder');
  const clip = Number(values.clip);
  if (!Number.isInteger(clip) || clip < 1) throw new UsageError(`--clip must be a whole number ≥ 1, got "${values.clip}"`);
  const files: { file: string; relative: string }[] = [];
  for (const arg of positionals) {
    const stat = fs.statSync(arg, { throwIfNoEntry: false });
    if (!stat) throw new UsageError(`no such file or folder: ${arg}`);
    if (stat.isDirectory()) for (const rel of walk(arg)) files.push({ file: path.join(arg, rel), relative: rel });
    else files.push({ file: arg, relative: arg });
  }
  refuseOutputOverInput([values.tsv], files.map((f) => f.file));

  const sources: Source[] = [];
  let ignored = 0;
  for (const f of files) {
    const source = await classify(f.file, f.relative);
    if (source) sources.push(source);
    else ignored++;
  }
  // One source per (student, dataset) of the reference's tree: the most exact one.
  const best = new Map<string, Source>();
  const loose: Source[] = [];
  for (const s of sources) {
    if (s.model === undefined || s.kind === 'tsv') {
      loose.push(s);
      continue;
    }
    const key = `${s.model}\u0000${s.teacher}`;
    const seen = best.get(key);
    if (!seen || s.priority < seen.priority) best.set(key, s);
  }
  const totals = teacherTotals();
  const tsvRows: ModelTeacherSummary[] = [];
  const errors: InputError[] = [];
  for (const s of [...best.values(), ...loose]) await addSource(s, totals, tsvRows, errors, clip);
  const counted = new Set(totals.summaries().map((s) => `${s.model ?? ''}\u0000${s.teacher}`));
  const summaries = [...totals.summaries(), ...tsvRows.filter((r) => !counted.has(`${r.model ?? ''}\u0000${r.teacher}`))];

  if (!summaries.length) {
    reportErrors(errors, { title: 'not read', limit: 50 });
    throw new UsageError(`no results found in ${positionals.join(', ')} (${ignored} file${ignored === 1 ? '' : 's'} that are not results ignored)`);
  }
  const sorted = [...summaries].sort((a, b) => (a.model ?? '').localeCompare(b.model ?? '') || a.rsr - b.rsr);
  if (values.json) {
    const out = sorted.map((s) => ({
      ...(s.model !== undefined && { model: s.model }),
      teacher: s.teacher,
      n: Number.isNaN(s.n) ? null : s.n,
      rank_surprisal_ratio: s.rsr,
      avg_rank_clip: s.avgRankClip,
      avg_surprisal: s.avgSurprisal,
      avg_resp_token_length: s.avgLength,
    }));
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    process.stdout.write(summaryTable(sorted) + '\n');
  }
  if (values.tsv) {
    const header = ['model', 'teacher', 'n', 'rank_surprisal_ratio', 'avg_rank_clip', 'avg_surprisal', 'avg_resp_token_length', 'avg_rank', 'avg_entropy'];
    const tmp = `${values.tsv}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, tsvText(header, sorted.map((s) => [s.model ?? '', s.teacher, s.n, s.rsr, s.avgRankClip, s.avgSurprisal, s.avgLength, s.avgRank, s.avgEntropy])));
    fs.renameSync(tmp, values.tsv);
  }
  reportErrors(errors, { title: 'not read', limit: 50 });
  return errors.length ? 1 : 0;
}
