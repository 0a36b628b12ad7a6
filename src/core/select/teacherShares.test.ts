import { describe, expect, it } from 'vitest';
import { teacherShares } from './teacherShares';

const rows = (...teachers: string[]) => teachers.map((teacher) => ({ teacher }));

describe('teacherShares', () => {
  it('teacherShares(selection) counts each teacher and its share, largest first', () => {
    expect(teacherShares(rows('b', 'a', 'b', 'c', 'b', 'a'))).toEqual([
      { teacher: 'b', count: 3, share: 0.5 },
      { teacher: 'a', count: 2, share: 2 / 6 },
      { teacher: 'c', count: 1, share: 1 / 6 },
    ]);
  });

  it('teacherShares(selection) orders equal counts by teacher name', () => {
    expect(teacherShares(rows('z', 'm', 'a')).map((s) => s.teacher)).toEqual(['a', 'm', 'z']);
  });

  it('teacherShares(selection, teachers) lists absent teachers with count 0', () => {
    expect(teacherShares(rows('a', 'a'), ['c', 'a', 'b'])).toEqual([
      { teacher: 'a', count: 2, share: 1 },
      { teacher: 'b', count: 0, share: 0 },
      { teacher: 'c', count: 0, share: 0 },
    ]);
  });

  it('teacherShares([], teachers) gives every teacher count 0 and share 0, not NaN', () => {
    expect(teacherShares([], ['a'])).toEqual([{ teacher: 'a', count: 0, share: 0 }]);
    expect(teacherShares([])).toEqual([]);
  });
});
