import { metricsLine } from '../../../core/export/resultLine';
import { isCutKnown, type RowCut, teacherCuts } from '../../../core/metrics/teacherCuts';
import { tsvText } from '../../../core/export/tsvCell';
import type { BootstrapInterval } from '../../../core/stats/bootstrapTeacherRsr';
import type { Provenance, SourceRef, TeacherSummary, TrajectoryMetrics } from '../../../core/types';

/**
 * The selected trajectories as JSONL: each line is the record exactly as it was read (its
 * `source.raw`, byte for byte) plus '\n', so the export feeds straight into the user's
 * distillation pipeline. Rows without a loaded input record (imported metrics of trajectories
 * that are not loaded) cannot be written and are counted instead.
 */
export function selectionJsonl(rows: readonly { source?: SourceRef }[]): { text: string; lines: number; missing: number } {
  let text = '';
  let lines = 0;
  for (const r of rows) {
    if (!r.source) continue;
    text += `${r.source.raw}\n`;
    lines++;
  }
  return { text, lines, missing: rows.length - lines };
}

/**
 * All results as JSONL, one line of the core's RESULT_FIELDS each (the CLI's field names and
 * order; `rank_semantics` after them for a server's results), so the file reads back here, in our CLI's `select`, and in the authors' scripts.
 */
export function resultsJsonl(
  rows: readonly { id: string; teacher: string; metrics: TrajectoryMetrics; provenance: Partial<Provenance>; source?: Pick<SourceRef, 'file' | 'line'>; cut?: RowCut }[],
): string {
  let text = '';
  for (const r of rows) {
    const line = metricsLine({ ...r, provenance: withCap(r), sourceFile: r.source?.file, sourceLine: r.source?.line, truncated: r.cut?.truncated });
    // A server's results say what its rank counted, as the CLI's lines do.
    text += `${JSON.stringify(r.provenance.rankSemantics ? { ...line, rank_semantics: r.provenance.rankSemantics } : line)}\n`;
  }
  return text;
}

/** A row's provenance with the max-tokens setting its own line gives (an imported row's provenance knows only the student). */
function withCap(r: { provenance: Partial<Provenance>; cut?: RowCut }): Partial<Provenance> {
  return r.cut?.maxTokens !== undefined ? { ...r.provenance, maxTokens: r.cut.maxTokens } : r.provenance;
}

/** Provenance columns of the teacher summary: TSV name, Provenance field. */
const PROVENANCE_COLUMNS: [string, keyof Provenance][] = [
  ['model', 'model'],
  ['dtype', 'dtype'],
  ['device', 'device'],
  ['scoring_path', 'path'],
  ['rank_clip', 'clip'],
  ['max_tokens', 'maxTokens'],
  ['template', 'template'],
  ['version', 'version'],
  ['model_file', 'file'],
  ['approximate', 'approximate'],
  ['rank_semantics', 'rankSemantics'],
];

/**
 * The teacher summary as TSV (one header line, one line per teacher in the given order), numbers
 * at full precision for a spreadsheet; a missing number is an empty cell. `truncated` and
 * `past_context` count the teacher's rows the Max tokens setting cut and those longer than the
 * student's context (empty where no row says, as for the reference's files); `max_tokens` is
 * among the provenance columns. Cells are written by the
 * core's tsvCell, as the CLI writes them: tabs and line breaks inside a teacher name become spaces,
 * so every row keeps its columns, and a name a spreadsheet would run as a formula (`=HYPERLINK(…)`,
 * `+…`, `-…`, `@…`) gets a leading `'`.
 */
export function summaryTsv(
  summaries: readonly TeacherSummary[],
  intervals: ReadonlyMap<string, BootstrapInterval> = new Map(),
  rows: readonly { teacher: string; provenance: Partial<Provenance>; metrics?: Pick<TrajectoryMetrics, 'respTokenLength'>; cut?: RowCut }[] = [],
): string {
  const header = ['teacher', 'n', 'rsr', 'rsr_ci_low', 'rsr_ci_high', 'avg_rank_clip', 'avg_surprisal', 'avg_length', 'avg_rank', 'avg_entropy', 'truncated', 'past_context', ...PROVENANCE_COLUMNS.map(([name]) => name)];
  const cuts = teacherCuts(rows.map((r) => ({ teacher: r.teacher, respTokenLength: r.metrics?.respTokenLength ?? 1, cut: r.cut })));
  const cutCells = (teacher: string) => {
    const c = cuts.get(teacher);
    return isCutKnown(c) ? [c.truncated, c.pastContext] : [undefined, undefined];
  };
  // Every distinct value per teacher: a teacher scored by two runs shows both, never one of them silently.
  const provenanceOf = (teacher: string) =>
    PROVENANCE_COLUMNS.map(([, key]) => [...new Set(rows.filter((r) => r.teacher === teacher).map((r) => withCap(r)[key]).filter((v) => v !== undefined && v !== ''))].join('; '));
  const num = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : undefined);
  return tsvText(
    header,
    summaries.map((s) => {
      const ci = intervals.get(s.teacher);
      return [s.teacher, s.n, num(s.rsr), num(ci?.lo), num(ci?.hi), num(s.avgRankClip), num(s.avgSurprisal), num(s.avgLength), num(s.avgRank), num(s.avgEntropy), ...cutCells(s.teacher), ...provenanceOf(s.teacher)];
    }),
  );
}
