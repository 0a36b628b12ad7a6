import { useId, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { distinguishingLabels, middleEllipsis } from '../../analysis/distinguishingLabels';
import { fieldNames, fieldValues } from '../../analysis/recordFields';
import { useLensStore } from '../../store/useLensStore';

const SEP = '\u0000';
/** Longest slice label in the list: an option cannot be shortened by CSS. */
const OPTION_CHARS = 56;

/**
 * The records' own scalar fields (`source`, `correct`, a difficulty), as the table offers them:
 * a slice filter (one value of a field with few values) and optional columns. Nothing when the
 * records have no extra fields.
 */
export function FieldControls() {
  const { trajectories, fieldSlice, fieldColumns, fieldSliceChanged, fieldColumnsChanged } = useLensStore(
    useShallow((s) => ({
      trajectories: s.trajectories,
      fieldSlice: s.fieldSlice,
      fieldColumns: s.fieldColumns,
      fieldSliceChanged: s.fieldSliceChanged,
      fieldColumnsChanged: s.fieldColumnsChanged,
    })),
  );
  const names = useMemo(() => fieldNames(trajectories), [trajectories]);
  // Each value by the part that tells it from the others (eight sources share one long prefix).
  const groups = useMemo(
    () =>
      names
        .map((name) => ({ name, values: fieldValues(trajectories, name) }))
        .filter((g) => g.values?.length)
        .map((g) => {
          const labels = distinguishingLabels(g.values!.map((v) => v.value));
          return { name: g.name, values: g.values!.map((v, i) => ({ ...v, label: middleEllipsis(labels[i], OPTION_CHARS) })) };
        }),
    [names, trajectories],
  );
  const sliceId = useId();
  if (!names.length) return null;
  return (
    <>
      {groups.length > 0 && (
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
            {groups.map((g) => (
              <optgroup key={g.name} label={g.name}>
                {g.values.map((v) => (
                  <option key={v.value} value={`${g.name}${SEP}${v.value}`} title={v.value}>
                    {g.name} = {v.label} ({v.count})
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
      )}
      <details className="column-picker">
        <summary>Columns</summary>
        <fieldset>
          <legend className="visually-hidden">Record fields shown as columns</legend>
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
      </details>
    </>
  );
}
