import type { SelectableRow } from '../../../core/select/compareRows';
import { selectBelowThreshold } from '../../../core/select/selectBelowThreshold';
import { selectPerProblem } from '../../../core/select/selectPerProblem';
import { selectTopN } from '../../../core/select/selectTopN';
import type { SelectMode } from '../../store/selectSlice';

export interface SelectOptions {
  mode: SelectMode;
  /** N of top N. */
  topN: number;
  /** t of RSR < t. */
  maxRsr: number;
}

/** The rows the chosen mode picks, with the core's order and tie-breaking (the same picks as `rsr-lens select`). */
export function selectRows<R extends SelectableRow>(rows: readonly R[], { mode, topN, maxRsr }: SelectOptions): R[] {
  switch (mode) {
    case 'perProblem':
      return selectPerProblem(rows);
    case 'topN':
      return selectTopN(rows, topN);
    case 'belowThreshold':
      return selectBelowThreshold(rows, maxRsr);
    default: {
      const never: never = mode;
      throw new Error(`unknown selection mode ${String(never)}`);
    }
  }
}
