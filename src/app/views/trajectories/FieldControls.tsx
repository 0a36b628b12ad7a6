import { useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { distinguishingLabels, middleEllipsis } from '../../analysis/distinguishingLabels';
import { recordValueCounts, sliceGroups, type SliceRecord } from '../../analysis/sliceFields';
import { useSliceContext } from '../../analysis/useSliceContext';
import { trajectoryKey } from '../../input/trajectoryKey';
import { appendMemo } from '../../store/appendedList';
import { useLensStore } from '../../store/useLensStore';
import { DeriveField } from './DeriveField';

const SEP = '\u0000';
/** Longest slice label in the list: an option cannot be shortened by CSS. */
const OPTION_CHARS = 56;

/**
 * Slices of the trajectories — by a field derived from the row (the id's prefix, its length, a
 * pattern) or by a record's own scalar field (`source`, `correct`, a difficulty) — and the record
 * fields as optional columns.
 */
export function FieldControls() {
  const { trajectories, fieldSlice, fieldColumns, fieldSliceChanged, fieldColumnsChanged, derivedSpec, deriveProblem } = useLensStore(
    useShallow((s) => ({
      derivedSpec: s.derivedSpec,
      deriveProblem: s.deriveProblem,
      trajectories: s.trajectories,
      fieldSlice: s.fieldSlice,
      fieldColumns: s.fieldColumns,
      fieldSliceChanged: s.fieldSliceChanged,
      fieldColumnsChanged: s.fieldColumnsChanged,
    })),
  );
  const context = useSliceContext();
  // Counted as the trajectories arrive: a batch adds its values (appendedList.ts).
  const [countsOf] = useState(() => appendMemo(recordValueCounts));
  const counts = countsOf(trajectories, {});
  const names = useMemo(() => [...counts.own.keys()], [counts]);
  // Each value by the part that tells it from the others (eight sources share one long prefix).
  const groups = useMemo(() => {
    // Made only when the lengths or a derived pattern are sliced by (they read each record's key).
    let records: SliceRecord[] | undefined;
    return (
      sliceGroups(counts, () => (records ??= trajectories.map((t) => ({ key: trajectoryKey(t), id: t.id, fields: t.fields }))), context).map(({ field, values }) => {
        const labels = distinguishingLabels(values.map((v) => v.value));
        return { field, values: values.map((v, i) => ({ ...v, label: middleEllipsis(labels[i], OPTION_CHARS) })) };
      })
    );
  }, [counts, trajectories, context]);
  const sliceId = useId();
  if (!trajectories.length) return null;
  const isOffered = !fieldSlice || groups.some((g) => g.field.name === fieldSlice.field && g.values.some((v) => v.value === fieldSlice.value));
  return (
    <>
      {(groups.length > 0 || fieldSlice) && (
        <div className="field field-inline">
          <label htmlFor={sliceId} className="visually-hidden">
            Slice
          </label>
          <select
            id={sliceId}
            value={fieldSlice ? `${fieldSlice.field}${SEP}${fieldSlice.value}` : ''}
            onChange={(e) => {
              const v = e.currentTarget.value;
              const i = v.indexOf(SEP);
              fieldSliceChanged(i < 0 ? null : { field: v.slice(0, i), value: v.slice(i + 1) });
            }}
          >
            <option value="">Slice: all records</option>
            {/* A slice from the URL whose values are not here yet (lengths still counting) stays selectable. */}
            {fieldSlice && !isOffered && (
              <option value={`${fieldSlice.field}${SEP}${fieldSlice.value}`}>
                {fieldSlice.field} = {middleEllipsis(fieldSlice.value, OPTION_CHARS)}
              </option>
            )}
            {groups.map((g) => (
              <optgroup key={g.field.name} label={g.field.label}>
                {g.values.map((v) => (
                  <option key={v.value} value={`${g.field.name}${SEP}${v.value}`} title={v.value}>
                    {g.field.label} = {v.label} ({v.count})
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
      )}
      {/* One button for what is done with fields, so the toolbar stays one row on a laptop. */}
      <details className="column-picker fields-picker" open={deriveProblem ? true : undefined}>
        <summary title="Record fields as columns, and a field derived with a pattern">{derivedSpec ? 'Fields ✓' : 'Fields'}</summary>
        <div className="fields-body popover-panel">
          {names.length > 0 && (
            <fieldset>
              <legend>Columns</legend>
              {names.map((name) => (
                <label key={name} className="check">
                  <input
                    type="checkbox"
                    checked={fieldColumns.includes(name)}
                    onChange={(e) => fieldColumnsChanged(e.currentTarget.checked ? [...fieldColumns, name] : fieldColumns.filter((c) => c !== name))}
                  />
                  {name}
                </label>
              ))}
            </fieldset>
          )}
          <DeriveField fields={names} />
        </div>
      </details>
    </>
  );
}
