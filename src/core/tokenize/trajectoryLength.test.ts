import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Message } from '../types';
import { resolveMarkers } from './responseMarkers';
import { createStudentTokenizer } from './studentTokenizer';
import { tokenizeContext, tokenizeTrajectory } from './tokenizeTrajectory';
import { trajectoryLength } from './trajectoryLength';

const readJson = (file: string) => JSON.parse(readFileSync(new URL(`../../../public/models/rsr-tiny-qwen3/${file}`, import.meta.url), 'utf8'));
const tok = createStudentTokenizer({ tokenizerJson: readJson('tokenizer.json'), tokenizerConfig: readJson('tokenizer_config.json') });
const ctx = tokenizeContext(tok, resolveMarkers('qwen', tok));
const records = readFileSync(new URL('../../../fixtures/parity/trajectories.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { id: string; messages: Message[] });

describe('trajectoryLength', () => {
  it('trajectoryLength(ctx, messages) counts what tokenizeTrajectory tokenizes: every token, and the response tokens', () => {
    expect(records.length).toBeGreaterThan(20);
    for (const r of records) {
      const t = tokenizeTrajectory(ctx, r.messages);
      expect(trajectoryLength(ctx, r.messages), r.id).toEqual({ tokens: t.inputIds.length, response: t.respPositions.length });
    }
  });

  it('trajectoryLength ignores max tokens: it is the length before any cut', () => {
    const r = records[0];
    const cut = tokenizeTrajectory(ctx, r.messages, 10);
    expect(trajectoryLength(ctx, r.messages).tokens).toBe(cut.fullLength);
  });

  it('trajectoryLength leaves context-only assistant turns (function calls) out of the response count', () => {
    const messages: Message[] = [
      { role: 'user', content: 'Add 2 and 3.' },
      { role: 'assistant', content: 'call add(2, 3)', isContext: true },
      { role: 'user', content: 'add returned 5' },
      { role: 'assistant', content: 'The sum is 5.' },
    ];
    const t = tokenizeTrajectory(ctx, messages);
    expect(trajectoryLength(ctx, messages).response).toBe(t.respPositions.length);
    const allScored = messages.map(({ isContext: _context, ...m }) => m);
    expect(trajectoryLength(ctx, messages).response).toBeLessThan(trajectoryLength(ctx, allScored).response);
  });
});
