import { describePastContext, describeTruncation, isCutKnown, type TeacherCuts } from '../core/metrics/teacherCuts';
import type { ModelTeacherSummary } from '../core/metrics/teacherTotals';
import { printable } from './terminalText';

const fmt = (x: number, digits = 4) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

/** The max-tokens settings of a teacher's rows: "none" for no limit, "n/a" when no row says. */
function maxTokensCell(c: TeacherCuts | undefined): string {
  if (!isCutKnown(c) || !c.maxTokens.length) return 'n/a';
  return c.maxTokens.map((m) => (m ? String(m) : 'none')).join('; ');
}

/**
 * The per-teacher table printed after a run, best (lowest Eq. 9 RSR) first; with a student column
 * when the rows name students (`summary` over several students' outputs). A count the source
 * does not keep (rsr_<model>.tsv) shows as n/a. When the rows say how they were scored (ours),
 * the max-tokens setting and how many rows it cut; rows longer than the student's context too,
 * when there are any.
 */
export function summaryTable(summaries: readonly ModelTeacherSummary[]): string {
  const rows = [...summaries].sort((a, b) => (a.model ?? '').localeCompare(b.model ?? '') || a.rsr - b.rsr);
  const hasModel = rows.some((s) => s.model !== undefined);
  const hasCuts = rows.some((s) => isCutKnown(s.cuts));
  const hasPastContext = rows.some((s) => (s.cuts?.pastContext ?? 0) > 0);
  const header = [
    ...(hasModel ? ['student'] : []),
    'teacher', 'n', 'RSR (Eq. 9)', 'avg rank@R', 'avg surprisal', 'avg rank', 'avg entropy', 'avg length',
    ...(hasCuts ? ['max tokens', 'truncated'] : []),
    ...(hasPastContext ? ['past context'] : []),
  ];
  const body = rows.map((s) => [
    ...(hasModel ? [printable(s.model ?? '–')] : []),
    printable(s.teacher),
    Number.isNaN(s.n) ? 'n/a' : String(s.n),
    fmt(s.rsr),
    fmt(s.avgRankClip, 3),
    fmt(s.avgSurprisal),
    fmt(s.avgRank, 2),
    fmt(s.avgEntropy),
    fmt(s.avgLength, 1),
    ...(hasCuts ? [maxTokensCell(s.cuts), isCutKnown(s.cuts) ? String(s.cuts.truncated) : 'n/a'] : []),
    ...(hasPastContext ? [String(s.cuts?.pastContext ?? 0)] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const textColumns = hasModel ? 2 : 1;
  const line = (cells: string[]) => cells.map((c, i) => (i < textColumns ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/**
 * What the table's verdict rests on when rows were cut: a line per teacher with truncated rows (a
 * cap moves teacher RSR by more than separates close teachers), and per teacher with rows past
 * the student's context. Empty when nothing was cut.
 */
export function cutsNote(summaries: readonly ModelTeacherSummary[]): string {
  const name = (s: ModelTeacherSummary) => printable(s.model !== undefined ? `${s.model} / ${s.teacher}` : s.teacher);
  const truncated = summaries.filter((s) => s.cuts?.truncated);
  const past = summaries.filter((s) => s.cuts?.pastContext);
  const lines: string[] = [];
  if (truncated.length) {
    lines.push('these RSRs rest on truncated trajectories (only their first max-tokens tokens were scored):');
    for (const s of truncated) lines.push(`  ${name(s)}: ${describeTruncation(s.cuts!)}`);
    lines.push('  score them in full with --max-tokens 0 to compare teachers on whole trajectories');
  }
  if (past.length) {
    lines.push('these RSRs include trajectories scored past the student’s context (their numbers deserve doubt):');
    for (const s of past) lines.push(`  ${name(s)}: ${describePastContext(s.cuts!)}`);
  }
  return lines.join('\n');
}
