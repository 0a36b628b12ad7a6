import { matchInferred } from '../../core/import/matchInferred';
import type { Provenance, ScoredTrajectory } from '../../core/types';
import { APP_VERSION } from '../../core/version';
import type { ResultFile } from '../../worker/parseProtocol';
import { readResultsInWorker } from '../scoring/parseInWorker';
import { tokenizeInWorker } from '../scoring/tokenizeInWorker';
import { modelSourceOf } from '../store/studentSource';
import { useLensStore } from '../store/useLensStore';
import type { DroppedFile } from './collectDroppedFiles';
import { inferredResult } from './inferredResult';
import { IMPORTED_DEVICE } from './isImportedResult';
import { planImport, type ImportedRow, type ImportProblem, type TokenJob } from './planImport';

/** What importing one file did, for the import panel. */
export interface ImportReport {
  file: string;
  /** 'metrics': per-trajectory metrics only; 'tokens': per-token nlls and ranks. */
  kind: 'metrics' | 'tokens';
  /** Rows now shown (with or without heatmap). */
  imported: number;
  /** Of those, rows with a heatmap (per-token data matched to a loaded trajectory). */
  withHeatmap: number;
  problems: ImportProblem[];
  /** Whole-file remarks, e.g. how many rows match no loaded trajectory. */
  notes: string[];
}

/**
 * Import results files: dropped (the reference's output tree, with the trajectories beside it, or
 * any file whose bytes are results) or picked in the import panel (any results file, JSONL or
 * parquet). They are read in the parse worker, then joined file by file to what is loaded. A tree
 * holding several students is imported for one of them: results of one student at a time make one
 * table and one heatmap per trajectory. Files outside a tree (no student named) are joined first, so
 * where both draw a trajectory, the tree's student wins. A file that fails blocks nothing: when a
 * dataset's per-token file leaves rows without a heatmap, the same dataset's `_sample_metrics`
 * (left out while the per-token file was expected to draw everything) is read after all, and
 * stands in for them.
 */
export async function importResultsFiles(files: DroppedFile[]): Promise<void> {
  const store = () => useLensStore.getState();
  for (const f of files) store().importStarted(f.path);
  let read: Awaited<ReturnType<typeof readResultsInWorker>>;
  try {
    read = await readResultsInWorker(files.map((f) => ({ name: f.path, blob: f.file })));
  } catch (err) {
    const reason = `could not read the results: ${err instanceof Error ? err.message : String(err)}`;
    for (const f of files) store().importFinished({ file: f.path, kind: 'metrics', imported: 0, withHeatmap: 0, problems: [{ line: 0, reason, severity: 'error' }], notes: [] }, []);
    return;
  }
  // Trajectories picked a moment before may still be arriving: results are joined to what is
  // loaded, so joining now would report every row as matching no loaded trajectory.
  await trajectoriesParsed();
  const models = [...new Set(read.files.flatMap((f) => (f.dataset !== undefined && f.model !== undefined ? [f.model] : [])))].sort();
  const [model, ...others] = models;
  const reports = new Map<string, ImportReport>();
  const looseFirst = [...read.files].sort((a, b) => Number(a.model !== undefined) - Number(b.model !== undefined));
  for (const file of looseFirst) {
    if (file.model !== undefined && file.dataset !== undefined && file.model !== model) {
      const reason = `results of the student "${file.model}": this import shows "${model}" (one student at a time); drop _inferred_data/${file.model} alone to see them`;
      store().importFinished({ file: file.name, kind: file.kind === 'tokens' ? 'tokens' : 'metrics', imported: 0, withHeatmap: 0, problems: [{ line: 0, reason, severity: 'error' }], notes: [] }, []);
      continue;
    }
    reports.set(file.name, await importResultFile(file));
  }
  for (const left of read.left) {
    const chosen = left.instead !== undefined ? reports.get(left.instead) : undefined;
    const why = chosen && unplaced(chosen);
    const blob = why ? files.find((f) => f.path === left.file)?.file : undefined;
    if (blob) {
      await importFallback(left.file, blob, `read after all: ${left.instead} ${why}, and these per-sample metrics stand in for them`);
      continue;
    }
    store().importFinished({ file: left.file, kind: 'metrics', imported: 0, withHeatmap: 0, problems: [{ line: 0, reason: left.reason, severity: left.instead ? 'partial' : 'error' }], notes: [] }, []);
  }
  if (others.length) store().noticeAdded('info', `The dropped results hold ${models.length} students (${models.join(', ')}): imported ${model}.`);
}

/** What an import left out ("left 40 of its rows out"), or undefined when every row was taken. */
function unplaced(report: ImportReport): string | undefined {
  const errors = report.problems.filter((p) => p.severity === 'error');
  const whole = errors.find((p) => p.line === 0);
  if (whole) return `could not be imported (${whole.reason})`;
  return errors.length ? `left ${errors.length.toLocaleString('en-US')} of its rows out` : undefined;
}

/** A dataset's `_sample_metrics`, read after its per-token file left rows without a heatmap. */
async function importFallback(name: string, blob: Blob, note: string): Promise<void> {
  try {
    const { files: [file], left } = await readResultsInWorker([{ name, blob }]);
    if (!file) throw new Error(left[0]?.reason ?? 'nothing to read');
    await importResultFile(file, [note]);
  } catch (err) {
    useLensStore.getState().importFinished({ file: name, kind: 'metrics', imported: 0, withHeatmap: 0, problems: [{ line: 0, reason: `could not read it: ${err instanceof Error ? err.message : String(err)}`, severity: 'error' }], notes: [note] }, []);
  }
}

/**
 * One results file scored elsewhere: metrics rows go to the analysis slice; per-token lines are
 * laid on the current student's tokenization of the loaded trajectories and, when everything
 * matches (ids, token ids, response spans), become results with heatmaps. Every line that is
 * not drawn is reported with its number and reason. Returns the report it filed (`notes` first).
 */
async function importResultFile(file: ResultFile, notes: string[] = []): Promise<ImportReport> {
  const store = () => useLensStore.getState();
  const kind: ImportReport['kind'] = file.kind === 'tokens' ? 'tokens' : 'metrics';
  let report: ImportReport;
  try {
    const plan = planImport(file, store());
    const problems = [...plan.problems];
    const rows = [...plan.rows];
    const results: [string, ScoredTrajectory][] = [];
    if (plan.jobs.length) {
      const drawn = await drawJobs(file, plan.jobs);
      results.push(...drawn.results);
      rows.push(...drawn.rows);
      problems.push(...drawn.problems);
      problems.sort((a, b) => a.line - b.line);
    }
    if (results.length) store().resultsArrived(results);
    report = { file: file.name, kind, imported: rows.length + results.length, withHeatmap: results.length, problems, notes: [...notes, ...plan.notes] };
    store().importFinished(report, rows);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    report = { file: file.name, kind, imported: 0, withHeatmap: 0, problems: [{ line: 0, reason, severity: 'error' }], notes };
    store().importFinished(report, []);
  }
  return report;
}

async function drawJobs(file: ResultFile, jobs: TokenJob[]): Promise<{ results: [string, ScoredTrajectory][]; rows: ImportedRow[]; problems: ImportProblem[] }> {
  const s = useLensStore.getState();
  const model = modelSourceOf(s);
  if (!model) throw new Error(s.student === 'hub' ? 'type a Hugging Face model id first: its tokenizer places the imported scores' : 'drop a model folder first: its tokenizer places the imported scores');
  // Each loaded trajectory is tokenized once, even if several lines point at it.
  const unique = [...new Map(jobs.map((j) => [j.key, j.trajectory])).entries()];
  const outcomes = await tokenizeInWorker(model, { template: s.template, maxTokens: s.maxTokens }, unique.map(([, t]) => t));
  const tokensByKey = new Map(unique.map(([key], i) => [key, outcomes[i]]));

  const results: [string, ScoredTrajectory][] = [];
  const rows: ImportedRow[] = [];
  const problems: ImportProblem[] = [];
  const fail = (job: TokenJob, reason: string) => {
    if (job.metrics) {
      rows.push(job.metrics);
      problems.push({ line: job.row.line, reason: `${reason}; metrics imported without a heatmap`, severity: 'partial' });
    } else problems.push({ line: job.row.line, reason, severity: 'error' });
  };
  for (const job of jobs) {
    const outcome = tokensByKey.get(job.key);
    if (!outcome?.ok) {
      fail(job, `the student could not tokenize "${job.row.id}": ${outcome?.reason ?? 'no answer'}`);
      continue;
    }
    const { tokens } = outcome;
    const match = matchInferred(job.row, { tokenCount: tokens.inputIds.length, inputIds: tokens.inputIds, respPositions: tokens.respPositions });
    if (!match.ok) {
      fail(job, match.reason);
      continue;
    }
    const record = job.row.record;
    const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
    const provenance: Provenance = {
      model: text(record.model) ?? file.model ?? `unknown student (${file.name})`,
      dtype: text(record.dtype) ?? '',
      device: IMPORTED_DEVICE,
      version: text(record.version) ?? APP_VERSION,
      clip: s.clip,
      template: s.template,
      path: 'js',
    };
    results.push([job.key, inferredResult(job.row, job.trajectory, tokens, s.clip, provenance)]);
  }
  return { results, rows, problems };
}

/** Resolves once no trajectory file is being read. */
function trajectoriesParsed(): Promise<void> {
  return new Promise((resolve) => {
    if (useLensStore.getState().parsing.length === 0) return resolve();
    const unsubscribe = useLensStore.subscribe((s) => {
      if (s.parsing.length > 0) return;
      unsubscribe();
      resolve();
    });
  });
}
