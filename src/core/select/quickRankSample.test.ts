import { describe, expect, it } from 'vitest';
import { quickRankSample } from './quickRankSample';

const items = [
  ...Array.from({ length: 10 }, (_, i) => ({ t: 'b', i })),
  ...Array.from({ length: 4 }, (_, i) => ({ t: 'a', i })),
];
const teacher = (x: { t: string }) => x.t;

describe('quickRankSample', () => {
  it('quickRankSample interleaves the teachers in name order, one of each in turn, until a teacher runs out', () => {
    const s = quickRankSample(items, teacher, 6, 1);
    expect(s.map((x) => x.t).join('')).toBe('ababababbb');
  });
  it('quickRankSample takes at most perTeacher of each, without repeats', () => {
    const s = quickRankSample(items, teacher, 3, 1);
    expect(s.filter((x) => x.t === 'b')).toHaveLength(3);
    expect(new Set(s).size).toBe(s.length);
  });
  it('quickRankSample is the same for the same seed, another for another seed, and does not reorder its input', () => {
    const before = items.map((x) => x.i);
    expect(quickRankSample(items, teacher, 5, 7)).toEqual(quickRankSample(items, teacher, 5, 7));
    expect(quickRankSample(items, teacher, 5, 7)).not.toEqual(quickRankSample(items, teacher, 5, 8));
    expect(items.map((x) => x.i)).toEqual(before);
  });
});
