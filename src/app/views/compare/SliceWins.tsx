import { useId, useMemo, useState } from 'react';
import type { TeacherPair } from '../../../core/select/pairTeachers';
import type { AnalysisRow } from '../../analysis/analysisRows';
import { pairsBySlice } from '../../analysis/pairsBySlice';
import { ID_PREFIX, sliceFields } from '../../analysis/sliceFields';
import { useSliceContext } from '../../analysis/useSliceContext';
import { SliceWinsRows } from '../teachers/SliceWinsRows';

export interface SliceWinsProps {
  /** The two teachers' shared problems. */
  pairs: readonly TeacherPair<AnalysisRow>[];
}

/**
 * The pair's wins and ΔRSR within each slice (the id's prefix by default: AIME vs AMC), folded
 * behind one button of the toolbar so the heatmaps keep the height.
 */
export function SliceWins({ pairs }: SliceWinsProps) {
  const context = useSliceContext();
  const rows = useMemo(() => pairs.flatMap((p) => [p.a, p.b]), [pairs]);
  const fields = useMemo(() => sliceFields(rows, context), [rows, context]);
  const [name, setName] = useState(ID_PREFIX);
  const field = fields.find((f) => f.name === name) ?? fields[0];
  const groups = useMemo(() => (field ? pairsBySlice(pairs, field) : []), [pairs, field]);
  const id = useId();
  if (!fields.length || !pairs.length) return null;
  return (
    <details className="column-picker slice-wins">
      <summary>Wins by slice</summary>
      <div className="slice-wins-body">
        <div className="field field-inline">
          <label htmlFor={id}>Slice by</label>
          <select id={id} value={field.name} onChange={(e) => setName(e.currentTarget.value)}>
            {fields.map((f) => (
              <option key={f.name} value={f.name}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <table className="data-table fit-table" aria-label={`A and B by ${field.label}`}>
          <thead>
            <tr>
              <th scope="col">{field.label}</th>
              <th scope="col" className="num" title="Problems both answered with scores">
                Shared
              </th>
              <th scope="col" className="num">
                A wins
              </th>
              <th scope="col" className="num">
                B wins
              </th>
              <th scope="col" className="num" title="Eq. 9 of A minus Eq. 9 of B on the slice's shared problems">
                ΔRSR
              </th>
              <th scope="col" className="num" title="95% paired bootstrap interval (problems resampled, B = 1000, seed 1)">
                95% interval
              </th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            <SliceWinsRows groups={groups} labelSpan={1} />
          </tbody>
        </table>
      </div>
    </details>
  );
}
