import { useShallow } from 'zustand/react/shallow';
import { useLensStore } from '../../store/useLensStore';
import { formatCount } from '../ui/format';

/** The list is capped: 10,000 bad lines are one problem, and the first ones say what it is. */
const SHOWN = 200;

/** Input errors (`file:line — reason`) and the trajectories the worker could not score. */
export function InputErrors() {
  const { errors, skipped, hasFiles } = useLensStore(
    useShallow((s) => ({ errors: s.inputErrors, skipped: s.skipped, hasFiles: s.files.length > 0 })),
  );
  if (!hasFiles && !errors.length) return null;
  const all = [...errors.map((e) => ({ ...e, kind: 'input' })), ...[...skipped.values()].map((e) => ({ ...e, kind: 'skipped' }))];
  return (
    <section className="panel" aria-labelledby="errors-heading">
      <h2 id="errors-heading">
        Input errors {all.length > 0 && <span className="badge badge-warn">{formatCount(all.length)}</span>}
      </h2>
      {all.length === 0 ? (
        <p className="muted">No input errors.</p>
      ) : (
        <>
          <ul className="error-list" aria-label="Input errors">
            {all.slice(0, SHOWN).map((e, i) => (
              <li key={`${e.kind}:${e.file}:${e.line}:${i}`}>
                {/* Line 0: the whole file (unreadable, empty). */}
                <code>{e.line > 0 ? `${e.file}:${e.line}` : e.file}</code>{' '}
                — {e.kind === 'skipped' ? 'not scored: ' : ''}
                {e.reason}
              </li>
            ))}
          </ul>
          {all.length > SHOWN && <p className="muted">and {formatCount(all.length - SHOWN)} more</p>}
        </>
      )}
    </section>
  );
}
