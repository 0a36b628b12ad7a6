import { useEffect, useId, useState } from 'react';

interface NumberFieldProps {
  /** Visible label, also the accessible name. */
  label: string;
  value: number;
  /** Smallest accepted integer; anything below (or not a number) reverts. */
  min: number;
  disabled?: boolean;
  /** Short explanation shown under the field. */
  hint?: string;
  onCommit: (value: number) => void;
}

/**
 * An integer input that commits on blur or Enter, not on every keystroke: each committed value
 * re-keys the result cache, and typing "100" should not look up "1" and "10" on the way.
 */
export function NumberField({ label, value, min, disabled, hint, onCommit }: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);
  const commit = () => {
    const n = Number(draft);
    if (draft.trim() !== '' && Number.isInteger(n) && n >= min) {
      if (n !== value) onCommit(n);
    } else {
      setDraft(String(value));
    }
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        step={1}
        value={draft}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {hint && (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      )}
    </div>
  );
}
