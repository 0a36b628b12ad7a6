import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLensStore } from '../store/useLensStore';
import { teacherColors } from './teacherColors';

/** Loaded and imported teachers in name order, with their colours. Recomputed only when the data changes. */
export function useTeachers(): { teachers: string[]; colors: Map<string, string> } {
  const { trajectories, importedRows } = useLensStore(useShallow((s) => ({ trajectories: s.trajectories, importedRows: s.importedRows })));
  return useMemo(() => {
    const colors = teacherColors([...trajectories.map((t) => t.teacher), ...importedRows.map((r) => r.teacher)]);
    return { teachers: [...colors.keys()], colors };
  }, [trajectories, importedRows]);
}
