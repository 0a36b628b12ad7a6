import type { ReactNode } from 'react';

export interface StatProps {
  /** The figure's name. */
  label: string;
  /** data-testid of the value, for tests and tools. */
  testId?: string;
  /** The formatted value. */
  children: ReactNode;
}

/** One figure of a `<dl className="stats">`: its name above its value, in tabular digits. */
export function Stat({ label, testId, children }: StatProps) {
  return (
    <div>
      <dt>{label}</dt>
      <dd className="tabular" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
