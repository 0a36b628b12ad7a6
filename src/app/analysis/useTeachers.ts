import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLensStore } from '../store/useLensStore';
import { teacherColors } from './teacherColors';
import { teacherCounts } from './teacherCounts';

/** Loaded and imported teachers in name order, with their colours (the store's, see watchTeacherColors). Recomputed only when the data changes. */
export function useTeachers(): { teachers: string[]; colors: Map<string, string> } {
  const { trajectories, importedRows, kept } = useLensStore(
    useShallow((s) => ({ trajectories: s.trajectories, importedRows: s.importedRows, kept: s.teacherColors })),
  );
  return useMemo(() => {
    const colors = teacherColors([...teacherCounts(trajectories).keys(), ...importedRows.map((r) => r.teacher)], kept);
    return { teachers: [...colors.keys()], colors };
  }, [trajectories, importedRows, kept]);
}
