export interface StepBarProps {
  /** What is stepped through, e.g. the search text. */
  label: string;
  testId: string;
  count: number;
  /** The current item, 0-based; -1 before the first step. */
  index: number;
  /** Singular and plural of the items. */
  noun: [string, string];
  prevLabel: string;
  nextLabel: string;
  onStep: (by: 1 | -1) => void;
}

/** "label: 3 of 17 matches ◀ ▶": previous / next through a list of tokens (search matches, a highlighted bin). */
export function StepBar({ label, testId, count, index, noun, prevLabel, nextLabel, onStep }: StepBarProps) {
  const what = count === 1 ? noun[0] : noun[1];
  return (
    <span className="rsr-hm-steps" data-testid={testId} role="status">
      <span>
        {label}: {count === 0 ? `no ${noun[1]}` : index >= 0 ? `${(index + 1).toLocaleString('en-US')} of ${count.toLocaleString('en-US')} ${what}` : `${count.toLocaleString('en-US')} ${what}`}
      </span>
      <button type="button" aria-label={prevLabel} title={prevLabel} disabled={count === 0} onClick={() => onStep(-1)}>
        ◀
      </button>
      <button type="button" aria-label={nextLabel} title={nextLabel} disabled={count === 0} onClick={() => onStep(1)}>
        ▶
      </button>
    </span>
  );
}
