import { describe, expect, it } from 'vitest';
import { teacherColors } from './teacherColors';

describe('teacherColors', () => {
  it('teacherColors gives each teacher the same colour whatever the order it was seen in', () => {
    const a = teacherColors(['terse', 'noise', 'student', 'noise']);
    const b = teacherColors(['student', 'terse', 'noise']);
    expect([...a]).toEqual([...b]);
    expect(new Set(a.values()).size).toBe(3);
  });
});
