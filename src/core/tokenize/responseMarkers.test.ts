import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Message } from '../types';
import { compileChatTemplate } from './chatTemplate';
import { MARKER_PRESETS, deriveMarkers, resolveMarkers } from './responseMarkers';
import { type StudentTokenizer, createStudentTokenizer } from './studentTokenizer';

const readJson = (file: string) => JSON.parse(readFileSync(new URL(`../../../public/models/rsr-tiny-qwen3/${file}`, import.meta.url), 'utf8'));
const qwen = createStudentTokenizer({ tokenizerJson: readJson('tokenizer.json'), tokenizerConfig: readJson('tokenizer_config.json') });

/**
 * A stand-in tokenizer for a template alone: `<|…|>` special tokens are one id each, every other
 * character is its own id. Enough for deriveMarkers, which needs only render, encode and tokenBytes.
 */
function fakeTokenizer(template: string, variables: Record<string, unknown> = {}): StudentTokenizer {
  const compiled = compileChatTemplate(template);
  const vocab: string[] = [];
  const idOf = (piece: string) => {
    const i = vocab.indexOf(piece);
    return i >= 0 ? i : vocab.push(piece) - 1;
  };
  return {
    render: (messages: readonly Message[], addGenerationPrompt = false) =>
      compiled.render({ messages, add_generation_prompt: addGenerationPrompt, ...variables }),
    encode: (text) => (text.match(/<\|[a-z_]+\|>|[^]/gu) ?? []).map(idOf),
    tokenBytes: (id) => new TextEncoder().encode(vocab[id]),
    displayText: (id) => vocab[id],
  };
}

// The Llama 3 Instruct template, as published in its tokenizer_config.json.
const LLAMA3 =
  "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + " +
  "'<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}" +
  "{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}";

describe('deriveMarkers', () => {
  it('deriveMarkers(bundled Qwen3 tokenizer) equals MARKER_PRESETS.qwen', () => {
    expect(deriveMarkers(qwen)).toEqual(MARKER_PRESETS.qwen);
  });

  it('deriveMarkers(Llama 3 template) equals MARKER_PRESETS.llama3', () => {
    expect(deriveMarkers(fakeTokenizer(LLAMA3, { bos_token: '<|begin_of_text|>' }))).toEqual(MARKER_PRESETS.llama3);
  });

  it('deriveMarkers takes only the first token after the answer as the end marker', () => {
    // Gemma-style: "<end_of_turn>\n" follows the answer; the end marker is the special token alone.
    const gemma =
      "{% for m in messages %}<|start_of_turn|>{{ m.role }}\n{{ m.content }}<|end_of_turn|>\n{% endfor %}{% if add_generation_prompt %}<|start_of_turn|>model\n{% endif %}";
    expect(deriveMarkers(fakeTokenizer(gemma))).toEqual({ header: '<|start_of_turn|>model\n', end: '<|end_of_turn|>' });
  });

  it('deriveMarkers throws when the template ignores add_generation_prompt', () => {
    expect(() => deriveMarkers(fakeTokenizer('{% for m in messages %}{{ m.content }}|{% endfor %}'))).toThrow(/add_generation_prompt/);
  });

  it('deriveMarkers throws when the template writes nothing after an answer', () => {
    const t = fakeTokenizer('{% for m in messages %}<|{{ m.role }}|>{{ m.content }}{% endfor %}{% if add_generation_prompt %}<|assistant|>{% endif %}');
    expect(() => deriveMarkers(t)).toThrow(/writes nothing after an answer/);
  });

  it('deriveMarkers throws when the rendered conversation does not contain the answer', () => {
    const t = fakeTokenizer(
      '{% for m in messages %}{% if m.role == "user" %}{{ m.content }}{% endif %}<|end|>{% endfor %}{% if add_generation_prompt %}<|assistant|>{% endif %}',
    );
    expect(() => deriveMarkers(t)).toThrow(/probe answer is not in the rendered template/);
  });
});

describe('resolveMarkers', () => {
  it("resolveMarkers('qwen' | 'llama3') returns the preset, whatever the tokenizer", () => {
    const other = fakeTokenizer('x');
    expect(resolveMarkers('qwen', other)).toBe(MARKER_PRESETS.qwen);
    expect(resolveMarkers('llama3', other)).toBe(MARKER_PRESETS.llama3);
  });

  it("resolveMarkers('auto') derives the markers from the tokenizer's template", () => {
    expect(resolveMarkers('auto', qwen)).toEqual(MARKER_PRESETS.qwen);
    expect(resolveMarkers('auto', fakeTokenizer(LLAMA3, { bos_token: '' }))).toEqual(MARKER_PRESETS.llama3);
  });

  it('MARKER_PRESETS are the reference markers (rsr_cal.py)', () => {
    expect(MARKER_PRESETS).toEqual({
      qwen: { header: '<|im_start|>assistant\n', end: '<|im_end|>' },
      llama3: { header: '<|start_header_id|>assistant<|end_header_id|>\n\n', end: '<|eot_id|>' },
    });
  });
});
