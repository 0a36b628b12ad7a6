import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resultLine } from '../core/export/resultLine';
import { tsvText } from '../core/export/tsvCell';
import { plural } from '../core/plural';
import { DTYPES } from '../core/score/dtype';
import type { InputError } from '../core/types';
import { StudentError } from '../core/score/studentError';
import { APP_VERSION } from '../core/version';
import { inputPaths } from './inputPaths';
import { isLocalModel } from './nodeFileGetter';
import { datasetsOf, journalHasTokens, journalPath, openJournal, type OutputTargets, refuseOutputOverInput, resumeState, writeOutputs } from './resultOutputs';
import { SCORE_OPTIONS, UsageError, reportErrors, scoreFiles, scoreOptions } from './scoreFiles';
import { runSelect } from './selectCommand';
import { runSummary } from './summaryCommand';
import { cutsNote, summaryTable } from './summaryTable';
import { printable } from './terminalText';

const USAGE = `rsr-lens ${APP_VERSION} — which teacher trajectories will teach your student best

usage:
  rsr-lens score FILE_OR_FOLDER... [--model DIR|HUB_ID] [--dtype ${['auto', ...DTYPES].join('|')}]
                 [--device cpu|cuda] [--clip 100] [--template auto|qwen|llama3] [--max-tokens N] [--chunk-mib 256]
                 [--map prompt=question,response=teacher_output,id=uid,teacher=model]
                 [--out results.jsonl|results.parquet] [--out-dir DIR] [--tokens] [--js]
                 [--resume] [--shard I/N]
  rsr-lens select RESULTS_OR_FILES... (--per-problem | --top N | --max-rsr X) --out selected.jsonl
                 [score options, used when raw trajectory files are given]
  rsr-lens summary PATH... [--json] [--tsv FILE] [--clip 100]

score    scores every response token with the student (default: the bundled rsr-tiny-qwen3),
         writes one result per trajectory (reference field names; parquet by extension; --out-dir
         in the reference's _inferred_data/_sample_metrics/rsr_<model>.tsv layout) and prints a
         per-teacher summary (Eq. 9). Ctrl-C stops cleanly: outputs hold what was scored, and
         --resume continues. Exit 0 when every row scored, 1 when some rows failed, 2 on bad
         usage, 130 when interrupted.
select   picks trajectories by RSR and writes their original input lines, byte for byte.
summary  the per-teacher table from any mix of our results and the reference's outputs
         (_inferred_data parquet/JSONL of either schema, _sample_metrics, rsr_<model>.tsv, whole trees).`;

/** The name a model gets in results (as loadNodeStudent names it), known before loading it. */
async function modelName(model: string | undefined): Promise<string> {
  if (!model) return 'rsr-tiny-qwen3';
  return (await isLocalModel(model)) ? path.basename(path.resolve(model)) : model;
}

/** Ctrl-C (and SIGTERM, what a cluster scheduler sends first) asks to stop after the current chunk; a second one stops at once. */
function interruptible() {
  let isInterrupted = false;
  const onSignal = () => {
    if (isInterrupted) {
      process.stderr.write('\nstopped at once: the journal keeps what was scored, and --resume continues it\n');
      process.exit(130);
    }
    isInterrupted = true;
    process.stderr.write('\nstopping after the current chunk… (Ctrl-C again to stop at once)\n');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    isInterrupted: () => isInterrupted,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

const SKIP_LIST_LIMIT = 50;

/** The skip list in full, as TSV next to the outputs, when it is too long for the terminal. */
function writeSkipList(errors: readonly InputError[], base: string | undefined): string | undefined {
  if (errors.length <= SKIP_LIST_LIMIT || !base) return undefined;
  const file = `${base}.skipped.tsv`;
  fs.writeFileSync(file, tsvText(['file', 'line', 'reason'], errors.map((e) => [e.file, e.line, e.reason])));
  return file;
}

async function runScore(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: SCORE_OPTIONS, allowPositionals: true });
  if (values.help) return usage(0);
  if (positionals.length === 0) throw new UsageError('score needs at least one FILE or FOLDER');
  const options = scoreOptions(values);
  const inputs = inputPaths(positionals);
  const targets: OutputTargets = { out: values.out, outDir: values['out-dir'], tokens: values.tokens };
  const journal = journalPath(targets);
  if (values.resume && !journal) throw new UsageError('--resume needs --out or --out-dir: the results to continue');
  refuseOutputOverInput([targets.out, journal], inputs.map((i) => i.path));
  if (targets.outDir) {
    const outDir = path.resolve(targets.outDir);
    for (const i of inputs) {
      const rel = path.relative(outDir, path.resolve(i.path));
      if (!rel.startsWith('..') && /^(_inferred_data|_sample_metrics)[\\/]|^rsr_.*\.tsv$/.test(rel)) {
        throw new UsageError(`the input ${i.path} is one of the files --out-dir ${targets.outDir} writes; choose another folder`);
      }
    }
  }
  let done = new Map<string, number>();
  let resumedLines = 0;
  let resumedDtype: unknown;
  if (journal && fs.existsSync(journal) && !values.resume) {
    throw new UsageError(`${journal} holds the results of an interrupted run: add --resume to continue it, or delete it to start afresh`);
  }
  if (journal && values.resume) {
    const state = await resumeState(targets, journal, {
      model: await modelName(options.model),
      dtype: options.dtype === 'auto' ? undefined : options.dtype,
      rank_clip: options.clip,
      template: options.template,
      max_tokens: options.maxTokens,
    });
    done = state.done;
    resumedLines = state.count;
    resumedDtype = state.recorded.dtype;
    if (state.dropped) process.stderr.write(`--resume: dropped a partial last line of ${printable(journal)} (a run killed mid-write)\n`);
  }

  const sink = journal ? openJournal(journal, { append: true }) : { write: (line: string) => process.stdout.write(line + '\n'), close: () => {} };
  const withTokens = journal ? journalHasTokens(targets) : targets.tokens;
  const signals = interruptible();
  const datasets = datasetsOf(inputs);
  const nameOfDataset = new Map(inputs.map((i) => [i, [...i.dataset.dirs, i.dataset.stem].join('__')]));
  const outcome = await scoreFiles(inputs, options, {
    isDone: (key) => {
      const n = done.get(key) ?? 0;
      if (n) done.set(key, n - 1);
      return n > 0;
    },
    isCancelled: signals.isInterrupted,
    // --dtype auto picks the file at load: it must be the one the results to continue were scored with.
    onStudent: (student) => {
      if (resumedDtype !== undefined && resumedDtype !== student.dtype) {
        throw new UsageError(`--resume: ${journal} was scored with dtype ${JSON.stringify(resumedDtype)}, and --dtype auto now picks ${JSON.stringify(student.dtype)}; resume with --dtype ${resumedDtype}`);
      }
    },
    onResult: (r, input, hash) => {
      const line = resultLine(r, { tokens: withTokens, sourcePath: input.path, contentHash: hash, dataset: nameOfDataset.get(input) });
      sink.write(JSON.stringify(line));
    },
  }).finally(() => sink.close());
  const isComplete = !outcome.cancelled && !outcome.fatal;
  let totals = outcome.totals;
  try {
    // Still listening: a Ctrl-C now lets the outputs finish (a second one stops at once; the journal stays).
    if (journal) {
      totals = await writeOutputs(journal, targets, datasets);
      if (isComplete) fs.rmSync(journal);
    }
  } finally {
    signals.dispose();
  }

  const { stats } = outcome;
  const p = outcome.provenance;
  const written = [targets.out, targets.outDir].filter(Boolean).map((f) => printable(f!)).join(' and ');
  const note = cutsNote(totals.summaries());
  process.stderr.write(
    `\n${summaryTable(totals.summaries())}\n\n${note ? `${note}\n\n` : ''}` +
      `${plural(stats.trajectories, 'trajectory', 'trajectories')} scored` +
      (stats.seconds > 0 ? ` (${stats.tokens.toLocaleString('en-US')} tokens in ${stats.seconds.toFixed(1)} s, ${Math.round(stats.tokens / stats.seconds).toLocaleString('en-US')} tokens/s)` : '') +
      (p ? ` with ${printable(p.model)} (${p.dtype}, ${p.device}, ${p.path === 'graph' ? 'in-graph' : 'JS'} scoring, R = ${p.clip}, rsr-lens ${p.version})` : '') +
      ` — ${printable(outcome.student.file)}, ${(outcome.student.bytes / 2 ** 20).toFixed(1)} MiB (${printable(outcome.student.choice)})` +
      (p?.approximate ? `; approximate: ${printable(p.approximate)}` : '') +
      (resumedLines ? `; ${resumedLines} ${resumedLines === 1 ? 'was' : 'were'} already scored` : '') +
      (written ? `; results in ${written}` : '') +
      '\n',
  );
  const skipList = writeSkipList(outcome.errors, journal?.replace(/\.partial\.jsonl$/, ''));
  reportErrors(outcome.errors, { limit: SKIP_LIST_LIMIT, fullList: skipList });
  reportErrors(outcome.warnings, { title: 'scored past the model’s context (max_position_embeddings is in the row)', limit: 10 });
  if (outcome.fatal) {
    process.stderr.write(`\nrsr-lens: stopped: ${printable(outcome.fatal.message)}\n`);
    if (journal) process.stderr.write(`what was scored before is in ${written}; fix the cause, then run the same command with --resume\n`);
    return 1;
  }
  if (outcome.cancelled) {
    process.stderr.write(`\ninterrupted: ${written ? `${written} hold${targets.out && targets.outDir ? '' : 's'} what was scored; run the same command with --resume to continue` : 'results so far were written above'}\n`);
    return 130;
  }
  return outcome.errors.length ? 1 : 0;
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
    if (command === 'summary') return await runSummary(rest);
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
      process.stderr.write(`rsr-lens: ${printable((err as Error).message)}\n\n`);
      return usage(2);
    }
    // Anything else (a model that fails to load, a provider that does not start): one line, not a stack trace.
    process.stderr.write(`rsr-lens: ${printable(err instanceof Error ? err.message : String(err))}\n`);
    return 1;
  }
}

// Run when executed directly (bin/rsr-lens.mjs or `tsx src/cli/main.ts`), not when imported by tests.
if (process.argv[1] && path.resolve(process.argv[1]).replace(/\.ts$/, '') === path.resolve(import.meta.filename).replace(/\.ts$/, '')) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`rsr-lens: ${printable(err instanceof Error ? err.message : String(err))}\n`);
      process.exit(1);
    },
  );
}
