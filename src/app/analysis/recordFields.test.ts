import { describe, expect, it } from 'vitest';
import { fieldNames, fieldValues, isInSlice, MAX_SLICE_VALUES, messagesContain } from './recordFields';

const rec = (fields?: Record<string, string | number | boolean>) => ({ fields });

describe('recordFields', () => {
  it('fieldNames lists the fields in order of first appearance', () => {
    expect(fieldNames([rec({ source: 'a' }), rec(), rec({ correct: true, source: 'b' })])).toEqual(['source', 'correct']);
  });
  it('fieldValues counts each value, most common first, and gives up on id-like fields', () => {
    expect(fieldValues([rec({ correct: true }), rec({ correct: false }), rec({ correct: true }), rec()], 'correct')).toEqual([
      { value: 'true', count: 2 },
      { value: 'false', count: 1 },
    ]);
    expect(fieldValues(Array.from({ length: MAX_SLICE_VALUES + 1 }, (_, i) => rec({ n: i })), 'n')).toBeNull();
  });
  it('isInSlice compares the value as text; no slice keeps everything', () => {
    expect(isInSlice({ level: 3 }, { field: 'level', value: '3' })).toBe(true);
    expect(isInSlice({ level: 2 }, { field: 'level', value: '3' })).toBe(false);
    expect(isInSlice(undefined, null)).toBe(true);
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
