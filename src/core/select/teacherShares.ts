export interface TeacherShare {
  teacher: string;
  /** Rows of this teacher in the selection. */
  count: number;
  /** count / selection size, in [0, 1]; 0 for every teacher of an empty selection. */
  share: number;
}

/**
 * How much of a selection each teacher contributes: the first question after a per-problem
 * selection ("which teacher suits this student?"). Teachers listed in `teachers` but absent from
 * the selection appear with count 0, so a chart can show every loaded teacher. Ordered by count,
 * largest first, then by name (code-unit order) for a stable legend.
 */
export function teacherShares(selection: Iterable<{ teacher: string }>, teachers: Iterable<string> = []): TeacherShare[] {
  const counts = new Map<string, number>();
  for (const teacher of teachers) counts.set(teacher, 0);
  let total = 0;
  for (const row of selection) {
    counts.set(row.teacher, (counts.get(row.teacher) ?? 0) + 1);
    total++;
  }
  return [...counts]
    .map(([teacher, count]) => ({ teacher, count, share: total ? count / total : 0 }))
    .sort((a, b) => b.count - a.count || (a.teacher < b.teacher ? -1 : a.teacher > b.teacher ? 1 : 0));
}
