import { describe, expect, it } from 'vitest';
import type { Trajectory } from '../../core/types';
import { appended } from '../store/appendedList';
import { teacherCounts } from './teacherCounts';

const of = (...teachers: string[]) => teachers.map((teacher, i) => ({ teacher, id: `p${i}` }) as Trajectory);

describe('teacherCounts', () => {
  it('counts the trajectories of each teacher, in order of first appearance, as the list grows', () => {
    const a = appended([], of('b', 'a', 'b'));
    expect([...teacherCounts(a)]).toEqual([
      ['b', 2],
      ['a', 1],
    ]);
    const b = appended(a, of('c', 'a'));
    expect([...teacherCounts(b)]).toEqual([
      ['b', 2],
      ['a', 2],
      ['c', 1],
    ]);
    expect(teacherCounts(b)).toBe(teacherCounts(b));
  });

  it('counts a list made another way from its first item', () => {
    const a = appended([], of('a'));
    teacherCounts(appended(a, of('a')));
    expect([...teacherCounts(of('z'))]).toEqual([['z', 1]]);
  });
});
