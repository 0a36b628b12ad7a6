import { useShallow } from 'zustand/react/shallow';
import { useLensStore } from '../../store/useLensStore';

/** Messages to the user (fallbacks, failures, cache actions), newest last, each dismissible; some offer an action (Undo). */
export function Notices() {
  const { notices, noticeDismissed } = useLensStore(useShallow((s) => ({ notices: s.notices, noticeDismissed: s.noticeDismissed })));
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.level}`} role={n.level === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          {n.action && (
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                noticeDismissed(n.id);
                n.action!.run();
              }}
            >
              {n.action.label}
            </button>
          )}
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => noticeDismissed(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
