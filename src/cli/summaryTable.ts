import type { TeacherSummary } from '../core/types';

const fmt = (x: number, digits = 4) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

/** The per-teacher table printed after a run, best (lowest Eq. 9 RSR) first. */
export function summaryTable(summaries: readonly TeacherSummary[]): string {
  const rows = [...summaries].sort((a, b) => a.rsr - b.rsr);
  const header = ['teacher', 'n', 'RSR (Eq. 9)', 'avg rank@R', 'avg surprisal', 'avg rank', 'avg entropy', 'avg length'];
  const body = rows.map((s) => [
    s.teacher,
    String(s.n),
    fmt(s.rsr),
    fmt(s.avgRankClip, 3),
    fmt(s.avgSurprisal),
    fmt(s.avgRank, 2),
    fmt(s.avgEntropy),
    fmt(s.avgLength, 1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
