import { useMemo } from 'react';
import { useLensStore } from './store/useLensStore';
import { teacherColors } from './teacherColors';

/** Loaded teachers in name order, with their colours. Recomputed only when the data changes. */
export function useTeachers(): { teachers: string[]; colors: Map<string, string> } {
  const trajectories = useLensStore((s) => s.trajectories);
  return useMemo(() => {
    const colors = teacherColors(trajectories.map((t) => t.teacher));
    return { teachers: [...colors.keys()], colors };
  }, [trajectories]);
}
