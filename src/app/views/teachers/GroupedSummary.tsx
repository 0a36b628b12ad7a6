import { Fragment, useMemo, useState } from 'react';
import { teacherSummaries } from '../../../core/metrics/teacherRsr';
import type { AnalysisRow } from '../../analysis/analysisRows';
import { distinguishingLabels } from '../../analysis/distinguishingLabels';
import { sliceFields, sliceValues } from '../../analysis/sliceFields';
import { useSliceContext } from '../../analysis/useSliceContext';
import { formatCount, formatNumber } from '../ui/format';
import { SliceFieldSelect } from '../ui/SliceFieldSelect';
import { TeacherRowHeader } from '../ui/Swatch';

export interface GroupedSummaryProps {
  rows: readonly AnalysisRow[];
  colors: ReadonlyMap<string, string>;
}

/**
 * Eq. 9 per teacher within each value of a field (Zeno's slices: does a teacher's lead hold on AIME
 * and on AMC, on short and long answers, on solved and unsolved problems?): a record's own field or
 * one derived from the row (sliceFields.ts). Only fields with few values are offered.
 */
export function GroupedSummary({ rows, colors }: GroupedSummaryProps) {
  const context = useSliceContext();
  const fields = useMemo(() => sliceFields(rows, context), [rows, context]);
  const [name, setName] = useState('');
  const field = fields.find((f) => f.name === name);
  const groups = useMemo(() => {
    if (!field) return [];
    const values = sliceValues(rows, field) ?? [];
    // Values that share a long start (paths) are told apart by the part where they differ.
    const labels = distinguishingLabels(values.map((v) => v.value));
    return values.map((v, i) => ({
      value: v.value,
      label: labels[i],
      summaries: teacherSummaries(rows.filter((r) => field.valueOf(r) === v.value)).sort((a, b) => a.rsr - b.rsr),
    }));
  }, [rows, field]);
  if (!fields.length) return null;
  return (
    <section className="panel" aria-labelledby="grouped-heading">
      <div className="panel-head">
        <h2 id="grouped-heading">By slice</h2>
        <SliceFieldSelect label="Group by" fields={fields} value={field ? name : ''} onChange={setName} noneLabel="—" />
      </div>
      {groups.length > 0 && (
        <div className="table-scroll">
          <table className="data-table fit-table grouped-table" aria-label={`Teacher RSR by ${field!.label}`}>
            <thead>
              <tr>
                <th scope="col">{field!.label}</th>
                <th scope="col">Teacher</th>
                <th scope="col" className="num">
                  n
                </th>
                <th scope="col" className="num">
                  RSR
                </th>
              </tr>
            </thead>
            {groups.map((g) => (
              // A body per value: its rows share a band and a rule above, so one value's teachers read as a group.
              <tbody key={g.value} className="group-body">
                {g.summaries.map((s, i) => (
                  <tr key={s.teacher} data-group={g.value} data-teacher={s.teacher} data-rsr={String(s.rsr)}>
                    {i === 0 ? (
                      <td rowSpan={g.summaries.length} className="group-cell" title={g.value}>
                        {/* A path breaks after its slashes, not inside its names. */}
                        {g.label.split('/').map((part, k) => (
                          <Fragment key={k}>
                            {k > 0 && (
                              <>
                                /<wbr />
                              </>
                            )}
                            {part}
                          </Fragment>
                        ))}
                      </td>
                    ) : null}
                    <TeacherRowHeader teacher={s.teacher} color={colors.get(s.teacher)} />
                    <td className="num tabular">{formatCount(s.n)}</td>
                    <td className="num tabular">{formatNumber(s.rsr, 3)}</td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </section>
  );
}
