import type { Provenance } from '../../../core/types';
import { BUNDLED_MODEL } from '../../store/studentSource';
import { useLensStore } from '../../store/useLensStore';

export interface DemoModelNoteProps {
  /** The rows whose verdict is shown: the note appears when any was scored by the bundled student. */
  rows: readonly { provenance: Partial<Provenance> }[];
  /** One short line, for views whose height goes to heatmaps (Compare). */
  isCompact?: boolean;
}

/** Open the sidebar and put the keyboard on the student picker. */
function pointToStudent() {
  const s = useLensStore.getState();
  s.focusToggled(false);
  s.sidebarToggled(false);
  requestAnimationFrame(() => document.querySelector<HTMLSelectElement>('[aria-labelledby="run-heading"] select')?.focus());
}

/**
 * Wherever a verdict (which teacher, which trajectory) rests on the bundled toy student, say so:
 * its numbers show how RSR Lens works, not which teacher suits a real student. With a pointer to
 * loading one's own.
 */
export function DemoModelNote({ rows, isCompact }: DemoModelNoteProps) {
  if (!rows.some((r) => r.provenance.model === BUNDLED_MODEL)) return null;
  if (isCompact) {
    return (
      <p className="demo-note demo-note-compact" role="note" data-testid="demo-model-note">
        <strong>Demo student</strong> <span className="mono">{BUNDLED_MODEL}</span>: a 20 MB toy that shows how the tool works, not which teacher suits your
        student.{' '}
        <button type="button" className="link-button" onClick={pointToStudent}>
          Load your own student
        </button>
      </p>
    );
  }
  return (
    <p className="demo-note" role="note" data-testid="demo-model-note">
      <strong>Demo student.</strong> These numbers come from the bundled <span className="mono">{BUNDLED_MODEL}</span>, a 20 MB toy model: they show how
      the tool works, not which teacher suits your student.{' '}
      <button type="button" className="link-button" onClick={pointToStudent}>
        Load your own student
      </button>{' '}
      (a Hub id or a model folder) to decide.
    </p>
  );
}
