import { describe, expect, it } from 'vitest';
import type { Trajectory } from '../../core/types';
import { findLoaded, loadedIndex } from './findLoaded';

const traj = (file: string, line: number, id: string, teacher: string): Trajectory => ({ id, teacher, messages: [], source: { file, line, raw: '' } });
const index = loadedIndex([traj('a.jsonl', 1, 'p1', 'a'), traj('b.jsonl', 1, 'p1', 'b'), traj('b.jsonl', 2, 'p2', 'b')]);

describe('findLoaded', () => {
  it('findLoaded(index, id, teacher) matches id and teacher', () => {
    expect(findLoaded(index, 'p1', 'b', true).key).toBe('b.jsonl:1');
  });
  it('findLoaded takes the only trajectory with the id when the line names no teacher', () => {
    expect(findLoaded(index, 'p2', 'inferred_data', false).key).toBe('b.jsonl:2');
  });
  it('findLoaded reports, never guesses, an ambiguous or missing match', () => {
    expect(findLoaded(index, 'p1', 'inferred_data', false)).toEqual({ reason: 'id "p1" is loaded for several teachers (a, b) and the line names none' });
    expect(findLoaded(index, 'p2', 'c', true)).toEqual({ reason: 'id "p2" is loaded for teacher b, not "c"' });
    expect(findLoaded(index, 'p9', 'a', true)).toEqual({ reason: 'no loaded trajectory has id "p9"' });
  });
});
