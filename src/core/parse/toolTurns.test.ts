import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MARKER_PRESETS } from '../tokenize/responseMarkers';
import { createStudentTokenizer } from '../tokenize/studentTokenizer';
import { tokenizeContext, tokenizeTrajectory } from '../tokenize/tokenizeTrajectory';
import { parseText } from './parseInput';

const readJson = (file: string) => JSON.parse(readFileSync(new URL(`../../../public/models/rsr-tiny-qwen3/${file}`, import.meta.url), 'utf8'));
const tok = createStudentTokenizer({ tokenizerJson: readJson('tokenizer.json'), tokenizerConfig: readJson('tokenizer_config.json') });
const ctx = tokenizeContext(tok, MARKER_PRESETS.qwen);

/** The text of the scored tokens, one string per contiguous span. */
function scoredSpans(messages: Parameters<typeof tokenizeTrajectory>[1]): string[] {
  const t = tokenizeTrajectory(ctx, messages);
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

describe('tool and function turns under the student’s template (Qwen3)', () => {
  it('a ShareGPT observation is context; the teacher’s function_call and answer are the scored response', () => {
    const record = {
      conversations: [
        { from: 'human', value: 'Weather in Paris?' },
        { from: 'function_call', value: '{"name": "weather", "arguments": {"city": "Paris"}}' },
        { from: 'observation', value: '{"temp": 21}' },
        { from: 'gpt', value: 'It is 21 °C.' },
      ],
    };
    const [trajectory] = parseText(JSON.stringify(record), 't.jsonl').trajectories;
    const rendered = tok.render(trajectory.messages);
    expect(rendered).toContain('<|im_start|>user\n<tool_response>\n{"temp": 21}\n</tool_response><|im_end|>');
    expect(scoredSpans(trajectory.messages)).toEqual([
      '<tool_call>\n{"name": "weather", "arguments": {"city": "Paris"}}\n</tool_call>',
      '<think>\n\n</think>\n\nIt is 21 °C.',
    ]);
  });
});
