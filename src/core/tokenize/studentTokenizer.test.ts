import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type TokenizerFiles, createStudentTokenizer } from './studentTokenizer';

const readJson = (file: string) => JSON.parse(readFileSync(new URL(`../../../public/models/rsr-tiny-qwen3/${file}`, import.meta.url), 'utf8'));
const qwenFiles: TokenizerFiles = { tokenizerJson: readJson('tokenizer.json'), tokenizerConfig: readJson('tokenizer_config.json') };
const tok = createStudentTokenizer(qwenFiles);

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
const utf8 = (s: string) => new TextEncoder().encode(s);
const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
};

/** A tiny SentencePiece-style (Metaspace + byte fallback) tokenizer, the Llama 2 / Mistral layout. */
const sentencePieceJson = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: [{ id: 8, content: '</s>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }],
  normalizer: null,
  pre_tokenizer: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'first', split: false },
  post_processor: null,
  decoder: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'first', split: false },
  model: {
    type: 'BPE',
    dropout: null,
    unk_token: null,
    continuing_subword_prefix: null,
    end_of_word_suffix: null,
    fuse_unk: false,
    byte_fallback: true,
    ignore_merges: false,
    vocab: { '<0x0A>': 0, '<0xC3>': 1, '<0xA9>': 2, '\u2581': 3, h: 4, i: 5, hi: 6, '\u2581hi': 7, '</s>': 8 },
    merges: [
      ['h', 'i'],
      ['\u2581', 'hi'],
    ],
  },
};

describe('createStudentTokenizer (bundled Qwen3 tokenizer)', () => {
  it('render(messages) uses the model chat template with add_generation_prompt false by default', () => {
    const messages = [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
    ];
    expect(tok.render(messages)).toBe('<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\nHello<|im_end|>\n');
  });

  it('render(messages, true) appends the assistant header', () => {
    expect(tok.render([{ role: 'user', content: 'Hi' }], true)).toBe('<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n');
  });

  it('encode(text) adds no special tokens and reads special tokens written by the template as one id', () => {
    expect(tok.encode('Hi')).toEqual([13048]);
    expect(tok.encode('<|im_start|>assistant\n')).toEqual([151644, 77091, 198]);
    expect(tok.encode('<|im_end|>')).toEqual([151645]);
    expect(tok.encode('')).toEqual([]);
  });

  it('encode(text) NFC-normalizes, as the Qwen tokenizer (and the reference) does', () => {
    expect(tok.encode('e\u0301')).toEqual(tok.encode('\u00e9'));
  });

  it('tokenBytes(id) of a byte-level token is its raw bytes (Ġ read back as a space)', () => {
    expect(hex(tok.tokenBytes(279))).toBe(hex(utf8(' the')));
    expect(hex(tok.tokenBytes(198))).toBe('0a');
  });

  it('tokenBytes(id) of an added token is its content', () => {
    expect(new TextDecoder().decode(tok.tokenBytes(151644))).toBe('<|im_start|>');
    expect(new TextDecoder().decode(tok.tokenBytes(151668))).toBe('</think>');
  });

  it('tokenBytes of the pieces of a split character concatenate to its UTF-8', () => {
    for (const s of ['🫠', '𠀀', '龘', ' 𝒜', '👨\u200d👩\u200d👧']) {
      const ids = tok.encode(s);
      expect(hex(concat(ids.map((id) => tok.tokenBytes(id)))), s).toBe(hex(utf8(s)));
    }
    expect(tok.encode('🫠').length).toBeGreaterThan(1); // the case above really splits the character
  });

  it('tokenBytes(id) throws for an id outside the tokenizer (the padding ids of the logits width)', () => {
    expect(() => tok.tokenBytes(151935)).toThrow(/151935 is not in the student's vocabulary/);
  });

  it('displayText(id) of a padding id (lm_head rows beyond the tokenizer) names the id instead of throwing', () => {
    expect(tok.displayText(151930)).toBe('⟨id 151930: no token⟩');
    expect(tok.displayText(151935)).toBe('⟨id 151935: no token⟩');
  });

  it('tokenBytes(id) returns the same bytes on every call (cached)', () => {
    expect(tok.tokenBytes(279)).toBe(tok.tokenBytes(279));
  });

  it('displayText(id) shows whole characters as text and partial ones as \\xNN', () => {
    expect(tok.displayText(144349)).toBe('👍');
    expect(tok.displayText(151645)).toBe('<|im_end|>');
    expect(tok.encode('🫠').map((id) => tok.displayText(id))).toEqual(['\\xf0\\x9f', '\\xab', '\\xa0']);
  });
});

describe('createStudentTokenizer (SentencePiece vocabulary)', () => {
  const sp = createStudentTokenizer({ tokenizerJson: sentencePieceJson, tokenizerConfig: { chat_template: '{{ messages[0].content }}</s>' } });

  it('tokenBytes reads ▁ as a space and <0xNN> byte-fallback tokens as raw bytes', () => {
    const ids = sp.encode(sp.render([{ role: 'user', content: 'hi é\n' }]));
    expect(ids).toEqual([7, 3, 1, 2, 0, 8]);
    expect(ids.map((id) => hex(sp.tokenBytes(id)))).toEqual([hex(utf8(' hi')), '20', 'c3', 'a9', '0a', hex(utf8('</s>'))]);
  });

  it('displayText shows a lone byte-fallback piece as \\xNN', () => {
    expect(sp.displayText(1)).toBe('\\xc3');
    expect(sp.displayText(7)).toBe(' hi');
  });
});

// On the small vocabulary: building the Qwen tokenizer takes over a second each time.
describe('createStudentTokenizer: where the chat template comes from', () => {
  const base: TokenizerFiles = { tokenizerJson: sentencePieceJson, tokenizerConfig: { eos_token: '</s>', chat_template: 'CONFIG' } };
  const template = (t: unknown) => ({ ...base.tokenizerConfig, chat_template: t });

  it('chat_template.jinja, when given, wins over tokenizer_config.json', () => {
    expect(createStudentTokenizer(base).render([])).toBe('CONFIG');
    const t = createStudentTokenizer({ ...base, chatTemplate: '{% for m in messages %}[{{ m.content }}]{% endfor %}' });
    expect(t.render([{ role: 'user', content: 'a' }])).toBe('[a]');
  });

  it('a named template list uses its "default" entry', () => {
    const t = createStudentTokenizer({
      ...base,
      tokenizerConfig: template([
        { name: 'tool_use', template: 'TOOLS' },
        { name: 'default', template: 'DEFAULT' },
      ]),
    });
    expect(t.render([])).toBe('DEFAULT');
  });

  it('no chat template at all is an error that names both places to look', () => {
    expect(() => createStudentTokenizer({ ...base, tokenizerConfig: template(undefined) })).toThrow(/chat_template\.jinja/);
    expect(() => createStudentTokenizer({ ...base, tokenizerConfig: template([{ name: 'tool_use', template: 'x' }]) })).toThrow(
      /no chat template/,
    );
  });

  it('special tokens from the config (string or {content}) are template variables', () => {
    const t = createStudentTokenizer({
      ...base,
      tokenizerConfig: { ...template('{{ bos_token }}|{{ eos_token }}|{{ pad_token }}'), bos_token: { content: '<s>' }, pad_token: '' },
    });
    expect(t.render([])).toBe('<s>|</s>|');
  });

  it('the template is rendered with Python strip semantics', () => {
    const t = createStudentTokenizer({ ...base, chatTemplate: "{{ messages[0].content.rstrip('\\n') }}|" });
    expect(t.render([{ role: 'user', content: 'x \n' }])).toBe('x |');
  });
});
