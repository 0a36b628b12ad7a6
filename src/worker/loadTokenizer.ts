import { MAX_JSON_BYTES } from '../core/score/studentFiles';
import { createStudentTokenizer, type StudentTokenizer } from '../core/tokenize/studentTokenizer';
import { modelFileGetter } from './modelFiles';
import type { ModelSource } from './protocol';

/**
 * The student's tokenizer and chat template without its weights: three small files instead of
 * the ONNX model, and no ONNX Runtime at all. Enough to lay imported per-token scores (computed
 * elsewhere, e.g. for a 7B student on a GPU) onto the student's own tokens.
 */
export async function loadTokenizer(source: ModelSource): Promise<StudentTokenizer> {
  const get = modelFileGetter(source, () => {});
  const text = async (path: string, optional = false) => {
    const bytes = await get(path, optional, MAX_JSON_BYTES);
    return bytes && new TextDecoder().decode(bytes);
  };
  const [tokenizerJson, tokenizerConfig, chatTemplate] = await Promise.all([
    text('tokenizer.json').then((t) => JSON.parse(t!)),
    text('tokenizer_config.json').then((t) => JSON.parse(t!)),
    text('chat_template.jinja', true),
  ]);
  return createStudentTokenizer({ tokenizerJson, tokenizerConfig, chatTemplate });
}
