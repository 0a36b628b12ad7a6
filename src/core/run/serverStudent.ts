import type { ServerScorer } from '../score/serverScorer';
import { studentTokenizer } from '../score/studentFiles';
import type { TokenizerFiles } from '../tokenize/studentTokenizer';
import { maxPositionsOf, type Student } from './scoreTrajectories';

/**
 * The student a server scores, as the run sees it (CLI and worker alike): the model, dtype and
 * engine the server reports, the tokenizer read here, and max_position_embeddings from that
 * tokenizer's config.json where it has one.
 */
export function serverStudentOf(scorer: ServerScorer, files: { tokenizer: TokenizerFiles; config?: Record<string, any> }): Student & { scorer: ServerScorer } {
  const maxPositions = files.config ? maxPositionsOf(files.config) : undefined;
  return {
    name: scorer.model,
    dtype: scorer.dtype ?? 'unreported',
    device: scorer.engine,
    tokenizer: studentTokenizer({ tokenizer: files.tokenizer }),
    scorer,
    ...(maxPositions && { maxPositions }),
  };
}
