import type { ModelTeacherSummary } from '../core/metrics/teacherTotals';
import { printable } from './terminalText';

const fmt = (x: number, digits = 4) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

/**
 * The per-teacher table printed after a run, best (lowest Eq. 9 RSR) first; with a student column
 * when the rows name students (`summary` over several students' outputs). A count the source
 * does not keep (rsr_<model>.tsv) shows as n/a.
 */
export function summaryTable(summaries: readonly ModelTeacherSummary[]): string {
  const rows = [...summaries].sort((a, b) => (a.model ?? '').localeCompare(b.model ?? '') || a.rsr - b.rsr);
  const hasModel = rows.some((s) => s.model !== undefined);
  const header = [...(hasModel ? ['student'] : []), 'teacher', 'n', 'RSR (Eq. 9)', 'avg rank@R', 'avg surprisal', 'avg rank', 'avg entropy', 'avg length'];
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
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const textColumns = hasModel ? 2 : 1;
  const line = (cells: string[]) => cells.map((c, i) => (i < textColumns ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
