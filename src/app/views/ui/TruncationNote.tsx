import { useMemo } from 'react';
import { describePastContext, describeTruncation, teacherCuts } from '../../../core/metrics/teacherCuts';
import type { AnalysisRow } from '../../analysis/analysisRows';
import { scoreTruncatedInFull } from '../../scoring/scoreInFull';
import { useLensStore } from '../../store/useLensStore';
import { formatPlural } from './format';

export interface TruncationNoteProps {
  /** The rows the verdict shown beside it rests on. */
  rows: readonly Pick<AnalysisRow, 'teacher' | 'metrics' | 'cut' | 'result' | 'isImported'>[];
}

/**
 * Wherever a verdict (which teacher, which trajectories) rests on cut conversations, say so, per
 * teacher: how many of its rows the Max tokens setting cut and at what cap — a cap moves teacher
 * RSR by more than separates close teachers — and how many are longer than the student's context
 * (scored past it, as the reference does). Offers to score the cut ones again in full.
 */
export function TruncationNote({ rows }: TruncationNoteProps) {
  const isIdle = useLensStore((s) => s.runState === 'idle');
  const { truncated, pastContext, rescorable } = useMemo(() => {
    const cuts = [...teacherCuts(rows.map((r) => ({ teacher: r.teacher, respTokenLength: r.metrics.respTokenLength, cut: r.cut })))];
    return {
      truncated: cuts.filter(([, c]) => c.truncated),
      pastContext: cuts.filter(([, c]) => c.pastContext),
      // Rows scored here, in this page: the ones a run can score again without the cap.
      rescorable: rows.filter((r) => r.result && !r.isImported && r.result.tokens.truncated).length,
    };
  }, [rows]);
  if (!truncated.length && !pastContext.length) return null;
  const total = truncated.reduce((n, [, c]) => n + c.truncated, 0);
  return (
    <div className="cut-note" role="note" data-testid="truncation-note" data-truncated={total}>
      {truncated.length > 0 && (
        <p>
          <strong>Truncated trajectories.</strong> This verdict rests on conversations cut by the Max tokens setting: only their first tokens were
          scored, and a cap moves a teacher&rsquo;s RSR.{' '}
          <span className="cut-list">
            {truncated.map(([teacher, c]) => (
              <span key={teacher} className="cut-item" data-teacher={teacher} data-truncated={c.truncated} data-max-tokens={c.truncatedAt.join(' ')}>
                <span className="cut-teacher" title={teacher}>
                  {teacher}
                </span>
                : {describeTruncation(c)}
              </span>
            ))}
          </span>{' '}
          {rescorable > 0 && (
            <button type="button" className="button button-small" disabled={!isIdle} onClick={() => void scoreTruncatedInFull()}>
              Score the {formatPlural(rescorable, 'truncated trajectory', 'truncated trajectories')} in full
            </button>
          )}
        </p>
      )}
      {pastContext.length > 0 && (
        <p>
          <strong>Longer than the student&rsquo;s context.</strong> Scored past max_position_embeddings, as the reference does; their numbers deserve
          doubt.{' '}
          <span className="cut-list">
            {pastContext.map(([teacher, c]) => (
              <span key={teacher} className="cut-item" data-teacher={teacher} data-past-context={c.pastContext}>
                <span className="cut-teacher" title={teacher}>
                  {teacher}
                </span>
                : {describePastContext(c)}
              </span>
            ))}
          </span>
        </p>
      )}
    </div>
  );
}
