import type { ReactNode } from 'react';
import { ErrorBoundary, type FallbackProps } from 'react-error-boundary';
import { clearCachedResults } from '../../cache/resultCache';
import { forgetSession } from '../../cache/sessions';
import { useLensStore } from '../../store/useLensStore';

/**
 * What the page shows instead of a blank one when a view throws while drawing. The usual cause is
 * data the page reads back at start-up (a saved session, a cached result), which would throw again
 * at every load: so it offers to forget the open session (and, failing that, the cached results),
 * not only to try again.
 */
function BrokenPage({ error, resetErrorBoundary }: FallbackProps) {
  const sessionName = useLensStore((s) => s.sessionName);
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="broken-page" role="alert">
      <h1>This page could not be drawn</h1>
      <p>
        Something in the open session, “{sessionName}”, could not be shown: <code>{message}</code>. A session saved by another version of RSR Lens, or
        damaged storage, does this. Forgetting the session unloads it (your files are untouched; load them again); clearing the cached results makes
        the next Score compute them afresh.
      </p>
      <div className="button-row">
        <button type="button" className="button button-primary" onClick={() => void forgetSession(useLensStore.getState().sessionId).then(resetErrorBoundary)}>
          Forget this session
        </button>
        <button type="button" className="button" onClick={() => void clearCachedResults().then(() => location.reload())}>
          Clear cached results and reload
        </button>
        <button type="button" className="button button-quiet" onClick={resetErrorBoundary}>
          Try again
        </button>
      </div>
    </div>
  );
}

/** The whole app inside an error boundary (react-error-boundary): a render error shows BrokenPage, never a blank page. */
export function AppErrorBoundary({ children }: { children: ReactNode }) {
  return (
    <ErrorBoundary FallbackComponent={BrokenPage} onError={(error) => console.error('RSR Lens could not draw the page', error)}>
      {children}
    </ErrorBoundary>
  );
}
