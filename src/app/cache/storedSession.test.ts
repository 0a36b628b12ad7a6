import { describe, expect, it } from 'vitest';
import type { InputError, Trajectory } from '../../core/types';
import { PART_CHARS, PART_RECORDS, partsOf } from './storedSession';

const trajectory = (i: number, chars = 10): Trajectory => ({
  id: `t${i}`,
  teacher: 'a',
  messages: [{ role: 'assistant', content: 'x'.repeat(chars) }],
  source: { file: 'f.jsonl', line: i + 1, raw: '' },
});

describe('partsOf', () => {
  it('partsOf(trajectories) cuts at PART_RECORDS records, keeps order and pairs each record with its hash', () => {
    const list = Array.from({ length: PART_RECORDS * 2 + 5 }, (_, i) => trajectory(i));
    const parts = [...partsOf(list, (t) => `h-${t.id}`, [])];
    expect(parts.map((p) => p.trajectories.length)).toEqual([PART_RECORDS, PART_RECORDS, 5]);
    expect(parts.flatMap((p) => p.trajectories)).toEqual(list);
    expect(parts.flatMap((p) => p.hashes)).toEqual(list.map((t) => `h-${t.id}`));
  });

  it('partsOf cuts at PART_CHARS characters, and a record longer than that is a part of its own', () => {
    const big = PART_CHARS / 2 + 1;
    const parts = [...partsOf([trajectory(0, big), trajectory(1, big), trajectory(2, PART_CHARS * 3), trajectory(3)], (t) => t.id, [])];
    expect(parts.map((p) => p.trajectories.map((t) => t.id))).toEqual([['t0'], ['t1'], ['t2'], ['t3']]);
  });

  it('partsOf puts the errors first, in parts of PART_RECORDS, and yields nothing for an empty file', () => {
    const errors: InputError[] = Array.from({ length: PART_RECORDS + 1 }, (_, i) => ({ file: 'f.jsonl', line: i + 1, reason: 'bad' }));
    const parts = [...partsOf([trajectory(0)], (t) => t.id, errors)];
    expect(parts.map((p) => [p.errors.length, p.trajectories.length])).toEqual([[PART_RECORDS, 0], [1, 0], [0, 1]]);
    expect([...partsOf([], (t) => t.id, [])]).toEqual([]);
  });
});
