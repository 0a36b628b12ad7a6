import type { ModelSource } from '../../worker/protocol';
import type { LensState } from './useLensStore';

/** The embedded default student, served from `public/models/<name>/`. */
export const BUNDLED_MODEL = 'rsr-tiny-qwen3';

export type StudentKind = ModelSource['kind'];

/** The worker's model source for the current settings (null when 'files' is chosen but nothing was dropped). */
export function modelSourceOf(s: Pick<LensState, 'student' | 'hubId' | 'droppedModel'>): ModelSource | null {
  switch (s.student) {
    case 'bundled':
      return { kind: 'bundled', name: BUNDLED_MODEL };
    case 'hub':
      return s.hubId.trim() ? { kind: 'hub', id: s.hubId.trim() } : null;
    case 'files':
      return s.droppedModel ? { kind: 'files', name: s.droppedModel.name, files: s.droppedModel.files } : null;
  }
}
