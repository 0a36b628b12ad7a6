import type { ModelSource, TokenizerSource } from '../../worker/protocol';
import type { LensState } from './useLensStore';

/** The embedded default student, served from `public/models/<name>/`. */
export const BUNDLED_MODEL = 'rsr-tiny-qwen3';

export type StudentKind = ModelSource['kind'];

/** Where a server student's tokenizer is read from, as the run panel offers it. */
export type ServerTokenizerKind = TokenizerSource['kind'];

/**
 * The worker's model source for the current settings (null when 'files' is chosen but nothing was
 * dropped, or a server's URL or its tokenizer is not given yet).
 */
export function modelSourceOf(s: Pick<LensState, 'student' | 'hubId' | 'droppedModel' | 'serverUrl' | 'serverTokenizer' | 'serverTokenizerId'>): ModelSource | null {
  switch (s.student) {
    case 'bundled':
      return { kind: 'bundled', name: BUNDLED_MODEL };
    case 'hub':
      return s.hubId.trim() ? { kind: 'hub', id: s.hubId.trim() } : null;
    case 'files':
      return s.droppedModel ? { kind: 'files', name: s.droppedModel.name, files: s.droppedModel.files } : null;
    case 'server': {
      const tokenizer = serverTokenizerOf(s);
      return s.serverUrl.trim() && tokenizer ? { kind: 'server', url: s.serverUrl.trim().replace(/\/+$/, ''), tokenizer } : null;
    }
  }
}

/** The tokenizer a server student is read with, or null when its choice is not complete. */
export function serverTokenizerOf(s: Pick<LensState, 'droppedModel' | 'serverTokenizer' | 'serverTokenizerId'>): TokenizerSource | null {
  switch (s.serverTokenizer) {
    case 'bundled':
      return { kind: 'bundled', name: BUNDLED_MODEL };
    case 'hub':
      return s.serverTokenizerId.trim() ? { kind: 'hub', id: s.serverTokenizerId.trim() } : null;
    case 'files':
      return s.droppedModel ? { kind: 'files', name: s.droppedModel.name, files: s.droppedModel.files } : null;
  }
}
