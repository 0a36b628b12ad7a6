import type { InferredRow } from '../../core/import/parseInferredData';
import { plural } from '../../core/plural';
import type { RowCut } from '../../core/metrics/teacherCuts';
import type { ImportedMetrics } from '../../core/import/parseSampleMetrics';
import type { InputError, Provenance, Trajectory, TrajectoryMetrics } from '../../core/types';
import type { ResultFile } from '../../worker/parseProtocol';
import { datasetIndex, type DatasetIndex } from './datasetIndex';
import { findLoaded, loadedIndex, type LoadedMatch } from './findLoaded';

/** One trajectory's metrics imported from a `_sample_metrics` (or CLI) file: no tokens, no heatmap. */
export interface ImportedRow {
  /** `import:<file>:<line>`: unique, and never a loaded trajectory's key. */
  key: string;
  /** Problem id: the loaded trajectory's when the row found one (an old-schema row names it by position). */
  id: string;
  /** Teacher: the loaded trajectory's when the row found one (the reference's tree names datasets, not teachers). */
  teacher: string;
  metrics: TrajectoryMetrics;
  provenance: Partial<Pick<Provenance, 'model' | 'dtype' | 'device' | 'version'>>;
  /** What cut the trajectory before it was scored, as far as the line says (missing in sessions saved before it was read). */
  cut?: RowCut;
  /** The imported file's name and the 1-based line of this row. */
  file: string;
  line: number;
  /**
   * Key of the loaded input trajectory this row belongs to when the file was imported: its row
   * shows these metrics until the browser scores it, and selection exports its line.
   */
  matchedKey?: string;
}

/** A line of an imported file that was not taken (or taken without its heatmap), and why. */
export interface ImportProblem {
  line: number;
  reason: string;
  /** 'error': the line was skipped. 'partial': its metrics were kept but no heatmap is drawn. */
  severity: 'error' | 'partial';
}

/** Per-token rows that found their loaded trajectory: to be tokenized, then checked with matchInferred. */
export interface TokenJob {
  row: InferredRow;
  trajectory: Trajectory;
  key: string;
  /** The same line's metrics when the file has them (our CLI's --tokens output): the fallback if the tokens do not fit. */
  metrics?: ImportedRow;
}

export interface ImportPlan {
  kind: 'metrics' | 'tokens';
  /** Metrics rows to show as they are (a metrics file, or token lines that cannot be drawn but carry metrics). */
  rows: ImportedRow[];
  /** Token lines waiting for the student's tokenization. */
  jobs: TokenJob[];
  problems: ImportProblem[];
  notes: string[];
}

/** What is loaded, for joining imported rows to it. */
export interface LoadedData {
  trajectories: readonly Trajectory[];
  inputErrors: readonly InputError[];
}

/**
 * How rows of one results file find their loaded trajectory. A file of the reference's tree names
 * its dataset (`<dir>__<stem>`), which is one loaded file; within it a row is its `sample_id`
 * (the n-th row of an id the n-th record of it) — or, in the schema before 2026-03-13
 * (`sample_idx`), and for records without an id (whose `sample_id` the reference sets to their
 * index), the record at that position. A loose file's rows
 * are joined by id and teacher (findLoaded).
 */
function joiner(file: ResultFile, loaded: LoadedData): { join: (id: string, teacher: string, hasTeacher: boolean, sampleIndex?: number) => LoadedMatch; note?: string } {
  if (file.dataset === undefined) {
    const index = loadedIndex(loaded.trajectories);
    return { join: (id, teacher, hasTeacher) => findLoaded(index, id, teacher, hasTeacher) };
  }
  const datasets: DatasetIndex = datasetIndex(loaded);
  const found = datasets.filesOf(file.dataset);
  if (found.length !== 1) {
    const reason = found.length
      ? `dataset "${file.dataset}" is several loaded files (${found.join(', ')})`
      : `no loaded file is the dataset "${file.dataset}" (load its trajectories, e.g. ${file.dataset.replaceAll('__', '/')}.json or .jsonl)`;
    return { join: () => ({ reason }), note: found.length ? undefined : `Load the trajectories of dataset "${file.dataset}" to join these rows to them.` };
  }
  const records = datasets.recordsOf(found[0]);
  const byId = new Map<string, Trajectory[]>();
  for (const t of records) if (t) byId.set(t.id, [...(byId.get(t.id) ?? []), t]);
  // Ids may repeat in a file (several teachers' answers to one problem): the reference writes its
  // rows in input order, so the n-th row of an id is the n-th record of that id.
  const seen = new Map<string, number>();
  return {
    join: (id, _teacher, _hasTeacher, sampleIndex) => {
      if (sampleIndex !== undefined) {
        const t = sampleIndex >= 0 ? records.at(sampleIndex) : undefined;
        return t ? datasets.match(t) : { reason: `${found[0]} has no loadable record ${sampleIndex} (sample_idx, 0-based)` };
      }
      const same = byId.get(id);
      if (same) {
        const n = seen.get(id) ?? 0;
        seen.set(id, n + 1);
        return n < same.length ? datasets.match(same[n]) : { reason: `row ${n + 1} with id "${id}", but ${found[0]} has ${same.length} records with it` };
      }
      // The reference names a record without an id by its position; ours by its line.
      const t = /^\d+$/.test(id) ? records.at(Number(id)) : undefined;
      if (t && t.id === String(t.source.line)) return datasets.match(t);
      return { reason: `no record of ${found[0]} has id "${id}"` };
    },
  };
}

/**
 * What an imported results file holds and where each line goes, before any tokenizer runs.
 * Per-token files (`_inferred_data`, our CLI with --tokens) become token jobs; metrics files
 * (`_sample_metrics`, our CLI's results) rows. Every line is joined to a loaded trajectory (see
 * joiner). In a metrics file a row without one is still shown, under its own key; in a token file
 * it cannot be drawn and is reported — kept as metrics when the line has them. A TSV keeps only
 * each dataset's aggregate, which is said, not shown as rows.
 */
export function planImport(file: ResultFile, loaded: LoadedData): ImportPlan {
  const { join, note } = joiner(file, loaded);
  const problems: ImportProblem[] = file.errors.map((e) => ({ ...e, severity: 'error' }));
  const toRow = (m: ImportedMetrics, match?: LoadedMatch): ImportedRow => {
    const t = match?.key !== undefined ? match.trajectory : undefined;
    return {
    key: `import:${file.name}:${m.line}`,
    id: t?.id ?? m.id,
    teacher: t?.teacher ?? m.teacher,
    metrics: m.metrics,
    provenance: { ...(file.model !== undefined && { model: file.model }), ...m.provenance },
    cut: m.cut,
    file: file.name,
    line: m.line,
    ...(match?.key !== undefined && { matchedKey: match.key }),
    };
  };

  if (file.kind === 'tsv') {
    const notes = file.datasets.map((d) => `${d.dataName}: RSR ${d.rsr} (the TSV keeps each dataset's aggregate only, no per-sample rows to show)`);
    return { kind: 'metrics', rows: [], jobs: [], problems, notes };
  }
  if (file.kind === 'metrics') {
    let unmatched = 0;
    const rows = file.metrics.map((m) => {
      const match = join(m.id, m.teacher, m.teacher !== file.teacher);
      if (!match.key) unmatched++;
      return toRow(m, match);
    });
    const notes = unmatched ? [`${unmatched} of ${plural(rows.length, 'row', 'rows')} ${unmatched === 1 ? 'matches' : 'match'} no loaded trajectory: shown and counted, but without an input line to export.`] : [];
    if (note && unmatched) notes.push(note);
    return { kind: 'metrics', rows, jobs: [], problems, notes };
  }

  const metricsByLine = new Map(file.metrics.map((m) => [m.line, m]));
  const rows: ImportedRow[] = [];
  const jobs: TokenJob[] = [];
  for (const row of file.inferred) {
    const match = join(row.id, row.teacher, typeof row.record.teacher === 'string' && row.record.teacher !== '', row.sampleIndex);
    const m = metricsByLine.get(row.line);
    if (match.key !== undefined) {
      jobs.push({ row, trajectory: match.trajectory, key: match.key, ...(m && { metrics: toRow(m, match) }) });
      continue;
    }
    if (m) {
      rows.push(toRow(m));
      problems.push({ line: row.line, reason: `${match.reason}: metrics imported without a heatmap`, severity: 'partial' });
    } else {
      problems.push({ line: row.line, reason: `${match.reason}: load the original trajectories to draw it`, severity: 'error' });
    }
  }
  problems.sort((a, b) => a.line - b.line);
  return { kind: 'tokens', rows, jobs, problems, notes: note && jobs.length === 0 ? [note] : [] };
}
