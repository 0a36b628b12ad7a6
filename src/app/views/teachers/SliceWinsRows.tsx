import { useMemo } from 'react';
import { pairedDeltaRsr } from '../../../core/stats/pairedDeltaRsr';
import type { AnalysisRow } from '../../analysis/analysisRows';
import { distinguishingLabels } from '../../analysis/distinguishingLabels';
import type { SliceOfPairs } from '../../analysis/pairsBySlice';
import { formatCount, formatNumber } from '../ui/format';

export interface SliceWinsRowsProps {
  /** The pairs of two teachers grouped by a slice field. */
  groups: readonly SliceOfPairs<AnalysisRow>[];
  /** Columns the slice's name spans (the table's name columns). */
  labelSpan: number;
}

/**
 * One table row per slice: the two teachers' wins on its shared problems, ΔRSR and its paired
 * bootstrap interval, and whether that tells them apart within the slice. Rows for a table whose
 * next columns are Shared, A wins, B wins, ΔRSR, 95% interval and Verdict.
 */
export function SliceWinsRows({ groups, labelSpan }: SliceWinsRowsProps) {
  const rows = useMemo(() => {
    const labels = distinguishingLabels(groups.map((g) => g.value));
    return groups.map((g, i) => ({ value: g.value, label: labels[i], d: pairedDeltaRsr(g.pairs.map((p) => ({ a: p.a.metrics, b: p.b.metrics }))) }));
  }, [groups]);
  return rows.map(({ value, label, d }) => {
    const isApart = d.lo > 0 || d.hi < 0;
    return (
      <tr key={value} className="slice-row" data-slice={value} data-n={d.n} data-wins-a={d.winsA} data-wins-b={d.winsB} data-delta={d.delta}>
        <th scope="row" colSpan={labelSpan} className="slice-label" title={value}>
          <span aria-hidden="true">↳ </span>
          {label}
        </th>
        <td className="num tabular">{formatCount(d.n)}</td>
        <td className="num tabular">{formatCount(d.winsA)}</td>
        <td className="num tabular">{formatCount(d.winsB)}</td>
        <td className="num tabular">{formatNumber(d.delta, 3)}</td>
        <td className="num tabular">{d.n > 1 ? `${formatNumber(d.lo, 3)} – ${formatNumber(d.hi, 3)}` : '—'}</td>
        <td className="muted">{d.n > 1 ? (isApart ? 'apart' : 'not apart yet') : 'too few'}</td>
      </tr>
    );
  });
}

/** The column heads SliceWinsRows fills (after the name columns), for the pairs of `scope` ("the shared problems"). */
export function PairedColumnHeads({ scope }: { scope: string }) {
  return (
    <>
      <th scope="col" className="num" title="Problems both answered with scores">
        Shared
      </th>
      <th scope="col" className="num" title="Problems where A's trajectory RSR is lower">
        A wins
      </th>
      <th scope="col" className="num" title="Problems where B's trajectory RSR is lower">
        B wins
      </th>
      <th scope="col" className="num" title={`Eq. 9 of A minus Eq. 9 of B on ${scope}`}>
        ΔRSR
      </th>
      <th scope="col" className="num" title="95% paired bootstrap interval (problems resampled, B = 1000, seed 1)">
        95% interval
      </th>
      <th scope="col">Verdict</th>
    </>
  );
}
