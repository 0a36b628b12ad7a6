import { jsonLines } from '../../core/import/jsonLines';
import { parseInferredData, type InferredRow } from '../../core/import/parseInferredData';
import { parseSampleMetrics, type ImportedMetrics } from '../../core/import/parseSampleMetrics';
import { teacherFromFile } from '../../core/parse/teacherFromFile';
import type { Provenance, Trajectory, TrajectoryMetrics } from '../../core/types';
import { findLoaded, loadedIndex } from './findLoaded';

/** One trajectory's metrics imported from a `_sample_metrics` (or CLI) file: no tokens, no heatmap. */
export interface ImportedRow {
  /** `import:<file>:<line>`: unique, and never a loaded trajectory's key. */
  key: string;
  id: string;
  teacher: string;
  metrics: TrajectoryMetrics;
  provenance: Partial<Pick<Provenance, 'model' | 'dtype' | 'device' | 'version'>>;
  /** The imported file's name and the 1-based line of this row. */
  file: string;
  line: number;
  /**
   * Key of the loaded input trajectory with the same id and teacher when the file was imported:
   * its row shows these metrics until the browser scores it, and selection exports its line.
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

/**
 * What an imported results file holds and where each line goes, before any tokenizer runs.
 * A file with per-token arrays (`nlls` on some line: the reference's `_inferred_data`, our CLI
 * with --tokens) is a token file; anything else is read as `_sample_metrics`. Every line is
 * joined to a loaded trajectory by id and teacher (see findLoaded). In a metrics file a row
 * without one is still shown, under its own key; in a token file it cannot be drawn and is
 * reported — kept as metrics when the line has them.
 */
export function planImport(text: string, file: string, trajectories: readonly Trajectory[]): ImportPlan {
  const stem = teacherFromFile(file);
  const index = loadedIndex(trajectories);
  const metricsParse = parseSampleMetrics(text, { teacher: stem });
  const toRow = (m: ImportedMetrics, matchedKey?: string): ImportedRow => ({
    key: `import:${file}:${m.line}`,
    id: m.id,
    teacher: m.teacher,
    metrics: m.metrics,
    provenance: m.provenance,
    file,
    line: m.line,
    ...(matchedKey && { matchedKey }),
  });

  if (!hasTokenArrays(text)) {
    let unmatched = 0;
    const rows = metricsParse.rows.map((m) => {
      const match = findLoaded(index, m.id, m.teacher, m.teacher !== stem);
      if (!match.key) unmatched++;
      return toRow(m, match.key);
    });
    const notes = unmatched
      ? [`${unmatched} of ${rows.length} rows match no loaded trajectory: shown and counted, but without an input line to export.`]
      : [];
    return { kind: 'metrics', rows, jobs: [], problems: metricsParse.errors.map((e) => ({ ...e, severity: 'error' })), notes };
  }

  const metricsByLine = new Map(metricsParse.rows.map((m) => [m.line, m]));
  const tokensParse = parseInferredData(text, { teacher: stem });
  const problems: ImportProblem[] = tokensParse.errors.map((e) => ({ ...e, severity: 'error' }));
  const rows: ImportedRow[] = [];
  const jobs: TokenJob[] = [];
  for (const row of tokensParse.rows) {
    const match = findLoaded(index, row.id, row.teacher, typeof row.record.teacher === 'string' && row.record.teacher !== '');
    const m = metricsByLine.get(row.line);
    if (match.key !== undefined) {
      jobs.push({ row, trajectory: match.trajectory, key: match.key, ...(m && { metrics: toRow(m, match.key) }) });
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
  return { kind: 'tokens', rows, jobs, problems, notes: [] };
}

/** Whether any line carries per-token scores (an `nlls` array). */
function hasTokenArrays(text: string): boolean {
  if (!text.includes('"nlls"')) return false;
  for (const parsed of jsonLines(text)) if ('record' in parsed && Array.isArray(parsed.record.nlls)) return true;
  return false;
}
