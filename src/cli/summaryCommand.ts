import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { tsvText } from '../core/export/tsvCell';
import { recordCut } from '../core/import/recordCut';
import { datasetKey, pickResultSources, readResultSource, type ResultSource, resultSource } from '../core/import/readResultFiles';
import { type ModelTeacherSummary, teacherTotals } from '../core/metrics/teacherTotals';
import { SURPRISAL_FLOOR } from '../core/metrics/trajectoryMetrics';
import type { InputError } from '../core/types';
import { nodeInputFile } from './nodeInputFile';
import { refuseOutputOverInput } from './resultOutputs';
import { reportErrors } from './scoreFiles';
import { cutsNote, summaryTable } from './summaryTable';
import { isCutKnown } from '../core/metrics/teacherCuts';
import { UsageError } from './usageError';
import { plural } from '../core/plural';

function walk(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(dir, child));
    else if (/\.(jsonl|parquet|tsv)$/i.test(entry.name) && !/\.partial\.jsonl$/.test(entry.name)) out.push(child);
  }
  return out.sort();
}

/** Adds one source's rows: per-sample metrics as they are, per-token scores reduced as compute_sample_metrics does. */
async function addSource(source: ResultSource, clip: number, totals: ReturnType<typeof teacherTotals>, tsvRows: ModelTeacherSummary[], errors: InputError[]) {
  for await (const item of readResultSource(source)) {
    if (item.kind === 'error') errors.push(item.error);
    else if (item.kind === 'metrics') totals.add(item.model, item.row.teacher, item.row.metrics, item.row.cut);
    else if (item.kind === 'dataset') {
      const r = item.row;
      tsvRows.push({ model: item.model, teacher: r.dataName, n: NaN, rsr: r.rsr, avgRankClip: r.avgRankClip, avgRank: NaN, avgSurprisal: r.avgSurprisal, avgEntropy: NaN, avgLength: r.avgRespTokenLength });
    } else {
      // Ranks clipped at R, plain float64 sums in order: the reference's numbers to the last bit.
      const { ranks, nlls } = item.row;
      let rank = 0;
      let nll = 0;
      for (let i = 0; i < ranks.length; i++) {
        rank += Math.min(ranks[i], clip);
        nll += nlls[i];
      }
      const n = ranks.length;
      totals.add(item.model, item.row.teacher, { respTokenLength: n, avgRankClip: rank / n, avgSurprisal: nll / n, rsr: rank / Math.max(nll, SURPRISAL_FLOOR) }, recordCut(item.row.record));
    }
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

  const sources: ResultSource[] = [];
  let ignored = 0;
  for (const f of files) {
    // Named by the path under the folder given, which is where the reference's tree shows.
    const source = await resultSource(nodeInputFile(f.file, f.relative));
    if (source) sources.push(source);
    else ignored++;
  }
  const totals = teacherTotals();
  const tsvRows: ModelTeacherSummary[] = [];
  const errors: InputError[] = [];
  for (const s of pickResultSources(sources)) await addSource(s, clip, totals, tsvRows, errors);
  const counted = new Set(totals.summaries().map((s) => datasetKey(s.model, s.teacher)));
  const summaries = [...totals.summaries(), ...tsvRows.filter((r) => !counted.has(datasetKey(r.model, r.teacher)))];

  if (!summaries.length) {
    reportErrors(errors, { title: 'not read', limit: 50 });
    throw new UsageError(`no results found in ${positionals.join(', ')} (${plural(ignored, 'file', 'files')} that are not results ignored)`);
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
      ...cutFields(s),
    }));
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    process.stdout.write(summaryTable(sorted) + '\n');
  }
  if (values.tsv) {
    const header = ['model', 'teacher', 'n', 'rank_surprisal_ratio', 'avg_rank_clip', 'avg_surprisal', 'avg_resp_token_length', 'avg_rank', 'avg_entropy', 'max_tokens', 'truncated', 'past_context'];
    const tmp = `${values.tsv}.tmp-${process.pid}`;
    const cells = (s: ModelTeacherSummary) => {
      const c = cutFields(s);
      return [Array.isArray(c.max_tokens) ? c.max_tokens.join('; ') : (c.max_tokens ?? ''), c.truncated ?? '', c.past_context ?? ''];
    };
    fs.writeFileSync(tmp, tsvText(header, sorted.map((s) => [s.model ?? '', s.teacher, s.n, s.rsr, s.avgRankClip, s.avgSurprisal, s.avgLength, s.avgRank, s.avgEntropy, ...cells(s)])));
    fs.renameSync(tmp, values.tsv);
  }
  const note = cutsNote(sorted);
  if (note) process.stderr.write(`\n${note}\n`);
  reportErrors(errors, { title: 'not read', limit: 50 });
  return errors.length ? 1 : 0;
}

/**
 * How a teacher's rows were cut, for --json and --tsv: `max_tokens` the setting (0 = no limit; a
 * list when rows were scored under several), `truncated` how many rows it cut, `past_context` how
 * many were longer than the student's context — all null where the rows do not say (the
 * reference's outputs).
 */
function cutFields(s: ModelTeacherSummary): { max_tokens: number | number[] | null; truncated: number | null; past_context: number | null } {
  const c = s.cuts;
  if (!isCutKnown(c)) return { max_tokens: null, truncated: null, past_context: null };
  return { max_tokens: c.maxTokens.length === 0 ? null : c.maxTokens.length === 1 ? c.maxTokens[0] : c.maxTokens, truncated: c.truncated, past_context: c.pastContext };
}
