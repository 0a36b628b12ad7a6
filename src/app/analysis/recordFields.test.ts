import { describe, expect, it } from 'vitest';
import { fieldNames, messagesContain } from './recordFields';

const rec = (fields?: Record<string, string | number | boolean>) => ({ fields });

describe('recordFields', () => {
  it('fieldNames lists the fields in order of first appearance', () => {
    expect(fieldNames([rec({ source: 'a' }), rec(), rec({ correct: true, source: 'b' })])).toEqual(['source', 'correct']);
  });
  it('messagesContain finds text in any message, ignoring case', () => {
    const messages = [
      { role: 'user', content: 'Find the Area.' },
      { role: 'assistant', content: 'Wait, let me RECHECK.' },
    ];
    expect(messagesContain(messages, 'recheck')).toBe(true);
    expect(messagesContain(messages, 'area.')).toBe(true);
    expect(messagesContain(messages, 'volume')).toBe(false);
  });
});
