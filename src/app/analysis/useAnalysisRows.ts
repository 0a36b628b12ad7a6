import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLensStore } from '../store/useLensStore';
import { analysisRows, type AnalysisRow } from './analysisRows';

/** Every trajectory with metrics (scored here or imported), recomputed only when one of its inputs changes. */
export function useAnalysisRows(): AnalysisRow[] {
  const { trajectories, results, importedRows } = useLensStore(
    useShallow((s) => ({ trajectories: s.trajectories, results: s.results, importedRows: s.importedRows })),
  );
  return useMemo(() => analysisRows(trajectories, results, importedRows), [trajectories, results, importedRows]);
}
