import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resultLine } from '../core/export/resultLine';
import { tsvText } from '../core/export/tsvCell';
import { plural } from '../core/plural';
import { DTYPES } from '../core/score/dtype';
import { SCORING_PATH_LABEL } from '../core/score/scoringPathLabel';
import { StudentError } from '../core/score/studentError';
import { APP_VERSION } from '../core/version';
import { type InputPath, inputPaths } from './inputPaths';
import { modelLocation } from './nodeFileGetter';
import { datasetsOf, dropStaleResults, journalHasTokens, journalPath, openJournal, type OutputTargets, refuseOutputOverInput, resumeState, writeOutputs } from './resultOutputs';
import { lockOutputs } from './outputLock';
import { rowLog } from './rowLog';
import { SCORE_OPTIONS, SHOWN_ROWS, type ScoreFilesOptions, UsageError, reportErrors, scoreFiles, scoreOptions } from './scoreFiles';
import { runCache } from './cacheCommand';
import { runSelect } from './selectCommand';
import { SERVE_USAGE, runServe } from './serveCommand';
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
                 [--server URL[,URL...] [--api-key KEY] [--in-flight 4] [--timeout 600]]
  rsr-lens select RESULTS_OR_FILES... (--per-problem | --top N | --max-rsr X) --out selected.jsonl
                 [score options, used when raw trajectory files are given]
  rsr-lens summary PATH... [--json] [--tsv FILE] [--clip 100]
  rsr-lens cache list | rm HUB_ID...
  ${SERVE_USAGE}

score    scores every response token with the student (default: the bundled rsr-tiny-qwen3),
         writes one result per trajectory (reference field names; parquet by extension; --out-dir
         in the reference's _inferred_data/_sample_metrics/rsr_<model>.tsv layout) and prints a
         per-teacher summary (Eq. 9). Ctrl-C stops cleanly: outputs hold what was scored, and
         --resume continues. Exit 0 when every row scored, 1 when some rows failed, 2 on bad
         usage, 130 when interrupted. --server scores on vLLM servers (or rsr-lens serve) instead:
         one queue, longest first, a few requests in flight on each; --model then names the
         student's tokenizer (default: the served model's id); the key may be in RSR_LENS_API_KEY.
         RSR_LENS_THREADS=N caps ONNX Runtime's threads (several runs sharing a machine).
select   picks trajectories by RSR and writes their original input lines, byte for byte.
summary  the per-teacher table from any mix of our results and the reference's outputs
         (_inferred_data parquet/JSONL of either schema, _sample_metrics, rsr_<model>.tsv, whole trees).
cache    the Hub models downloaded for --model HUB_ID: list them, or rm one to download it afresh.
serve    the student behind vLLM's prompt log-probabilities (POST /v1/completions), for the app
         and for score --server: strict ranks, entropy and the top 5; 127.0.0.1 unless --host.`;

/** The name a model gets in results (as loadNodeStudent names it), known before loading it. */
async function modelName(model: string | undefined): Promise<string> {
  if (!model) return 'rsr-tiny-qwen3';
  const where = await modelLocation(model);
  return where.kind === 'folder' ? path.basename(path.resolve(where.dir)) : where.id;
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

/** `--out` must be able to become a file and `--out-dir` a folder: checked before the run, not at its end. */
function checkOutputTargets(targets: OutputTargets): void {
  const out = targets.out && fs.statSync(targets.out, { throwIfNoEntry: false });
  if (out && out.isDirectory()) throw new UsageError(`--out ${targets.out} is a folder: name a file (results.jsonl or results.parquet), or write the reference's layout with --out-dir ${targets.out}`);
  const dir = targets.outDir && fs.statSync(targets.outDir, { throwIfNoEntry: false });
  if (dir && !dir.isDirectory()) throw new UsageError(`--out-dir ${targets.outDir} is a file, not a folder: name a folder (it is created when missing), or write one file with --out`);
}

/** The lock files of a run's outputs (outputLock.ts). */
const lockFiles = (targets: OutputTargets) => [...(targets.out ? [`${targets.out}.lock`] : []), ...(targets.outDir ? [path.join(targets.outDir, 'rsr-lens.lock')] : [])];

async function runScore(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: SCORE_OPTIONS, allowPositionals: true });
  if (values.help) return usage(0);
  if (positionals.length === 0) throw new UsageError('score needs at least one FILE or FOLDER');
  const options = scoreOptions(values);
  const targets: OutputTargets = { out: values.out, outDir: values['out-dir'], tokens: values.tokens };
  checkOutputTargets(targets);
  const inputs = inputPaths(positionals, (note) => process.stderr.write(`note: ${printable(note)}\n`));
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
  // One run per output: taken before the journal is read, held until the outputs are written.
  const lock = journal ? lockOutputs(lockFiles(targets)) : undefined;
  try {
    for (const note of lock?.notes ?? []) process.stderr.write(`note: ${printable(note)}\n`);
    return await scoreToOutputs(values, options, inputs, targets, journal);
  } finally {
    lock?.release();
  }
}

async function scoreToOutputs(values: { resume: boolean }, options: ScoreFilesOptions, inputs: InputPath[], targets: OutputTargets, journal: string | undefined): Promise<number> {
  let done = new Map<string, number>();
  let resumedLines = 0;
  let resumedDtype: unknown;
  let resumedModel: unknown;
  if (journal && fs.existsSync(journal) && !values.resume) {
    throw new UsageError(`${journal} holds the results of an interrupted run: add --resume to continue it, or delete it to start afresh`);
  }
  if (journal && values.resume) {
    const state = await resumeState(targets, journal, {
      // With --server the model is the one the servers serve: checked once they answer (onStudent).
      model: options.servers ? undefined : await modelName(options.model),
      dtype: options.dtype === 'auto' ? undefined : options.dtype,
      rank_clip: options.clip,
      template: options.template,
      max_tokens: options.maxTokens,
    });
    done = state.done;
    resumedLines = state.count;
    resumedDtype = state.recorded.dtype;
    resumedModel = state.recorded.model;
    if (state.dropped) process.stderr.write(`--resume: dropped a partial last line of ${printable(journal)} (a run killed mid-write)\n`);
  }

  // Opened at the first result: --resume may rewrite the journal before (dropStaleResults).
  let journalSink: ReturnType<typeof openJournal> | undefined;
  const sink = journal
    ? {
        write: (line: string) => {
          journalSink ??= openJournal(journal, { append: true });
          journalSink.write(line);
        },
        // Created even when nothing was scored: the outputs are built from it.
        close: () => (journalSink ??= openJournal(journal, { append: true })).close(),
      }
    : { write: (line: string) => process.stdout.write(line + '\n'), close: () => {} };
  const withTokens = journal ? journalHasTokens(targets) : targets.tokens;
  const signals = interruptible();
  const datasets = datasetsOf(inputs);
  let openRows = 0;
  const nameOfDataset = new Map(inputs.map((i) => [i, [...i.dataset.dirs, i.dataset.stem].join('__')]));
  const skips = rowLog({ keep: SHOWN_ROWS, file: journal ? `${journal.replace(/\.partial\.jsonl$/, '')}.skipped.tsv` : undefined });
  const outcome = await scoreFiles(inputs, options, {
    errors: skips,
    isDone: (key) => {
      const n = done.get(key) ?? 0;
      if (n) done.set(key, n - 1);
      return n > 0;
    },
    // Results whose trajectories the input no longer has as they were scored (edited, removed)
    // are what isDone never asked for: dropped, and said so, before anything new is written.
    onCounted: async () => {
      const stale = new Map([...done].filter(([, n]) => n > 0));
      if (!journal || !stale.size) return;
      const dropped = await dropStaleResults(journal, stale);
      resumedLines -= dropped.length;
      const shown = dropped.slice(0, 5).map((d) => `${d.teacher}/${d.id}`).join(', ');
      process.stderr.write(
        `--resume: dropped ${plural(dropped.length, 'result', 'results')} whose trajectories are no longer in the input as they were scored (edited or removed since): ${printable(shown)}${dropped.length > 5 ? ', …' : ''}\n`,
      );
    },
    isCancelled: signals.isInterrupted,
    // --dtype auto picks the file at load: it must be the one the results to continue were scored with.
    onStudent: (student) => {
      if (options.servers && resumedModel !== undefined && resumedModel !== student.name) {
        throw new UsageError(`--resume: ${journal} was scored with model ${JSON.stringify(resumedModel)}, and the servers serve ${JSON.stringify(student.name)}; resume against the same model`);
      }
      if (resumedDtype !== undefined && resumedDtype !== student.dtype) {
        throw new UsageError(
          options.servers
            ? `--resume: ${journal} was scored with dtype ${JSON.stringify(resumedDtype)}, and the servers report ${JSON.stringify(student.dtype)}; resume against servers that compute in ${resumedDtype}`
            : `--resume: ${journal} was scored with dtype ${JSON.stringify(resumedDtype)}, and --dtype auto now picks ${JSON.stringify(student.dtype)}; resume with --dtype ${resumedDtype}`,
        );
      }
    },
    onResult: (r, input, hash) => {
      if (r.provenance.path === 'server' && r.provenance.approximate) openRows++;
      const line = resultLine(r, { tokens: withTokens, sourcePath: input.path, contentHash: hash, dataset: nameOfDataset.get(input) });
      sink.write(JSON.stringify(line));
    },
  }).finally(() => {
    sink.close();
    skips.close();
  });
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
      (p ? ` with ${printable(p.model)} (${p.dtype}, ${p.device}, ${SCORING_PATH_LABEL[p.path]} scoring, R = ${p.clip}, rsr-lens ${p.version})` : '') +
      ('servers' in outcome.student
        ? ` — by ${outcome.student.servers.map(printable).join(', ')}${outcome.student.dropped.length ? ` (${outcome.student.dropped.length} dropped on the way)` : ''}; ranks: ${printable(p?.rankSemantics ?? '')}` +
          (openRows ? `; ${openRows} trajectories have ranks the server's top-K left open (their approximate field says how many)` : '')
        : ` — ${printable(outcome.student.file)}, ${(outcome.student.bytes / 2 ** 20).toFixed(1)} MiB (${printable(outcome.student.choice)})`) +
      (p?.approximate ? `; approximate: ${printable(p.approximate)}` : '') +
      (resumedLines ? `; ${resumedLines} ${resumedLines === 1 ? 'was' : 'were'} already scored` : '') +
      (written ? `; results in ${written}` : '') +
      '\n',
  );
  reportErrors(outcome.errors);
  reportErrors(outcome.warnings, { title: 'scored past the model’s context (max_position_embeddings is in the row)' });
  if (outcome.fatal) {
    process.stderr.write(`\nrsr-lens: stopped: ${printable(outcome.fatal.message)}\n`);
    if (journal) process.stderr.write(`what was scored before is in ${written}; fix the cause, then run the same command with --resume\n`);
    return 1;
  }
  if (outcome.cancelled) {
    process.stderr.write(`\ninterrupted: ${written ? `${written} hold${targets.out && targets.outDir ? '' : 's'} what was scored; run the same command with --resume to continue` : 'results so far were written above'}\n`);
    return 130;
  }
  return outcome.errors.count ? 1 : 0;
}

/**
 * `rsr-lens: <message>`, each of its lines made printable on its own: node's parseArgs writes
 * messages of two lines, whose newline printable() would show as a literal `\n`.
 */
function refusal(message: string): string {
  return message
    .split('\n')
    .map((line, i) => (i ? '  ' : 'rsr-lens: ') + printable(line))
    .join('\n');
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
    if (command === 'cache') return await runCache(rest);
    if (command === 'serve') return await runServe(rest);
    if (command === '--version') {
      process.stdout.write(APP_VERSION + '\n');
      return 0;
    }
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') return usage(command ? 0 : 2);
    throw new UsageError(`unknown command "${command}"`);
  } catch (err) {
    // A model that cannot be loaded or scored as given: one line that names the file, no usage.
    if (err instanceof StudentError) {
      process.stderr.write(`${refusal(err.message)}\n`);
      return 2;
    }
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      // The refusal, then where the usage is: the whole usage after it buried the one line that matters.
      const isAboutUsage = !(err instanceof UsageError) || err.isAboutUsage;
      process.stderr.write(`${refusal((err as Error).message)}\n${isAboutUsage ? 'rsr-lens --help shows the usage\n' : ''}`);
      return 2;
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
