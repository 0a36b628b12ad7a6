import { Tokenizer } from '@huggingface/tokenizers';
import type { Message } from '../types';
import { compileChatTemplate } from './chatTemplate';
import { byteLevelBytes, sentencePieceBytes } from './byteLevel';
import { tokenDisplayText } from './tokenOffsets';

/** The files of a Hugging Face tokenizer, already parsed: what any loader (fs, fetch, dropped folder) provides. */
export interface TokenizerFiles {
  tokenizerJson: Record<string, any>;
  tokenizerConfig: Record<string, any>;
  /** Newer repos ship the template as `chat_template.jinja` instead of inside tokenizer_config.json. */
  chatTemplate?: string;
}

/** What the pipeline needs from the student's tokenizer. */
export interface StudentTokenizer {
  /** The conversation rendered by the student's own chat template. */
  render(messages: readonly Message[], addGenerationPrompt?: boolean): string;
  /** Token ids of already-rendered text: special tokens come from the template, none are added. */
  encode(text: string): number[];
  /** Raw bytes of one token (byte-level table inverted; added tokens by their content). */
  tokenBytes(id: number): Uint8Array;
  /** A token's text for tooltips and top-k tables (partial characters as \xNN). */
  displayText(id: number): string;
}

// The template variables transformers (Python and JS) pass to every chat template.
const SPECIAL_TOKEN_KEYS = ['bos_token', 'eos_token', 'unk_token', 'sep_token', 'pad_token', 'cls_token', 'mask_token'];

/** Pick the template as transformers does: a string, or the `default` entry of a named list. */
function chatTemplateOf(files: TokenizerFiles): string {
  if (files.chatTemplate) return files.chatTemplate;
  const t = files.tokenizerConfig.chat_template;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) {
    const named = t.find((x: { name: string }) => x.name === 'default');
    if (named) return named.template;
  }
  throw new Error('the student tokenizer has no chat template (tokenizer_config.json chat_template or chat_template.jinja)');
}

function specialTokens(config: Record<string, any>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of SPECIAL_TOKEN_KEYS) {
    const v = config[key];
    if (typeof v === 'string' && v) out[key] = v;
    else if (v && typeof v === 'object' && typeof v.content === 'string') out[key] = v.content;
  }
  return out;
}

function isByteLevel(json: Record<string, any>): boolean {
  const types = (d: any): string[] => (!d ? [] : d.type === 'Sequence' ? (d.decoders ?? d.pretokenizers ?? []).flatMap(types) : [d.type]);
  return types(json.decoder).includes('ByteLevel') || types(json.pre_tokenizer).includes('ByteLevel');
}

export function createStudentTokenizer(files: TokenizerFiles): StudentTokenizer {
  const tokenizer = new Tokenizer(files.tokenizerJson, files.tokenizerConfig);
  const template = compileChatTemplate(chatTemplateOf(files));
  const specials = specialTokens(files.tokenizerConfig);
  const addedContent = new Map<number, string>();
  for (const t of files.tokenizerJson.added_tokens ?? []) addedContent.set(t.id, t.content);
  const byteLevel = isByteLevel(files.tokenizerJson);
  const encoder = new TextEncoder();
  const bytesCache = new Map<number, Uint8Array>();

  function tokenBytes(id: number): Uint8Array {
    let bytes = bytesCache.get(id);
    if (bytes) return bytes;
    const added = addedContent.get(id);
    if (added !== undefined) bytes = encoder.encode(added);
    else {
      const token = tokenizer.id_to_token(id);
      if (token === undefined) throw new Error(`token id ${id} is not in the student's vocabulary`);
      bytes = (byteLevel ? byteLevelBytes(token) : undefined) ?? sentencePieceBytes(token);
    }
    bytesCache.set(id, bytes);
    return bytes;
  }

  return {
    render: (messages, addGenerationPrompt = false) =>
      template.render({ messages, add_generation_prompt: addGenerationPrompt, ...specials }),
    encode: (text) => tokenizer.encode(text, { add_special_tokens: false }).ids,
    tokenBytes,
    // The lm_head may be wider than the tokenizer (Qwen pads 151,669 ids to 151,936 rows), and a
    // top-k alternative can land on a padding row: it is shown by its id, never ends the run.
    displayText: (id) => (addedContent.has(id) || tokenizer.id_to_token(id) !== undefined ? tokenDisplayText(tokenBytes(id)) : `⟨id ${id}: no token⟩`),
  };
}
