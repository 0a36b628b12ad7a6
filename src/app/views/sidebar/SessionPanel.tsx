import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { forgetSession, openSession, startNewSession } from '../../cache/sessions';
import { useLensStore } from '../../store/useLensStore';
import { formatPlural } from '../ui/format';

/**
 * The open session (named, saved in this browser as data comes in) and the other saved ones: open
 * one, forget one, or start a new one. A reload or a crash brings the open session back.
 */
export function SessionPanel() {
  const { sessionId, sessionName, sessions, isPersistent, isRunning, unsaved, isSaving, sessionRenamed } = useLensStore(
    useShallow((s) => ({
      sessionId: s.sessionId,
      sessionName: s.sessionName,
      sessions: s.sessions,
      isPersistent: s.isPersistent,
      isRunning: s.runState !== 'idle',
      unsaved: s.unsaved,
      // A file still being read is not saved yet, whatever the last save said.
      isSaving: s.isSaving || s.parsing.length > 0,
      sessionRenamed: s.sessionRenamed,
    })),
  );
  const nameId = useId();
  const others = sessions.filter((x) => x.id !== sessionId);
  const isSaved = sessions.some((x) => x.id === sessionId);
  const lost = [...unsaved.files, ...(unsaved.results ? [formatPlural(unsaved.results, 'result scored here', 'results scored here')] : []), ...(unsaved.hasImports ? ['the imports'] : [])];
  return (
    <section className="panel" aria-labelledby="session-heading">
      <h2 id="session-heading">Session</h2>
      <div className="field">
        <label htmlFor={nameId}>Name</label>
        <input id={nameId} type="text" value={sessionName} spellCheck={false} onChange={(e) => sessionRenamed(e.currentTarget.value)} />
        <span className={`field-hint${lost.length ? ' is-warning' : ''}`} data-testid="session-state">
          {lost.length
            ? `Not all saved — the browser’s storage is full: a reload would not bring back ${lost.join(', ')}. Export what you need (Select & export) before closing this tab.`
            : isSaving
              ? 'Saving in this browser…'
              : isSaved
              ? `Saved in this browser${isPersistent === true ? ' (persistent storage)' : isPersistent === false ? ' (the browser may evict it under storage pressure)' : ''}: a reload brings it back.`
              : 'Saved in this browser once data is loaded: a reload brings it back.'}
        </span>
      </div>
      <div className="button-row">
        <button type="button" className="button button-small" disabled={isRunning} onClick={() => void startNewSession()}>
          New session
        </button>
        <button type="button" className="button button-small button-quiet" disabled={isRunning || !isSaved} onClick={() => void forgetSession(sessionId)}>
          Forget this session
        </button>
      </div>
      {others.length > 0 && (
        <ul className="file-list" aria-label="Saved sessions">
          {others.map((x) => (
            <li key={x.id}>
              <span className="file-name" title={x.name}>
                {x.name}
              </span>
              <span className="muted">{formatPlural(x.trajectories, 'trajectory', 'trajectories')}</span>
              <button type="button" className="button button-small" disabled={isRunning} aria-label={`Open session ${x.name}`} onClick={() => void openSession(x.id)}>
                Open
              </button>
              <button type="button" className="icon-button" disabled={isRunning} aria-label={`Forget session ${x.name}`} title="Forget" onClick={() => void forgetSession(x.id)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
