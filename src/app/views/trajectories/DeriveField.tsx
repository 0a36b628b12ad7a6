import { useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DERIVED, derivedLabel, NO_MATCH } from '../../analysis/sliceFields';
import { useLensStore } from '../../store/useLensStore';
import { formatCount } from '../ui/format';

export interface DeriveFieldProps {
  /** The records' own scalar fields, offered besides the id and the teacher. */
  fields: readonly string[];
}

/**
 * A field derived with a pattern from the id, the teacher or a record field — `source ~
 * /(aime|amc)\d+/`: each trajectory's value is the first group (or the whole match), "(no
 * match)" when the pattern does not match. It joins the slices, Group by and the win rates by slice.
 * The pattern runs in the search worker, with its time limit.
 */
export function DeriveField({ fields }: DeriveFieldProps) {
  const { spec, derived, problem } = useLensStore(useShallow((s) => ({ spec: s.derivedSpec, derived: s.derived, problem: s.deriveProblem })));
  const [field, setField] = useState(spec?.field ?? 'id');
  const [pattern, setPattern] = useState(spec?.pattern ?? '');
  // A spec from the URL (or applied elsewhere) shows in the form.
  useEffect(() => {
    if (!spec) return;
    setField(spec.field);
    setPattern(spec.pattern);
  }, [spec]);
  const fieldId = useId();
  const patternId = useId();
  const store = useLensStore.getState;
  const values = derived ? new Set(derived.values.values()) : null;
  const remove = () => {
    setPattern('');
    store().derivedSpecChanged(null);
  };
  const apply = () => {
    const s = store();
    s.derivedSpecChanged(pattern.trim() ? { field, pattern } : null);
    if (s.fieldSlice?.field === DERIVED) s.fieldSliceChanged(null);
  };
  return (
    <fieldset className="derive-field">
      <legend>Derive a field to slice and group by</legend>
      <div className="field">
        <label htmlFor={fieldId}>From</label>
        <select id={fieldId} value={field} onChange={(e) => setField(e.currentTarget.value)}>
          <option value="id">id</option>
          <option value="teacher">teacher</option>
          {fields.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={patternId}>Pattern (its first group, or the match, is the value)</label>
        <input
          id={patternId}
          type="text"
          value={pattern}
          placeholder="e.g. ^([a-z]+)"
          spellCheck={false}
          onChange={(e) => setPattern(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && apply()}
        />
      </div>
      <div className="button-row">
        <button type="button" className="button button-small" onClick={apply}>
          Apply
        </button>
        {spec && (
          <button type="button" className="button button-small" onClick={remove}>
            Remove
          </button>
        )}
      </div>
      {problem ? (
        <p className="search-problem" role="alert" data-testid="derive-problem">
          {problem}
        </p>
      ) : (
        values && (
          <p className="hint" data-testid="derive-summary">
            {derivedLabel(derived!.spec)}: {formatCount([...values].filter((v) => v !== NO_MATCH).length)} values
            {values.has(NO_MATCH) ? `, and ${NO_MATCH}` : ''}. Slice or group by it.
          </p>
        )
      )}
    </fieldset>
  );
}
