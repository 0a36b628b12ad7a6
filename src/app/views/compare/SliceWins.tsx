import { useMemo, useState } from 'react';
import type { TeacherPair } from '../../../core/select/pairTeachers';
import type { AnalysisRow } from '../../analysis/analysisRows';
import { pairsBySlice } from '../../analysis/pairsBySlice';
import { ID_PREFIX, sliceFields } from '../../analysis/sliceFields';
import { useSliceContext } from '../../analysis/useSliceContext';
import { PairedColumnHeads, SliceWinsRows } from '../teachers/SliceWinsRows';
import { SliceFieldSelect } from '../ui/SliceFieldSelect';

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
  // The toolbar wraps (a truncation note, long teacher names), so the button may sit anywhere on
  // its row: the popover opens towards the side with room.
  const [opensLeft, setOpensLeft] = useState(false);
  if (!fields.length || !pairs.length) return null;
  return (
    <details
      className={`column-picker slice-wins${opensLeft ? ' opens-left' : ''}`}
      onToggle={(e) => {
        const box = e.currentTarget.getBoundingClientRect();
        setOpensLeft(box.left + box.width / 2 > window.innerWidth / 2);
      }}
    >
      <summary>Wins by slice</summary>
      <div className="slice-wins-body popover-panel">
        <SliceFieldSelect label="Slice by" fields={fields} value={field.name} onChange={setName} />
        <table className="data-table fit-table" aria-label={`A and B by ${field.label}`}>
          <thead>
            <tr>
              <th scope="col">{field.label}</th>
              <PairedColumnHeads scope="the slice's shared problems" />
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
