import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MARKER_PRESETS } from '../tokenize/responseMarkers';
import { createStudentTokenizer } from '../tokenize/studentTokenizer';
import { tokenizeContext, tokenizeTrajectory } from '../tokenize/tokenizeTrajectory';
import { contentHash } from './contentHash';
import { parseText } from './parseInput';

const readJson = (file: string) => JSON.parse(readFileSync(new URL(`../../../public/models/rsr-tiny-qwen3/${file}`, import.meta.url), 'utf8'));
const files = { tokenizerJson: readJson('tokenizer.json'), tokenizerConfig: readJson('tokenizer_config.json') };
const tok = createStudentTokenizer(files);
const ctx = tokenizeContext(tok, MARKER_PRESETS.qwen);

/** The text of the scored tokens, one string per contiguous span. */
function scoredSpans(messages: Parameters<typeof tokenizeTrajectory>[1], context = ctx): string[] {
  const t = tokenizeTrajectory(context, messages);
  const spans: string[] = [];
  let previous = -2;
  for (const p of t.respPositions) {
    const piece = t.text.slice(t.offsets[p], t.offsets[p + 1]);
    if (p === previous + 1) spans[spans.length - 1] += piece;
    else spans.push(piece);
    previous = p;
  }
  return spans;
}

const messagesOf = (record: object) => {
  const { trajectories, errors } = parseText(JSON.stringify(record), 't.jsonl');
  expect(errors).toEqual([]);
  return trajectories[0].messages;
};

const shareGpt = {
  conversations: [
    { from: 'human', value: 'Weather in Paris?' },
    { from: 'function_call', value: '{"name": "weather", "arguments": {"city": "Paris"}}' },
    { from: 'observation', value: '{"temp": 21}' },
    { from: 'gpt', value: 'It is 21 °C.' },
  ],
};
const call = { type: 'function', function: { name: 'weather', arguments: { city: 'Paris' } } };

describe('tool and function turns under the student’s template (Qwen3)', () => {
  it('a ShareGPT function_call and its observation are rendered as context; only the answer is scored', () => {
    const messages = messagesOf(shareGpt);
    const rendered = tok.render(messages);
    expect(rendered).toContain('<|im_start|>assistant\n<tool_call>\n{"name": "weather", "arguments": {"city": "Paris"}}\n</tool_call><|im_end|>');
    expect(rendered).toContain('<|im_start|>user\n<tool_response>\n{"temp": 21}\n</tool_response><|im_end|>');
    expect(scoredSpans(messages)).toEqual(['<think>\n\n</think>\n\nIt is 21 °C.']);
  });

  it('an OpenAI assistant message with only tool_calls is the teacher’s turn and scored, as the reference scores its messages', () => {
    const messages = messagesOf({
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', content: '{"temp": 21}' },
        { role: 'assistant', content: 'It is 21 °C.' },
      ],
    });
    expect(scoredSpans(messages)).toEqual([
      '<tool_call>\n{"name": "weather", "arguments": {"city": "Paris"}}\n</tool_call>',
      '<think>\n\n</think>\n\nIt is 21 °C.',
    ]);
  });

  it('an OpenAI assistant message with text and tool_calls: its text is response, and the call the template renders in the same span is scored with it', () => {
    const messages = messagesOf({
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: 'Let me check.', tool_calls: [call] },
        { role: 'tool', content: '{"temp": 21}' },
        { role: 'assistant', content: 'It is 21 °C.' },
      ],
    });
    expect(scoredSpans(messages)).toEqual([
      'Let me check.\n<tool_call>\n{"name": "weather", "arguments": {"city": "Paris"}}\n</tool_call>',
      '<think>\n\n</think>\n\nIt is 21 °C.',
    ]);
  });

  it('the same call as a ShareGPT function_call and as an OpenAI message hash apart: they are scored differently', async () => {
    const openAi = messagesOf({ messages: [{ role: 'user', content: 'Weather in Paris?' }, { role: 'assistant', content: '', tool_calls: [call] }, { role: 'tool', content: '{"temp": 21}' }, { role: 'assistant', content: 'It is 21 °C.' }] });
    const fromShareGpt = messagesOf(shareGpt);
    expect(tok.render(openAi)).toBe(tok.render(fromShareGpt));
    expect(await contentHash(openAi)).not.toBe(await contentHash(fromShareGpt));
  });

  it('a conversation whose only assistant turns are function_call turns has nothing to score and is reported', () => {
    const { errors } = parseText(JSON.stringify({ conversations: shareGpt.conversations.slice(0, 3) }), 't.jsonl');
    expect(errors.map((e) => e.reason)).toEqual(['no assistant turn besides function_call turns (context, not scored)']);
  });

  it('a template that does not render one span per assistant turn cannot place a function_call: an error, never a scored call', () => {
    // Renders assistant turns without content not at all: one span for two assistant turns.
    const template = "{% for m in messages %}{% if m.role != 'assistant' or m.content %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endif %}{% endfor %}";
    const other = tokenizeContext(createStudentTokenizer({ ...files, chatTemplate: template }), MARKER_PRESETS.qwen);
    expect(() => tokenizeTrajectory(other, messagesOf(shareGpt))).toThrow(
      "the student's chat template renders 1 assistant spans for 2 assistant turns, so the function_call turns (context, not scored) cannot be told apart from the answers",
    );
  });
});
