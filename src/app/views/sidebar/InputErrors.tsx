import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { InputError } from '../../../core/types';
import { useLensStore } from '../../store/useLensStore';
import { formatCount } from '../ui/format';

/** The list is capped: 10,000 bad lines are one problem, and the first ones say what it is. */
const SHOWN = 200;

/** Input errors (`file:line — reason`), the trajectories the worker could not score, and those scored past the model's context. */
export function InputErrors() {
  const { errors, skipped, results, hasFiles } = useLensStore(
    useShallow((s) => ({ errors: s.inputErrors, skipped: s.skipped, results: s.results, hasFiles: s.files.length > 0 })),
  );
  const pastLimit = useMemo(() => {
    const out: (InputError & { kind: string })[] = [];
    for (const r of results.values()) {
      if (r.positionLimit === undefined) continue;
      const reason = `${formatCount(r.tokens.inputIds.length)} tokens, more than the model's max_position_embeddings (${formatCount(r.positionLimit)}): scored past the context it was trained on`;
      out.push({ file: r.source.file, line: r.source.line, reason, kind: 'warning' });
    }
    return out;
  }, [results]);
  if (!hasFiles && !errors.length) return null;
  const all = [...errors.map((e) => ({ ...e, kind: 'input' })), ...[...skipped.values()].map((e) => ({ ...e, kind: 'skipped' })), ...pastLimit];
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
                — {e.kind === 'skipped' ? 'not scored: ' : e.kind === 'warning' ? 'scored with a warning: ' : ''}
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
