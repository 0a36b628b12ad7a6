import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { teacherSummaries } from '../core/metrics/teacherRsr';
import { StudentError } from '../core/score/studentError';
import { APP_VERSION } from '../core/version';
import { resultLine } from './resultLine';
import { SCORE_OPTIONS, UsageError, reportErrors, scoreFiles, scoreOptions } from './scoreFiles';
import { runSelect } from './selectCommand';
import { summaryTable } from './summaryTable';

const USAGE = `rsr-lens ${APP_VERSION} — which teacher trajectories will teach your student best

usage:
  rsr-lens score FILE... [--model DIR|HUB_ID] [--dtype auto|fp32|fp16|q8|int8|uint8|q4|q4f16|bnb4]
                 [--device cpu|cuda] [--clip 100] [--template auto|qwen|llama3] [--max-tokens N]
                 [--chunk-mib 256] [--out results.jsonl] [--tokens] [--js]
  rsr-lens select RESULTS_OR_FILES... (--per-problem | --top N | --max-rsr X) --out selected.jsonl
                 [score options, used when raw trajectory files are given]

score    scores every response token with the student (default: the bundled rsr-tiny-qwen3),
         writes one JSON line per trajectory (reference field names) and prints a per-teacher
         summary (Eq. 9). Exit 0 when every row scored, 1 when some rows failed, 2 on bad usage.
select   picks trajectories by RSR and writes their original input lines, byte for byte.`;

async function runScore(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: SCORE_OPTIONS, allowPositionals: true });
  if (values.help) return usage(0);
  if (positionals.length === 0) throw new UsageError('score needs at least one FILE');
  const options = scoreOptions(values);
  const out = values.out ? fs.createWriteStream(values.out) : process.stdout;
  const { errors, results, stats, student } = await scoreFiles(positionals, options, (r, sourcePath) => {
    out.write(JSON.stringify(resultLine(r, { tokens: values.tokens, sourcePath })) + '\n');
  });
  if (out !== process.stdout) await new Promise((resolve) => (out as fs.WriteStream).end(resolve));
  const p = results[0]?.provenance;
  process.stderr.write(
    `\n${summaryTable(teacherSummaries(results))}\n\n` +
      `${results.length} trajectories scored` +
      (stats.seconds > 0 ? ` (${stats.tokens.toLocaleString('en-US')} tokens in ${stats.seconds.toFixed(1)} s, ${Math.round(stats.tokens / stats.seconds).toLocaleString('en-US')} tokens/s)` : '') +
      (p ? ` with ${p.model} (${p.dtype}, ${p.device}, ${p.path === 'graph' ? 'in-graph' : 'JS'} scoring, R = ${p.clip}, rsr-lens ${p.version})` : '') +
      ` — ${student.files.file}, ${(student.files.bytes / 2 ** 20).toFixed(1)} MiB (${student.files.choice})` +
      (p?.approximate ? `; approximate: ${p.approximate}` : '') +
      (values.out ? `; results in ${values.out}` : '') +
      '\n',
  );
  reportErrors(errors);
  return errors.length ? 1 : 0;
}

function usage(code: number): number {
  (code ? process.stderr : process.stdout).write(USAGE + '\n');
  return code;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'score') return await runScore(rest);
    if (command === 'select') return await runSelect(rest);
    if (command === '--version') {
      process.stdout.write(APP_VERSION + '\n');
      return 0;
    }
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') return usage(command ? 0 : 2);
    throw new UsageError(`unknown command "${command}"`);
  } catch (err) {
    // A model that cannot be loaded or scored as given: one line that names the file, no usage.
    if (err instanceof StudentError) {
      process.stderr.write(`rsr-lens: ${err.message}\n`);
      return 2;
    }
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`rsr-lens: ${(err as Error).message}\n\n`);
      return usage(2);
    }
    throw err;
  }
}

// Run when executed directly (bin/rsr-lens.mjs or `tsx src/cli/main.ts`), not when imported by tests.
if (process.argv[1] && path.resolve(process.argv[1]).replace(/\.ts$/, '') === path.resolve(import.meta.filename).replace(/\.ts$/, '')) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`rsr-lens: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
