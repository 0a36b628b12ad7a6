import { useId } from 'react';
import type { SliceField } from '../../analysis/sliceFields';

export interface SliceFieldSelectProps {
  label: string;
  fields: readonly SliceField[];
  /** The chosen field's name; '' for none (offered only with `noneLabel`). */
  value: string;
  onChange: (name: string) => void;
  /** Offer "no field" first, under this label. */
  noneLabel?: string;
}

/** A labelled inline `<select>` over the slice fields (sliceFields.ts): Group by, Split by, Slice by. */
export function SliceFieldSelect({ label, fields, value, onChange, noneLabel }: SliceFieldSelectProps) {
  const id = useId();
  return (
    <div className="field field-inline">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {noneLabel !== undefined && <option value="">{noneLabel}</option>}
        {fields.map((f) => (
          <option key={f.name} value={f.name}>
            {f.label}
          </option>
        ))}
      </select>
    </div>
  );
}
