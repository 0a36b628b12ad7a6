import { describe, expect, it } from 'vitest';
import { normalizeRecord } from './normalizeRecord';

const messages = [
  { role: 'user', content: 'q' },
  { role: 'assistant', content: 'a' },
];

describe('normalizeRecord: scalar fields', () => {
  it('normalizeRecord keeps the other top-level strings, numbers and booleans as fields, in record order', () => {
    const t = normalizeRecord({ id: 'p1', source: 'aime24', teacher: 'x', correct: true, difficulty: 3, messages, tags: ['a'], meta: { k: 1 }, none: null }, 1, 'f');
    expect(t.fields).toEqual({ source: 'aime24', correct: true, difficulty: 3 });
    expect(Object.keys(t.fields!)).toEqual(['source', 'correct', 'difficulty']);
  });
  it('normalizeRecord leaves identity and conversation keys out of the fields, and fields out when none remain', () => {
    expect(normalizeRecord({ id: 'p1', teacher: 't', messages }, 1, 'f').fields).toBeUndefined();
    expect(normalizeRecord({ _id: 'p1', prompt: 'q', response: 'a', input: '', system: 's', level: 'hard' }, 1, 'f').fields).toEqual({ level: 'hard' });
  });
  it('normalizeRecord drops non-finite numbers from the fields', () => {
    expect(normalizeRecord({ id: 'p1', messages, score: Number.NaN }, 1, 'f').fields).toBeUndefined();
  });
  it('normalizeRecord through a field map leaves the mapped fields out of the fields (they are the trajectory under other names)', () => {
    const record = { uid: 'u7', model: 'm', question: 'q', teacher_output: 'a long answer', difficulty: 4 };
    const t = normalizeRecord(record, 1, 'f', { prompt: 'question', response: 'teacher_output', id: 'uid', teacher: 'model' });
    expect([t.id, t.teacher, t.messages.map((m) => m.content)]).toEqual(['u7', 'm', ['q', 'a long answer']]);
    expect(t.fields).toEqual({ difficulty: 4 });
  });
});
