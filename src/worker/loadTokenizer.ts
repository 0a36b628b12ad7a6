import { readTokenizerFiles } from '../core/score/studentFiles';
import { createStudentTokenizer, type StudentTokenizer } from '../core/tokenize/studentTokenizer';
import { modelFileGetter } from './modelFiles';
import type { ModelSource } from './protocol';

/**
 * The student's tokenizer and chat template without its weights: three small files instead of
 * the ONNX model, and no ONNX Runtime at all. Enough to lay imported per-token scores (computed
 * elsewhere, e.g. for a 7B student on a GPU) onto the student's own tokens, and for a student
 * on a server (its tokenizer's source).
 */
export async function loadTokenizer(source: ModelSource): Promise<StudentTokenizer> {
  const files = await readTokenizerFiles(modelFileGetter(source.kind === 'server' ? source.tokenizer : source, () => {}));
  return createStudentTokenizer(files);
}
