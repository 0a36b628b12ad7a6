import type { PairedDelta } from '../../../core/stats/pairedDeltaRsr';
import { formatCount, formatNumber } from '../ui/format';

export interface PairedSummaryProps {
  paired: PairedDelta;
  /** Teacher names, for the sentence. */
  a: string;
  b: string;
}

/**
 * The pair of teachers on the problems both answered: wins and losses by trajectory RSR, and ΔRSR
 * (Eq. 9 of A − Eq. 9 of B on the same problems) with its paired bootstrap interval — and whether
 * that is enough to tell them apart.
 */
export function PairedSummary({ paired: d, a, b }: PairedSummaryProps) {
  if (!d.n) return <p className="muted paired-summary">No shared problem has scores on both sides yet.</p>;
  const isApart = d.lo > 0 || d.hi < 0;
  const better = d.delta < 0 ? a : b;
  return (
    <div className="paired-summary" data-testid="paired-summary" data-wins-a={d.winsA} data-wins-b={d.winsB} data-delta={d.delta} data-lo={d.lo} data-hi={d.hi}>
      <span>
        <span className="side-badge side-a" aria-hidden="true">
          A
        </span>{' '}
        wins <strong>{formatCount(d.winsA)}</strong> of {formatCount(d.n)}
      </span>
      <span>
        <span className="side-badge side-b" aria-hidden="true">
          B
        </span>{' '}
        wins <strong>{formatCount(d.winsB)}</strong>
        {d.ties > 0 && ` · ${formatCount(d.ties)} ties`}
      </span>
      <span title="RSR (Eq. 9) of A minus RSR of B over the same problems; 95% paired bootstrap interval (problems resampled with both answers, B = 1000, seed 1)">
        ΔRSR (A − B) <strong className="tabular">{formatNumber(d.delta, 3)}</strong>{' '}
        <span className="muted tabular">
          [{formatNumber(d.lo, 3)}, {formatNumber(d.hi, 3)}]
        </span>
      </span>
      <span className={isApart ? 'verdict verdict-apart' : 'verdict'} data-testid="paired-verdict">
        {isApart ? `${better} suits this student better (the interval excludes 0)` : 'Cannot be told apart yet: the interval includes 0'}
      </span>
    </div>
  );
}
