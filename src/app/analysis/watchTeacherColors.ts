import { useLensStore } from '../store/useLensStore';
import { teacherColors } from './teacherColors';
import { teacherCounts } from './teacherCounts';

/**
 * Gives every new teacher (loaded or imported) a colour once, and never takes it back while the
 * teacher stays: without this, colours were dealt in name order on every render, and a file whose
 * teacher sorts first repainted every chart. Returns the unsubscribe function.
 */
export function watchTeacherColors(): () => void {
  let lastTrajectories = useLensStore.getState().trajectories;
  let lastImports = useLensStore.getState().importedRows;
  return useLensStore.subscribe((s) => {
    if (s.trajectories === lastTrajectories && s.importedRows === lastImports) return;
    lastTrajectories = s.trajectories;
    lastImports = s.importedRows;
    const names = new Set([...teacherCounts(s.trajectories).keys(), ...s.importedRows.map((r) => r.teacher)]);
    const next = teacherColors(names, s.teacherColors);
    const same = next.size === s.teacherColors.size && [...next].every(([t, c]) => s.teacherColors.get(t) === c);
    if (!same) s.teacherColorsAssigned(next);
  });
}
