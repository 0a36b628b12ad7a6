import { Fragment, useMemo, useState } from 'react';
import { pairTeachers } from '../../../core/select/pairTeachers';
import { pairedDeltaRsr } from '../../../core/stats/pairedDeltaRsr';
import type { TeacherSummary } from '../../../core/types';
import type { AnalysisRow } from '../../analysis/analysisRows';
import { pairsBySlice } from '../../analysis/pairsBySlice';
import { sliceFields } from '../../analysis/sliceFields';
import { useSliceContext } from '../../analysis/useSliceContext';
import { formatCount, formatNumber } from '../ui/format';
import { MiddleEllipsis } from '../ui/MiddleEllipsis';
import { PairedColumnHeads, SliceWinsRows } from './SliceWinsRows';
import { SliceFieldSelect } from '../ui/SliceFieldSelect';

export interface PairwiseTableProps {
  rows: readonly AnalysisRow[];
  /** Best first: each pair lists the better-ranked teacher as A. */
  summaries: readonly TeacherSummary[];
  onCompare: (a: string, b: string) => void;
}

/** More teachers than this give too many pairs for one table; the Compare tab still takes any two. */
const MAX_TEACHERS = 8;

/**
 * Every pair of teachers on the problems both answered: wins and losses by trajectory RSR and
 * the paired bootstrap interval of ΔRSR — pairing on problems tells teachers apart with far fewer
 * trajectories than two separate intervals do. Split by a slice (the id's prefix, a length, a
 * field), each pair's row is followed by its win rates within each slice.
 */
export function PairwiseTable({ rows, summaries, onCompare }: PairwiseTableProps) {
  const teachers = summaries.filter((s) => Number.isFinite(s.rsr)).map((s) => s.teacher);
  const pairs = useMemo(() => {
    if (teachers.length < 2 || teachers.length > MAX_TEACHERS) return [];
    const out = [];
    for (let i = 0; i < teachers.length; i++)
      for (let j = i + 1; j < teachers.length; j++) {
        const joined = pairTeachers(rows, teachers[i], teachers[j]);
        out.push({ a: teachers[i], b: teachers[j], joined, d: pairedDeltaRsr(joined.pairs.map((p) => ({ a: p.a.metrics, b: p.b.metrics }))) });
      }
    return out.filter((p) => p.d.n > 0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows, teachers.join('\u0000')]);
  const context = useSliceContext();
  const fields = useMemo(() => sliceFields(rows, context), [rows, context]);
  const [splitName, setSplitName] = useState('');
  const splitBy = fields.find((f) => f.name === splitName);
  if (!pairs.length) return <p className="muted">No two teachers share a scored problem id yet.</p>;
  return (
    <>
      {fields.length > 0 && (
        <SliceFieldSelect label="Split by" fields={fields} value={splitBy ? splitName : ''} onChange={setSplitName} noneLabel="—" />
      )}
      <div className="table-scroll">
        <table className="data-table fit-table" aria-label="Paired comparison of teachers">
          <thead>
            <tr>
              <th scope="col">A</th>
              <th scope="col">B</th>
              <PairedColumnHeads scope="the shared problems" />
            </tr>
          </thead>
          <tbody>
            {pairs.map(({ a, b, d, joined }) => {
              const isApart = d.lo > 0 || d.hi < 0;
              return (
                <Fragment key={`${a}|${b}`}>
                  <tr className="pair-row" data-a={a} data-b={b} data-wins-a={d.winsA} data-wins-b={d.winsB}>
                    <th scope="row" className="teacher-cell">
                      <MiddleEllipsis text={a} />
                    </th>
                    <td className="teacher-cell">
                      <MiddleEllipsis text={b} />
                    </td>
                    <td className="num tabular">{formatCount(d.n)}</td>
                    <td className="num tabular">{formatCount(d.winsA)}</td>
                    <td className="num tabular">{formatCount(d.winsB)}</td>
                    <td className="num tabular">{formatNumber(d.delta, 3)}</td>
                    <td className="num tabular">
                      {formatNumber(d.lo, 3)} – {formatNumber(d.hi, 3)}
                    </td>
                    <td>
                      {isApart ? 'apart' : 'not apart yet'}{' '}
                      <button type="button" className="link-button" onClick={() => onCompare(a, b)}>
                        compare
                      </button>
                    </td>
                  </tr>
                  {splitBy && <SliceWinsRows groups={pairsBySlice(joined.pairs, splitBy)} labelSpan={2} />}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
