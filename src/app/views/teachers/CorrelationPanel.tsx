import { useId, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { correlateWithScores, type CorrelatedMetric } from '../../../core/stats/correlateWithScores';
import { parseScoresCsv } from '../../../core/stats/parseScoresCsv';
import type { TeacherSummary } from '../../../core/types';
import { useLensStore } from '../../store/useLensStore';
import { formatCount, formatNumber } from '../ui/format';

export interface CorrelationPanelProps {
  summaries: readonly TeacherSummary[];
}

const LABELS: Record<CorrelatedMetric, string> = {
  rsr: 'RSR (Eq. 9)',
  avgSurprisal: 'Avg surprisal',
  avgRankClip: 'Avg rank (clipped)',
  avgRank: 'Avg rank',
  avgLength: 'Avg length',
  avgEntropy: 'Avg entropy',
};

const PLACEHOLDER = 'teacher,score\nterse,61.2\nstudent,48.0';

/**
 * The paper's Table 4 on the user's own numbers: paste or upload `teacher,score` (e.g. the
 * student's accuracy after distilling on each teacher) and see how well RSR, and each baseline,
 * tracks it across teachers. A predictive RSR correlates negatively with a higher-is-better score.
 */
export function CorrelationPanel({ summaries }: CorrelationPanelProps) {
  const { text, scoresCsvChanged } = useLensStore(useShallow((s) => ({ text: s.scoresCsv, scoresCsvChanged: s.scoresCsvChanged })));
  const parsed = useMemo(() => parseScoresCsv(text), [text]);
  const correlation = useMemo(() => (parsed.scores.size ? correlateWithScores(summaries, parsed.scores) : null), [summaries, parsed]);
  const inputId = useId();
  return (
    <section className="panel" aria-labelledby="correlation-heading">
      <h2 id="correlation-heading">Against your results</h2>
      <p className="hint">
        One <code>teacher,score</code> per line — e.g. each teacher&rsquo;s post-distillation accuracy. Spearman (average ranks for ties) and
        Pearson across the teachers on both sides, as in the paper&rsquo;s Table 4. Lower RSR is better, so a predictive RSR correlates
        negatively with a higher-is-better score.
      </p>
      <div className="correlation-layout">
        <div className="field">
          <label htmlFor={inputId}>Scores (CSV or TSV)</label>
          <textarea id={inputId} className="csv-input" rows={6} spellCheck={false} placeholder={PLACEHOLDER} value={text} onChange={(e) => scoresCsvChanged(e.currentTarget.value)} />
          <div className="button-row">
            <label className="button button-small">
              Upload CSV…
              <input
                className="visually-hidden"
                type="file"
                accept=".csv,.tsv,.txt,text/csv"
                onChange={(e) => {
                  const file = e.currentTarget.files?.[0];
                  e.currentTarget.value = '';
                  if (file) void file.text().then(scoresCsvChanged);
                }}
              />
            </label>
            {text && (
              <button type="button" className="button button-quiet" onClick={() => scoresCsvChanged('')}>
                Clear
              </button>
            )}
          </div>
        </div>
        <div className="correlation-result">
          {correlation ? (
            <>
              <table className="data-table" aria-label="Correlation with your scores">
                <thead>
                  <tr>
                    <th scope="col">Metric</th>
                    <th scope="col" className="num">
                      Spearman ρ
                    </th>
                    <th scope="col" className="num">
                      Pearson r
                    </th>
                    <th scope="col" className="num" title="Teachers with both a score and a finite metric">
                      Teachers
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {correlation.metrics.map((m) => (
                    <tr key={m.metric} data-metric={m.metric} data-spearman={String(m.spearman)} data-pearson={String(m.pearson)} className={m.metric === 'rsr' ? 'is-key' : undefined}>
                      <th scope="row">{LABELS[m.metric]}</th>
                      <td className="num tabular">{formatNumber(m.spearman, 3)}</td>
                      <td className="num tabular">{formatNumber(m.pearson, 3)}</td>
                      <td className="num tabular">{formatCount(m.n)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {correlation.matched.length < 3 && (
                <p className="hint">
                  {correlation.matched.length < 2 ? 'At least two matched teachers are needed for a correlation.' : 'Two teachers always correlate at ±1: add more.'}
                </p>
              )}
              <dl className="match-list">
                <dt>Matched</dt>
                <dd>{correlation.matched.length ? correlation.matched.join(', ') : 'none'}</dd>
                {correlation.unmatchedTeachers.length > 0 && (
                  <>
                    <dt>Teachers without a score</dt>
                    <dd data-testid="unmatched-teachers">{correlation.unmatchedTeachers.join(', ')}</dd>
                  </>
                )}
                {correlation.unmatchedScores.length > 0 && (
                  <>
                    <dt>Scores without a teacher</dt>
                    <dd data-testid="unmatched-scores">{correlation.unmatchedScores.join(', ')}</dd>
                  </>
                )}
              </dl>
            </>
          ) : (
            <p className="muted">{text.trim() ? 'No score could be read.' : 'Paste scores to see the correlations.'}</p>
          )}
          {parsed.errors.length > 0 && (
            <ul className="error-list" aria-label="Score errors">
              {parsed.errors.map((e) => (
                <li key={`${e.line}:${e.reason}`}>
                  <code>line {e.line}</code> — {e.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
