import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { jsonLines } from '../core/import/jsonLines';
import { parseSampleMetrics } from '../core/import/parseSampleMetrics';
import { selectBelowThreshold } from '../core/select/selectBelowThreshold';
import { selectPerProblem } from '../core/select/selectPerProblem';
import { selectTopN } from '../core/select/selectTopN';
import { teacherShares } from '../core/select/teacherShares';
import type { TrajectoryMetrics } from '../core/types';
import { inputPaths } from './inputPaths';
import { refuseOutputOverInput } from './resultOutputs';
import { SCORE_OPTIONS, UsageError, reportErrors, scoreFiles, scoreOptions } from './scoreFiles';
import { printable } from './terminalText';

/** A selectable trajectory and how to get its original input line back. */
interface Candidate {
  id: string;
  teacher: string;
  metrics: TrajectoryMetrics;
  source: { file: string; line: number; raw: string };
}

/** A results file (our CLI's output) has `rank_surprisal_ratio` on its first record; anything else is trajectories. */
function isResultsFile(file: string): boolean {
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

/** The exact text of 1-based line `n` of a file (without its line terminator). */
function lineReader() {
  const cache = new Map<string, string[]>();
  return (file: string, n: number): string => {
    let lines = cache.get(file);
    if (!lines) cache.set(file, (lines = fs.readFileSync(file, 'utf8').split('\n')));
    const line = lines[n - 1];
    if (line === undefined) throw new Error(`${file} has no line ${n}`);
    return (n === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line).replace(/\r$/, '');
  };
}

function readResults(file: string, readLine: ReturnType<typeof lineReader>): Candidate[] {
  const text = fs.readFileSync(file, 'utf8');
  const teacher = path.basename(file).replace(/\.(jsonl|json)$/i, '');
  const { rows, errors } = parseSampleMetrics(text, { teacher });
  if (errors.length) throw new Error(`${file}:${errors[0].line} — ${errors[0].reason}`);
  const records = new Map<number, Record<string, unknown>>();
  for (const l of jsonLines(text)) if ('record' in l) records.set(l.line, l.record);
  return rows.map((row) => {
    const record = records.get(row.line)!;
    const sourceFile = String(record.source_file);
    const resolved = fs.existsSync(sourceFile) ? sourceFile : path.resolve(path.dirname(file), sourceFile);
    const line = Number(record.source_line);
    return { ...row, source: { file: resolved, line, raw: readLine(resolved, line) } };
  });
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
  refuseOutputOverInput([values.out], positionals);

  const readLine = lineReader();
  const candidates: Candidate[] = [];
  const raw = positionals.filter((f) => !isResultsFile(f));
  for (const f of positionals.filter(isResultsFile)) candidates.push(...readResults(f, readLine));
  let errors: Awaited<ReturnType<typeof scoreFiles>>['errors'] = [];
  if (raw.length) {
    const scored = await scoreFiles(inputPaths(raw), scoreOptions(values), {
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
  fs.writeFileSync(tmp, picked.map((c) => c.source.raw + '\n').join(''));
  fs.renameSync(tmp, values.out as string);
  const shares = teacherShares(picked, new Set(candidates.map((c) => c.teacher)));
  process.stderr.write(`${picked.length} of ${candidates.length} trajectories selected → ${printable(values.out)}\n`);
  for (const s of shares) process.stderr.write(`  ${printable(s.teacher).padEnd(28)} ${String(s.count).padStart(6)}  ${(s.share * 100).toFixed(1).padStart(5)}%\n`);
  reportErrors(errors);
  return errors.length ? 1 : 0;
}
