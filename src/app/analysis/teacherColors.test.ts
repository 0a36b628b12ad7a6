import { describe, expect, it } from 'vitest';
import { teacherColors } from './teacherColors';

describe('teacherColors', () => {
  it('teacherColors gives each teacher the same colour whatever the order it was seen in', () => {
    const a = teacherColors(['terse', 'noise', 'student', 'noise']);
    const b = teacherColors(['student', 'terse', 'noise']);
    expect([...a]).toEqual([...b]);
    expect(new Set(a.values()).size).toBe(3);
  });
  it('teacherColors keeps the colours already given when a teacher that sorts first is added', () => {
    const before = teacherColors(['terse', 'student']);
    const after = teacherColors(['terse', 'student', 'a-new-teacher'], before);
    expect(after.get('terse')).toBe(before.get('terse'));
    expect(after.get('student')).toBe(before.get('student'));
    expect(new Set(after.values()).size).toBe(3);
    expect([...after.keys()]).toEqual(['a-new-teacher', 'student', 'terse']);
  });
});
