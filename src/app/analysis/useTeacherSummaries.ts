import { useMemo } from 'react';
import { teacherSummaries } from '../../core/metrics/teacherRsr';
import type { TeacherSummary } from '../../core/types';
import type { AnalysisRow } from './analysisRows';

/** Eq. 9 summaries of the rows, best (lowest RSR) first; a teacher without a finite RSR goes last. */
export function useTeacherSummaries(rows: readonly AnalysisRow[]): TeacherSummary[] {
  return useMemo(() => sortByRsr(teacherSummaries(rows)), [rows]);
}

export function sortByRsr(summaries: TeacherSummary[]): TeacherSummary[] {
  const key = (s: TeacherSummary) => (Number.isFinite(s.rsr) ? s.rsr : Infinity);
  return summaries.sort((a, b) => key(a) - key(b) || (a.teacher < b.teacher ? -1 : a.teacher > b.teacher ? 1 : 0));
}
