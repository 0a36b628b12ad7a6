import fs from 'node:fs';
import { plural } from '../core/plural';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { jsonLines } from '../core/import/jsonLines';
import { readMetricsRecord } from '../core/import/parseSampleMetrics';
import { isParquet, parquetColumns, parquetRows } from '../core/parquet/parquetRows';
import { contentHash } from '../core/parse/contentHash';
import type { FieldMap } from '../core/parse/fieldMap';
import { readInputFile } from '../core/parse/readInputFile';
import { teacherFromFile } from '../core/parse/teacherFromFile';
import { selectBelowThreshold } from '../core/select/selectBelowThreshold';
import { selectPerProblem } from '../core/select/selectPerProblem';
import { selectTopN } from '../core/select/selectTopN';
import { teacherShares } from '../core/select/teacherShares';
import type { TrajectoryMetrics } from '../core/types';
import { inputPaths } from './inputPaths';
import { nodeInputFile } from './nodeInputFile';
import { refuseOutputOverInput } from './resultOutputs';
import { SCORE_OPTIONS, UsageError, reportErrors, scoreFiles, scoreOptions } from './scoreFiles';
import type { RowLog } from './rowLog';
import { printable } from './terminalText';
import { writeFailure } from './writeFailure';

/** A selectable trajectory and how to get its original input line back. */
interface Candidate {
  id: string;
  teacher: string;
  metrics: TrajectoryMetrics;
  source: { file: string; line: number; raw: string };
}

/** A results file (our CLI's output, JSONL or parquet) has `rank_surprisal_ratio` and `source_line`; anything else is trajectories. */
async function isResultsFile(file: string): Promise<boolean> {
  const input = nodeInputFile(file, path.basename(file));
  if (isParquet(new Uint8Array(await input.slice(0, 4)))) {
    const columns = await parquetColumns(input);
    return columns.includes('rank_surprisal_ratio') && columns.includes('source_line');
  }
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    const first = head.subarray(0, n).toString('utf8').split('\n').find((l) => l.trim());
    return !!first && /"rank_surprisal_ratio"\s*:/.test(first) && /"source_line"\s*:/.test(first);
  } finally {
    fs.closeSync(fd);
  }
}

/** One trajectory of an input file as select needs it: its original text, id and content hash. */
interface SourceRecord {
  raw: string;
  id: string;
  hash: string;
}

/**
 * The trajectories of the input files results point at, read once per file with the run's --map:
 * by 1-based line (a JSONL line, a JSON array's element, a pretty-printed object, a parquet row)
 * and by id and content hash, so that a result is matched to the record it was scored on even
 * when lines moved, and never to another one.
 */
function sourceReader(fieldMap: FieldMap | undefined) {
  const cache = new Map<string, { byLine: Map<number, SourceRecord>; byContent: Map<string, SourceRecord> }>();
  return async (file: string) => {
    let index = cache.get(file);
    if (!index) {
      index = { byLine: new Map(), byContent: new Map() };
      for await (const item of readInputFile(nodeInputFile(file, path.basename(file)), { fieldMap })) {
        if (item.kind !== 'trajectory') continue;
        const t = item.trajectory;
        const record = { raw: t.source.raw, id: t.id, hash: await contentHash(t.messages) };
        index.byLine.set(t.source.line, record);
        const key = `${t.id}\u0000${record.hash}`;
        if (!index.byContent.has(key)) index.byContent.set(key, record);
      }
      cache.set(file, index);
    }
    return index;
  };
}

const RESULT_FIELDS = ['sample_id', 'id', 'teacher', 'resp_token_length', 'avg_rank_clip', 'avg_surprisal', 'rank_surprisal_ratio', 'avg_rank', 'avg_entropy', 'source_file', 'source_line'];

async function readResults(file: string, readSource: ReturnType<typeof sourceReader>): Promise<Candidate[]> {
  const teacher = teacherFromFile(file);
  const out: Candidate[] = [];
  const input = nodeInputFile(file, path.basename(file));
  const rows: AsyncIterable<{ line: number; record: Record<string, unknown> }> = isParquet(new Uint8Array(await input.slice(0, 4)))
    ? (async function* () {
        for await (const { row, record } of parquetRows(input, RESULT_FIELDS)) yield { line: row, record };
      })()
    : (async function* () {
        for (const parsed of jsonLines(fs.readFileSync(file, 'utf8'))) {
          if ('error' in parsed) throw new Error(`${file}:${parsed.line} — ${parsed.error}`);
          yield parsed;
        }
      })();
  for await (const { line, record } of rows) {
    const row = readMetricsRecord(record, line, teacher);
    if (typeof row === 'string') throw new Error(`${file}:${line} — ${row}`);
    const sourceFile = String(record.source_file);
    const resolved = fs.existsSync(sourceFile) ? sourceFile : path.resolve(path.dirname(file), sourceFile);
    const sourceLine = Number(record.source_line);
    const hash = typeof record.content_hash === 'string' ? record.content_hash : undefined;
    out.push({ ...row, source: { file: resolved, line: sourceLine, raw: await originalText(readSource, { file, line, id: row.id, hash, sourceFile: resolved, sourceLine }) } });
  }
  return out;
}

/**
 * The original text of the trajectory a result was scored on: the record at its source line when
 * that record still has the result's id and content hash, else the record with that id and hash
 * wherever it now is. When neither exists the input changed since it was scored, and selecting by
 * line would write another trajectory's text: refused, naming both.
 */
async function originalText(
  readSource: ReturnType<typeof sourceReader>,
  r: { file: string; line: number; id: string; hash: string | undefined; sourceFile: string; sourceLine: number },
): Promise<string> {
  const index = await readSource(r.sourceFile);
  const atLine = index.byLine.get(r.sourceLine);
  if (atLine && atLine.id === r.id && (!r.hash || atLine.hash === r.hash)) return atLine.raw;
  const moved = r.hash ? index.byContent.get(`${r.id}\u0000${r.hash}`) : undefined;
  if (moved) return moved.raw;
  const now = atLine ? `line ${r.sourceLine} now holds ${atLine.id === r.id ? `${r.id} with other content` : atLine.id}` : `it has no trajectory at line ${r.sourceLine}`;
  throw new Error(
    `${r.file}:${r.line} is the result of ${r.id} at ${r.sourceFile}:${r.sourceLine}, but ${now}, and no record of ${r.id} ${r.hash ? 'with the content it was scored on' : 'is there'}: ` +
      `${r.sourceFile} changed since it was scored; nothing was written. Score it again (rsr-lens score … --resume keeps what still matches), then select`,
  );
}

export async function runSelect(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...SCORE_OPTIONS,
      'per-problem': { type: 'boolean', default: false },
      top: { type: 'string' },
      'max-rsr': { type: 'string' },
    },
  }) as { values: Record<string, any>; positionals: string[] };
  const modes = [values['per-problem'], values.top !== undefined, values['max-rsr'] !== undefined].filter(Boolean).length;
  if (modes !== 1) throw new UsageError('select needs exactly one of --per-problem, --top N, --max-rsr X');
  if (!values.out) throw new UsageError('select needs --out FILE');
  if (positionals.length === 0) throw new UsageError('select needs at least one results or trajectory file');
  for (const f of positionals) if (!fs.existsSync(f)) throw new UsageError(`no such file: ${f}`);
  if (fs.statSync(values.out, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--out ${values.out} is a folder: name the file the selection goes to`);
  refuseOutputOverInput([values.out], positionals);

  const options = scoreOptions(values);
  const readSource = sourceReader(options.fieldMap);
  const candidates: Candidate[] = [];
  const isResults = await Promise.all(positionals.map(isResultsFile));
  const raw = positionals.filter((_, i) => !isResults[i]);
  for (const f of positionals.filter((_, i) => isResults[i])) candidates.push(...(await readResults(f, readSource)));
  let errors: RowLog | undefined;
  if (raw.length) {
    const scored = await scoreFiles(inputPaths(raw), options, {
      onResult: (r, input) => candidates.push({ id: r.id, teacher: r.teacher, metrics: r.metrics, source: { ...r.source, file: input.path } }),
    });
    errors = scored.errors;
    if (scored.fatal) throw scored.fatal;
  }

  let picked: Candidate[];
  if (values['per-problem']) picked = selectPerProblem(candidates);
  else if (values.top !== undefined) {
    const n = Number(values.top);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--top must be a whole number ≥ 1, got "${values.top}"`);
    picked = selectTopN(candidates, n);
  } else {
    const x = Number(values['max-rsr']);
    if (!Number.isFinite(x)) throw new UsageError(`--max-rsr must be a number, got "${values['max-rsr']}"`);
    picked = selectBelowThreshold(candidates, x);
  }

  // Each selected line is the input line byte for byte, so the selection feeds straight into SFT.
  // Written aside and renamed, so a failure never leaves half a selection where the file was.
  const tmp = `${values.out}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, picked.map((c) => c.source.raw + '\n').join(''));
    fs.renameSync(tmp, values.out as string);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw writeFailure(err, values.out as string, { canResume: false });
  }
  const shares = teacherShares(picked, new Set(candidates.map((c) => c.teacher)));
  process.stderr.write(`${picked.length} of ${plural(candidates.length, 'trajectory', 'trajectories')} selected → ${printable(values.out)}\n`);
  for (const s of shares) process.stderr.write(`  ${printable(s.teacher).padEnd(28)} ${String(s.count).padStart(6)}  ${(s.share * 100).toFixed(1).padStart(5)}%\n`);
  if (errors) reportErrors(errors);
  return errors?.count ? 1 : 0;
}
