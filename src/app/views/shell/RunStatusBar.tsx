import { useShallow } from 'zustand/react/shallow';
import { cancelScoring } from '../../scoring/scoringRun';
import { useLensStore } from '../../store/useLensStore';
import { formatCount, formatDuration } from '../ui/format';
import { useEta } from '../ui/useEta';
import { etaText } from '../../../core/run/etaEstimator';

/**
 * The run's state in the header, so it stays in view whatever is scrolled or folded away: loading,
 * then a bar with trajectories done, tokens/s, ETA and Cancel. Nothing when no run is on.
 */
export function RunStatusBar() {
  const { runState, workerStatus, progress, quick } = useLensStore(
    useShallow((s) => ({ runState: s.runState, workerStatus: s.workerStatus, progress: s.progress, quick: s.quickRank?.isRunning ?? false })),
  );
  const { rate, eta } = useEta(runState === 'idle' ? null : progress);
  if (runState === 'idle') return null;
  const isLoading = workerStatus !== 'ready' || !progress;
  const fraction = progress && progress.totalTokens ? progress.doneTokens / progress.totalTokens : 0;
  return (
    <div className="run-status" role="status" aria-label="Run status" data-testid="run-status">
      <span className="run-status-what">{runState === 'cancelling' ? 'Cancelling…' : quick ? 'Quick rank' : 'Scoring'}</span>
      {isLoading ? (
        <span className="muted">{workerStatus === 'warming' ? 'warming up the student…' : 'loading the student…'}</span>
      ) : (
        <>
          <progress aria-label="Run progress" value={fraction} max={1} />
          <span className="tabular">
            {formatCount(progress.finished)} / {formatCount(progress.total)}
          </span>
          {progress.tokenizingChars !== undefined && (
            <span className="muted" data-testid="run-tokenizing">
              tokenizing a conversation of {formatCount(progress.tokenizingChars)} characters…
            </span>
          )}
          <span className="muted tabular">{rate > 0 ? `${formatCount(rate)} tok/s` : 'measuring…'}</span>
          <span className="muted tabular" data-testid="run-eta">
            ETA {etaText(eta, formatDuration)}
          </span>
        </>
      )}
      <button type="button" className="button button-small" aria-label="Cancel scoring" disabled={runState !== 'running'} onClick={cancelScoring}>
        Cancel
      </button>
    </div>
  );
}
